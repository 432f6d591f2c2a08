import type { KeyObject } from 'node:crypto';
import { asciiBytes, decodeBase64url } from './bytes.ts';
import type { DecodedToken } from './token.ts';

type NodeCrypto = typeof import('node:crypto');

// In Node, the synchronous crypto.verify costs the RSA operation and little
// else. WebCrypto's verify hands every signature to the thread pool, and on a
// small machine that hand-off costs the gateway more time on its main thread
// than the verification itself (measured in bench/gateway.ts). Browsers, which
// have no node:crypto, use WebCrypto.
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

const RS256 = { name: 'RSASSA-PKCS1-v1_5' } as const;

/** Verifies an RS256 signature with a key jose imported. Never throws. */
export async function verifyRs256(token: DecodedToken, key: CryptoKey): Promise<boolean> {
  const { header, payload, signature } = token.segments;
  if (signature === '') return false;
  const signed = asciiBytes(`${header}.${payload}`);
  const signatureBytes = decodeBase64url(signature);
  try {
    if (nodeCrypto) return nodeCrypto.verify('sha256', signed, keyObject(nodeCrypto, key), signatureBytes);
    return await crypto.subtle.verify(RS256, key, signatureBytes, signed);
  } catch {
    return false;
  }
}
