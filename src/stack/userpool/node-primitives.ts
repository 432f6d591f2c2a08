import { createDiffieHellman, hash, randomBytes, type DiffieHellman } from 'node:crypto';
import type { CryptoPrimitives } from './primitives.ts';
import { N, N_HEX, modPowBigInt } from './srp/group.ts';

let diffieHellman: DiffieHellman | undefined;

/**
 * OpenSSL's Diffie-Hellman computes `base ** privateKey mod N` about seven
 * times faster than BigInt. Creating the object checks the prime once (about
 * two seconds), so it is made lazily and reused; calls are synchronous, so
 * sharing one object is safe.
 */
function modPowN(base: bigint, exponent: bigint): bigint {
  const reduced = base % N;
  // OpenSSL refuses "public keys" outside [2, N-2] and a zero exponent.
  if (reduced < 2n || reduced > N - 2n || exponent < 1n) return modPowBigInt(reduced, exponent, N);
  diffieHellman ??= createDiffieHellman(Buffer.from(N_HEX, 'hex'), Buffer.from([2]));
  diffieHellman.setPrivateKey(toBuffer(exponent));
  return BigInt(`0x${diffieHellman.computeSecret(toBuffer(reduced)).toString('hex')}`);
}

function toBuffer(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

const BLOCK = 64;
const IPAD = 0x36;
const OPAD = 0x5c;

function sha256(data: Uint8Array): Uint8Array {
  return hash('sha256', data, 'buffer');
}

/**
 * HMAC-SHA256 exactly as RFC 2104 §2 defines it, over node:crypto's one-shot
 * hash. `createHmac` spends about 20 µs preparing a raw key on every call,
 * five times the hashing itself, and a sign-in makes a dozen HMACs with
 * changing keys.
 */
function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
  const k = key.length > BLOCK ? sha256(key) : key;
  const inner = new Uint8Array(BLOCK + data.length);
  const outer = new Uint8Array(BLOCK + 32);
  inner.fill(IPAD, 0, BLOCK);
  outer.fill(OPAD, 0, BLOCK);
  for (let i = 0; i < k.length; i++) {
    inner[i] = k[i]! ^ IPAD;
    outer[i] = k[i]! ^ OPAD;
  }
  inner.set(data, BLOCK);
  outer.set(sha256(inner), BLOCK);
  return sha256(outer);
}

export const nodeCryptoPrimitives: CryptoPrimitives = {
  sha256,
  hmacSha256,
  modPowN,
  randomBytes: (length) => randomBytes(length),
};
