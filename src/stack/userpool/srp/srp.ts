import { base64ToBytes, bytesToBase64, bytesToHex, concatBytes, hexToBytes } from '../../../lib/bytes.ts';
import { N, g, hexToBigInt, padHex } from './group.ts';
import type { CryptoPrimitives } from '../primitives.ts';

const encoder = new TextEncoder();
/** HKDF "info" for Cognito's session key: the text plus the counter byte 0x01. */
const KEY_INFO = concatBytes(encoder.encode('Caldera Derived Key'), Uint8Array.of(1));

/** How many server ephemerals are kept computed ahead of need. */
const SPARE_EPHEMERALS = 4;

export class SrpError extends Error {
  override name = 'SrpError';
}

/**
 * Cognito's SRP-6a, both roles. Values are BigInts; hashes run over the padded
 * big-endian bytes of each value, exactly as Amplify and amazon-cognito-identity-js
 * compute them (RFC 5054 §2.6; Amplify's
 * https://github.com/aws-amplify/amplify-js/tree/main/packages/auth/src/providers/cognito/utils/srp), so a wrong password yields a wrong signature and
 * nothing else.
 */
export class CognitoSrp {
  readonly k: bigint;
  readonly #crypto: CryptoPrimitives;
  readonly #spare: { b: bigint; gb: bigint }[] = [];
  #refilling = false;

  constructor(crypto: CryptoPrimitives) {
    this.#crypto = crypto;
    this.k = hexToBigInt(this.#hashHex(padHex(N) + padHex(g)));
  }

  /** A fresh salt in the canonical padded form that every known client hashes identically. */
  newSalt(): string {
    return padHex(hexToBigInt(bytesToHex(this.#crypto.randomBytes(16))));
  }

  /** x = H(PAD(salt) ‖ H(poolName ‖ userId ‖ ":" ‖ password)). `poolName` is the pool id after its `_`. */
  privateKey(poolName: string, userId: string, password: string, saltHex: string): bigint {
    const inner = bytesToHex(this.#crypto.sha256(encoder.encode(`${poolName}${userId}:${password}`)));
    return hexToBigInt(this.#hashHex(padHex(hexToBigInt(saltHex)) + inner));
  }

  /** v = g^x: what the pool stores instead of the password. */
  verifier(poolName: string, userId: string, password: string, saltHex: string): bigint {
    return this.#crypto.modPowN(g, this.privateKey(poolName, userId, password, saltHex));
  }

  /**
   * Server ephemeral: B = k·v + g^b. A 256-bit b gives the group's full
   * 128-bit security. g^b does not depend on the user, so a few are computed
   * ahead, between requests, and each is used once.
   */
  serverEphemeral(verifier: bigint, b?: bigint): { b: bigint; B: bigint } {
    const ephemeral = b === undefined ? this.#takeSpare() : { b, gb: this.#crypto.modPowN(g, b) };
    const B = (this.k * verifier + ephemeral.gb) % N;
    if (B === 0n) return this.serverEphemeral(verifier);
    return { b: ephemeral.b, B };
  }

  #takeSpare(): { b: bigint; gb: bigint } {
    const spare = this.#spare.pop() ?? this.#newEphemeral();
    this.#refill();
    return spare;
  }

  #newEphemeral(): { b: bigint; gb: bigint } {
    const b = this.#randomExponent(32);
    return { b, gb: this.#crypto.modPowN(g, b) };
  }

  /** One exponentiation per turn of the event loop, so that requests never wait behind the refill. */
  #refill(): void {
    if (this.#refilling || this.#spare.length >= SPARE_EPHEMERALS) return;
    this.#refilling = true;
    setTimeout(() => {
      this.#spare.push(this.#newEphemeral());
      this.#refilling = false;
      this.#refill();
    }, 0);
  }

  /** Client ephemeral: A = g^a. */
  clientEphemeral(a: bigint = this.#randomExponent(32)): { a: bigint; A: bigint } {
    return { a, A: this.#crypto.modPowN(g, a) };
  }

  /** u = H(PAD(A) ‖ PAD(B)). Both sides refuse u = 0, which would make the proof independent of the password. */
  scrambler(A: bigint, B: bigint): bigint {
    const u = hexToBigInt(this.#hashHex(padHex(A) + padHex(B)));
    if (u === 0n) throw new SrpError('The SRP scrambler u is zero.');
    return u;
  }

  /** The server's premaster secret S = (A·v^u)^b. */
  serverSecret(input: { A: bigint; u: bigint; b: bigint; verifier: bigint }): bigint {
    if (input.A % N === 0n) throw new SrpError('SRP_A is zero modulo N.');
    return this.#crypto.modPowN((input.A * this.#crypto.modPowN(input.verifier, input.u)) % N, input.b);
  }

  /** The client's premaster secret S = (B − k·g^x)^(a + u·x). */
  clientSecret(input: { a: bigint; u: bigint; B: bigint; x: bigint }): bigint {
    if (input.B % N === 0n) throw new SrpError('SRP_B is zero modulo N.');
    const base = (((input.B - this.k * this.#crypto.modPowN(g, input.x)) % N) + N) % N;
    return this.#crypto.modPowN(base, input.a + input.u * input.x);
  }

  /** Cognito's HKDF-SHA256 of S with salt PAD(u): the 16-byte key both sides sign with. */
  sessionKey(u: bigint, S: bigint): Uint8Array {
    const prk = this.#crypto.hmacSha256(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
    return this.#crypto.hmacSha256(prk, KEY_INFO).slice(0, 16);
  }

  /**
   * PASSWORD_CLAIM_SIGNATURE = base64(HMAC(K, poolName ‖ userId ‖ SECRET_BLOCK bytes ‖ TIMESTAMP)).
   * Throws SrpError when the secret block is not base64.
   */
  passwordClaimSignature(key: Uint8Array, poolName: string, userId: string, secretBlock: string, timestamp: string): string {
    const message = concatBytes(encoder.encode(poolName), encoder.encode(userId), secretBlockBytes(secretBlock), encoder.encode(timestamp));
    return bytesToBase64(this.#crypto.hmacSha256(key, message));
  }

  #hashHex(hex: string): string {
    return bytesToHex(this.#crypto.sha256(hexToBytes(hex)));
  }

  #randomExponent(bytes: number): bigint {
    const n = hexToBigInt(bytesToHex(this.#crypto.randomBytes(bytes)));
    return n === 0n ? 1n : n;
  }
}

/** Cognito's TIMESTAMP: `Tue Nov 3 04:05:06 UTC 2026` — the day is not zero-padded. */
export function srpTimestamp(date: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/** Cognito's SECRET_BLOCK is always standard base64, never base64url. */
function secretBlockBytes(secretBlock: string): Uint8Array {
  try {
    return base64ToBytes(secretBlock);
  } catch {
    throw new SrpError('The secret block is not base64.');
  }
}
