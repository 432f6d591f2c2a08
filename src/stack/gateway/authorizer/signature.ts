import type { KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from '../../api.ts';
import { asciiBytes, decodeBase64url } from './bytes.ts';
import type { DecodedToken } from './token.ts';

type NodeCrypto = typeof import('node:crypto');

// In Node, the synchronous crypto.verify costs the signature operation and
// little else. WebCrypto's verify hands every signature to the thread pool,
// and on a small machine that hand-off costs the gateway more time on its
// main thread than the verification itself (measured in bench/gateway.ts).
// Browsers, which have no node:crypto, use WebCrypto.
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule?.('node:crypto') as
  | NodeCrypto
  | undefined;

const keyObjects = new WeakMap<CryptoKey, KeyObject>();

function keyObject(crypto: NodeCrypto, key: CryptoKey): KeyObject {
  let object = keyObjects.get(key);
  if (!object) {
    object = crypto.KeyObject.from(key);
    keyObjects.set(key, object);
  }
  return object;
}

/**
 * How each JWS algorithm verifies (RFC 7518, section 3.1): RSASSA-PKCS1-v1_5
 * or ECDSA over SHA-2. An ECDSA signature is the two integers side by side
 * (RFC 7518, section 3.4), which node:crypto calls `ieee-p1363`.
 */
const ALGORITHMS: Record<JwtAlgorithm, { hash: 'sha256' | 'sha384' | 'sha512'; ecdsa: boolean }> = {
  RS256: { hash: 'sha256', ecdsa: false },
  RS384: { hash: 'sha384', ecdsa: false },
  RS512: { hash: 'sha512', ecdsa: false },
  ES256: { hash: 'sha256', ecdsa: true },
  ES384: { hash: 'sha384', ecdsa: true },
  ES512: { hash: 'sha512', ecdsa: true },
};
const WEB_HASH = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;

/**
 * Verifies a token's signature with a key jose imported for `alg`. Never
 * throws. In Node the answer is synchronous; the promise is WebCrypto's.
 */
export function verifySignature(token: DecodedToken, key: CryptoKey, alg: JwtAlgorithm): boolean | Promise<boolean> {
  const { header, payload, signature } = token.segments;
  if (signature === '') return false;
  const { hash, ecdsa } = ALGORITHMS[alg];
  const signed = asciiBytes(`${header}.${payload}`);
  const signatureBytes = decodeBase64url(signature);
  try {
    if (nodeCrypto)
      return nodeCrypto.verify(
        hash,
        signed,
        ecdsa ? { key: keyObject(nodeCrypto, key), dsaEncoding: 'ieee-p1363' } : keyObject(nodeCrypto, key),
        signatureBytes,
      );
  } catch {
    return false;
  }
  const params = ecdsa ? { name: 'ECDSA', hash: WEB_HASH[hash] } : { name: 'RSASSA-PKCS1-v1_5' };
  return crypto.subtle.verify(params, key, signatureBytes, signed).catch(() => false);
}

/** Verifies an RS256 signature with a key jose imported. Never throws. */
export async function verifyRs256(token: DecodedToken, key: CryptoKey): Promise<boolean> {
  return verifySignature(token, key, 'RS256');
}
