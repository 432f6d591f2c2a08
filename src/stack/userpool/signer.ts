/**
 * RS256 signing and verification with JWKs the pool owns. Signing is on every
 * sign-in's critical path, so the implementation may cache native key objects
 * by `kid`; the interface keeps the protocol code free of any one runtime.
 */
export interface Rs256Signer {
  sign(kid: string, privateJwk: JsonWebKey, signingInput: Uint8Array): Uint8Array;
  verify(kid: string, publicJwk: JsonWebKey, signingInput: Uint8Array, signature: Uint8Array): boolean;
}
