import { createDiffieHellman, createHash, createHmac, randomBytes, type DiffieHellman } from 'node:crypto';
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

export const nodeCryptoPrimitives: CryptoPrimitives = {
  sha256: (data) => createHash('sha256').update(data).digest(),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest(),
  modPowN,
  randomBytes: (length) => randomBytes(length),
};
