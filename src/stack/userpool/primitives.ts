/**
 * The synchronous crypto the user pool needs (SRP, secret hashes, random
 * values). The protocol code depends on this interface only, so it can run on
 * Node's fast native primitives now and on a browser implementation later.
 */
export interface CryptoPrimitives {
  sha256(data: Uint8Array): Uint8Array;
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** `base ** exponent mod N` for the group's N. */
  modPowN(base: bigint, exponent: bigint): bigint;
  randomBytes(length: number): Uint8Array;
}
