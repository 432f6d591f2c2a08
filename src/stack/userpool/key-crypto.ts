/**
 * What the pool does with its own key pairs: RS256 signatures for ID and
 * access tokens, and RSA-OAEP/A256GCM JWE for refresh tokens. These run on
 * every sign-in, so an implementation may cache native key objects by `kid`;
 * the interface keeps the protocol code free of any one runtime. Every method
 * returns a promise, because a browser's WebCrypto only has asynchronous ones.
 *
 * A key record's `privateJwk` is what the implementation that made the key
 * needs to use its private half: the whole private JWK for node:crypto, kept
 * in SQLite as before; in a browser only the public members, the private key
 * itself being a non-extractable CryptoKey kept in IndexedDB by `kid`
 * (src/stack/browser/key-crypto.ts), which no script can read out.
 */
export interface GeneratedKeyPair {
  kid: string;
  /** `kty`, `n` and `e`. */
  publicJwk: JsonWebKey;
  /** What the pool's key record keeps of the private key (see above). */
  privateJwk: JsonWebKey;
}

export interface PoolKeyCrypto {
  /**
   * A new RSA-2048 key pair for RS256 signatures or RSA-OAEP encryption,
   * named by `name` from its public key (the pool decides what a kid is).
   */
  generateKeyPair(algorithm: 'RS256' | 'RSA-OAEP', name: (publicJwk: JsonWebKey) => Promise<string>): Promise<GeneratedKeyPair>;
  signRs256(kid: string, privateJwk: JsonWebKey, signingInput: Uint8Array): Promise<Uint8Array>;
  verifyRs256(kid: string, publicJwk: JsonWebKey, signingInput: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** A compact JWE with header `{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}`, as Cognito's refresh tokens have. */
  sealJwe(kid: string, publicJwk: JsonWebKey, plaintext: Uint8Array): Promise<string>;
  /** The plaintext, or undefined when the token is not a JWE this key sealed. */
  openJwe(kid: string, privateJwk: JsonWebKey, token: string): Promise<Uint8Array | undefined>;
}
