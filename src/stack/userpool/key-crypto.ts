/**
 * What the pool does with its own key pairs: RS256 signatures for ID and
 * access tokens, and RSA-OAEP/A256GCM JWE for refresh tokens. These run on
 * every sign-in, so an implementation may cache native key objects by `kid`;
 * the interface keeps the protocol code free of any one runtime. Every method
 * returns a promise, because a browser's WebCrypto only has asynchronous ones.
 */
export interface PoolKeyCrypto {
  signRs256(kid: string, privateJwk: JsonWebKey, signingInput: Uint8Array): Promise<Uint8Array>;
  verifyRs256(kid: string, publicJwk: JsonWebKey, signingInput: Uint8Array, signature: Uint8Array): Promise<boolean>;
  /** A compact JWE with header `{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}`, as Cognito's refresh tokens have. */
  sealJwe(kid: string, publicJwk: JsonWebKey, plaintext: Uint8Array): Promise<string>;
  /** The plaintext, or undefined when the token is not a JWE this key sealed. */
  openJwe(kid: string, privateJwk: JsonWebKey, token: string): Promise<Uint8Array | undefined>;
}
