import { base64urlToBytes, bytesToBase64url, concatBytes, utf8 } from '../../lib/bytes.ts';
import type { GeneratedKeyPair, PoolKeyCrypto } from '../userpool/key-crypto.ts';
import type { PrivateKeyVault } from './persistence.ts';

/** The protected header of every refresh token, as Cognito's: the same bytes NodePoolKeyCrypto writes. */
const JWE_HEADER = bytesToBase64url(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' }));
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const RS256: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
/** JWE's `RSA-OAEP` is OAEP with SHA-1 (RFC 7518 §4.3). */
const RSA_OAEP: RsaHashedImportParams = { name: 'RSA-OAEP', hash: 'SHA-1' };
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CONTENT_KEY_BYTES = 32;
/** The RSA members of a JWK: WebCrypto refuses a key whose `alg`, `use` or `key_ops` disagree with the import, so only these are passed. */
const RSA_MEMBERS = ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
/** RSA's usual public exponent, 65537, as WebCrypto takes it (big-endian bytes). */
const PUBLIC_EXPONENT = new Uint8Array([1, 0, 1]);

type Kind = 'sign' | 'verify' | 'encrypt' | 'decrypt';

/**
 * The pool's key operations on WebCrypto, for the stack in a Service Worker:
 * RS256 signatures, and refresh tokens as compact JWEs with RSA-OAEP and
 * A256GCM, byte for byte the format NodePoolKeyCrypto seals and opens, so
 * that either opens what the other sealed. Keys are kept by `kid` and use (a
 * kid names one key pair, which never changes).
 *
 * The private keys it makes are non-extractable CryptoKeys
 * (https://w3c.github.io/webcrypto/#dfn-CryptoKey-extractable): neither the
 * site's pages nor the worker itself can read their bits out, only use them.
 * They are kept in the `vault` (IndexedDB, which stores a CryptoKey as the
 * opaque object it is), and the pool's key record holds only the public
 * members. A record whose `privateJwk` has the private members (`d`…), as
 * the Node pool's have, is imported as before.
 */
export class WebCryptoPoolKeyCrypto implements PoolKeyCrypto {
  readonly #keys = new Map<string, Promise<CryptoKey>>();
  readonly #subtle: SubtleCrypto;
  readonly #vault: PrivateKeyVault | undefined;

  /** Without a vault, the private keys it makes live as long as this object. */
  constructor(vault?: PrivateKeyVault, subtle: SubtleCrypto = crypto.subtle) {
    this.#vault = vault;
    this.#subtle = subtle;
  }

  async generateKeyPair(algorithm: 'RS256' | 'RSA-OAEP', name: (publicJwk: JsonWebKey) => Promise<string>): Promise<GeneratedKeyPair> {
    const signs = algorithm === 'RS256';
    const pair = (await this.#subtle.generateKey(
      { ...(signs ? RS256 : RSA_OAEP), modulusLength: 2048, publicExponent: PUBLIC_EXPONENT },
      // Applies to the private key; a public key is always extractable.
      false,
      signs ? ['sign', 'verify'] : ['encrypt', 'decrypt'],
    )) as CryptoKeyPair;
    const exported = await this.#subtle.exportKey('jwk', pair.publicKey);
    const publicJwk: JsonWebKey = { kty: 'RSA', n: exported.n, e: exported.e };
    const kid = await name(publicJwk);
    await this.#vault?.putPrivateKey(kid, pair.privateKey);
    this.#keys.set(`${signs ? 'sign' : 'decrypt'}:${kid}`, Promise.resolve(pair.privateKey));
    this.#keys.set(`${signs ? 'verify' : 'encrypt'}:${kid}`, Promise.resolve(pair.publicKey));
    return { kid, publicJwk, privateJwk: publicJwk };
  }

  #key(kid: string, jwk: JsonWebKey, kind: Kind): Promise<CryptoKey> {
    const cacheKey = `${kind}:${kid}`;
    let key = this.#keys.get(cacheKey);
    if (!key) {
      const algorithm = kind === 'sign' || kind === 'verify' ? RS256 : RSA_OAEP;
      const isPrivate = kind === 'sign' || kind === 'decrypt';
      key = isPrivate && jwk.d === undefined ? this.#stored(kid) : this.#subtle.importKey('jwk', rsaMembers(jwk), algorithm, false, [kind]);
      // A key that failed to import is not kept: the next call tries again and fails the same way.
      key.catch(() => this.#keys.delete(cacheKey));
      this.#keys.set(cacheKey, key);
    }
    return key;
  }

  async #stored(kid: string): Promise<CryptoKey> {
    const key = await this.#vault?.getPrivateKey(kid);
    if (!key) throw new Error(`The private key ${kid} is not in this browser's key store.`);
    return key;
  }

  async signRs256(kid: string, privateJwk: JsonWebKey, signingInput: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(await this.#subtle.sign(RS256, await this.#key(kid, privateJwk, 'sign'), bufferOf(signingInput)));
  }

  async verifyRs256(kid: string, publicJwk: JsonWebKey, signingInput: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.#subtle.verify(RS256, await this.#key(kid, publicJwk, 'verify'), bufferOf(signature), bufferOf(signingInput));
  }

  async sealJwe(kid: string, publicJwk: JsonWebKey, plaintext: Uint8Array): Promise<string> {
    const contentKey = crypto.getRandomValues(new Uint8Array(CONTENT_KEY_BYTES));
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const encryptedKey = new Uint8Array(await this.#subtle.encrypt(RSA_OAEP, await this.#key(kid, publicJwk, 'encrypt'), contentKey));
    const aes = await this.#subtle.importKey('raw', contentKey, 'AES-GCM', false, ['encrypt']);
    // WebCrypto appends the 16-byte tag to the ciphertext; the JWE carries them apart.
    const sealed = new Uint8Array(
      await this.#subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: utf8(JWE_HEADER) as Uint8Array<ArrayBuffer>, tagLength: TAG_BYTES * 8 },
        aes,
        bufferOf(plaintext),
      ),
    );
    const ciphertext = sealed.subarray(0, sealed.length - TAG_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    return [JWE_HEADER, ...[encryptedKey, iv, ciphertext, tag].map(bytesToBase64url)].join('.');
  }

  async openJwe(kid: string, privateJwk: JsonWebKey, token: string): Promise<Uint8Array | undefined> {
    const parts = token.split('.');
    if (parts.length !== 5 || parts[0] !== JWE_HEADER || !parts.every((part) => BASE64URL.test(part))) return undefined;
    try {
      const [encryptedKey, iv, ciphertext, tag] = parts.slice(1).map(base64urlToBytes) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
      const contentKey = new Uint8Array(await this.#subtle.decrypt(RSA_OAEP, await this.#key(kid, privateJwk, 'decrypt'), bufferOf(encryptedKey)));
      if (contentKey.length !== CONTENT_KEY_BYTES) return undefined;
      const aes = await this.#subtle.importKey('raw', contentKey, 'AES-GCM', false, ['decrypt']);
      const plaintext = await this.#subtle.decrypt(
        { name: 'AES-GCM', iv: bufferOf(iv), additionalData: utf8(JWE_HEADER) as Uint8Array<ArrayBuffer>, tagLength: TAG_BYTES * 8 },
        aes,
        bufferOf(concatBytes(ciphertext, tag)),
      );
      return new Uint8Array(plaintext);
    } catch {
      return undefined;
    }
  }
}

function rsaMembers(jwk: JsonWebKey): JsonWebKey {
  const members: Record<string, unknown> = {};
  for (const name of RSA_MEMBERS) if (jwk[name] !== undefined) members[name] = jwk[name];
  return members as JsonWebKey;
}

/** The bytes as WebCrypto's types want them: a view over an ArrayBuffer (not a SharedArrayBuffer). */
function bufferOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
