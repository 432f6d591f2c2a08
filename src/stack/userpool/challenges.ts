import { base64ToBytes, bytesToBase64, bytesToHex, concatBytes, fromUtf8, hexToBytes, utf8 } from '../../lib/bytes.ts';
import type { CryptoPrimitives } from './primitives.ts';
import { hexToBigInt } from './srp/group.ts';

/** State between InitiateAuth and RespondToAuthChallenge; the client never resends SRP_A. */
export type PendingChallenge =
  | {
      name: 'PASSWORD_VERIFIER';
      poolId: string;
      clientId: string;
      /** The account's username, or for a name without an account the name as typed: the challenge cannot tell which. */
      username: string;
      A: bigint;
      B: bigint;
      /** The server's secret ephemeral: the only part of a challenge that is encrypted. */
      b: bigint;
      expiresAt: number;
    }
  | { name: 'NEW_PASSWORD_REQUIRED'; poolId: string; clientId: string; username: string; expiresAt: number };

export interface OpenedChallenge<C extends PendingChallenge = PendingChallenge> {
  challenge: C;
  /** Unique to this challenge: what a spent answer is remembered by. */
  id: string;
  /** Whether the challenge was made for this verifier: a password changed since, or an account made since for a name that had none, voids it. */
  madeFor(verifier: string): boolean;
}

const VERSION = 1;
const KIND = { PASSWORD_VERIFIER: 1, NEW_PASSWORD_REQUIRED: 2 } as const;
const NONCE_BYTES = 16;
const TAG_BYTES = 32;
const VERIFIER_TAG_BYTES = 16;
/** b, then A and B, each a number at its full width, so that a sealed length tells nothing about them. */
const B_SECRET_BYTES = 32;
const SRP_NUMBER_BYTES = 384;
const SRP_PART_BYTES = B_SECRET_BYTES + 2 * SRP_NUMBER_BYTES;
const HEAD_BYTES = 2 + NONCE_BYTES + VERIFIER_TAG_BYTES;
/** Far beyond any challenge this pool makes; anything longer is not one of ours. */
const MAX_SEALED_BYTES = 4096;

/**
 * Challenges travel with the client instead of waiting on the server, as
 * Cognito's opaque SECRET_BLOCK and Session do: sealed so that only this pool
 * can make one or trust what it says. Nothing is stored per challenge, so a
 * flood of InitiateAuth calls holds no memory and can push nobody's challenge
 * out.
 *
 * A sealed challenge is
 * `version ‖ kind ‖ nonce ‖ verifier tag ‖ [b encrypted ‖ A ‖ B] ‖ JSON ‖ MAC`:
 * the verifier tag binds it to the password it was made for (an HMAC of the
 * nonce and the verifier, so that it tells nothing, not even whether the name
 * has an account); b is encrypted with an HMAC-SHA256 keystream keyed by the
 * nonce; the JSON holds what the client knows anyway (pool, client, username,
 * expiry); the MAC, an HMAC-SHA256 over all of it, makes every part
 * tamper-proof. The keys derive from the pool's own secret.
 */
export class ChallengeSealer {
  readonly #crypto: CryptoPrimitives;
  readonly #encryptionKey: Uint8Array;
  readonly #macKey: Uint8Array;

  constructor(crypto: CryptoPrimitives, secret: Uint8Array) {
    this.#crypto = crypto;
    this.#encryptionKey = crypto.hmacSha256(secret, utf8('challenge encryption'));
    this.#macKey = crypto.hmacSha256(secret, utf8('challenge authentication'));
  }

  /** Standard base64, as Cognito's SECRET_BLOCK must be (clients HMAC its decoded bytes). */
  seal(challenge: PendingChallenge, verifier: string): string {
    const nonce = this.#crypto.randomBytes(NONCE_BYTES);
    const srp =
      challenge.name === 'PASSWORD_VERIFIER'
        ? concatBytes(
            this.#keystreamXor(nonce, fixedBytes(challenge.b, B_SECRET_BYTES)),
            fixedBytes(challenge.A, SRP_NUMBER_BYTES),
            fixedBytes(challenge.B, SRP_NUMBER_BYTES),
          )
        : new Uint8Array();
    const known = utf8(JSON.stringify([challenge.poolId, challenge.clientId, challenge.username, challenge.expiresAt]));
    const body = concatBytes(Uint8Array.of(VERSION, KIND[challenge.name]), nonce, this.#verifierTag(nonce, verifier), srp, known);
    return bytesToBase64(concatBytes(body, this.#crypto.hmacSha256(this.#macKey, body)));
  }

  /** The challenge a sealed string stands for; `expired` when genuine but past its time; undefined for anything this pool did not seal, or that was changed. */
  open(sealed: string, now: number): OpenedChallenge | 'expired' | undefined {
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(sealed);
    } catch {
      return undefined;
    }
    if (bytes.length > MAX_SEALED_BYTES || bytes.length < HEAD_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
    const body = bytes.subarray(0, bytes.length - TAG_BYTES);
    if (!equalBytes(this.#crypto.hmacSha256(this.#macKey, body), bytes.subarray(bytes.length - TAG_BYTES))) return undefined;

    // The MAC is ours, so the layout is too.
    const kind = body[1];
    const nonce = body.subarray(2, 2 + NONCE_BYTES);
    const tag = body.subarray(2 + NONCE_BYTES, HEAD_BYTES);
    const srpBytes = kind === KIND.PASSWORD_VERIFIER ? SRP_PART_BYTES : 0;
    const [poolId, clientId, username, expiresAt] = JSON.parse(fromUtf8(body.subarray(HEAD_BYTES + srpBytes))) as [string, string, string, number];
    let challenge: PendingChallenge;
    if (kind === KIND.PASSWORD_VERIFIER) {
      const srp = body.subarray(HEAD_BYTES, HEAD_BYTES + SRP_PART_BYTES);
      const b = toBigInt(this.#keystreamXor(nonce, srp.subarray(0, B_SECRET_BYTES)));
      const A = toBigInt(srp.subarray(B_SECRET_BYTES, B_SECRET_BYTES + SRP_NUMBER_BYTES));
      const B = toBigInt(srp.subarray(B_SECRET_BYTES + SRP_NUMBER_BYTES));
      challenge = { name: 'PASSWORD_VERIFIER', poolId, clientId, username, A, B, b, expiresAt };
    } else if (kind === KIND.NEW_PASSWORD_REQUIRED) {
      challenge = { name: 'NEW_PASSWORD_REQUIRED', poolId, clientId, username, expiresAt };
    } else {
      return undefined;
    }
    if (challenge.expiresAt <= now) return 'expired';
    return { challenge, id: bytesToHex(nonce), madeFor: (verifier) => equalBytes(this.#verifierTag(nonce, verifier), tag) };
  }

  #verifierTag(nonce: Uint8Array, verifier: string): Uint8Array {
    return this.#crypto.hmacSha256(this.#macKey, concatBytes(utf8('verifier'), nonce, utf8(verifier))).subarray(0, VERIFIER_TAG_BYTES);
  }

  /** XOR with HMAC-SHA256(key, nonce ‖ counter) blocks: a stream cipher from a PRF, one nonce per seal. */
  #keystreamXor(nonce: Uint8Array, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(data.length);
    for (let block = 0; block * 32 < data.length; block++) {
      const stream = this.#crypto.hmacSha256(
        this.#encryptionKey,
        concatBytes(nonce, Uint8Array.of(block >>> 24, (block >>> 16) & 0xff, (block >>> 8) & 0xff, block & 0xff)),
      );
      for (let i = 0; i < 32 && block * 32 + i < data.length; i++) out[block * 32 + i] = data[block * 32 + i]! ^ stream[i]!;
    }
    return out;
  }
}

/**
 * Challenges already answered correctly, until they expire, so that a
 * captured answer cannot be replayed for a second set of tokens. Only
 * successes are kept: a wrong answer replayed is one more wrong password,
 * which the lockout counts. Bounded: past `capacity` entries the oldest go,
 * and those are the closest to expiring anyway.
 */
export class SpentChallenges {
  readonly #spent = new Map<string, number>();
  readonly #capacity: number;

  constructor(capacity = 100_000) {
    this.#capacity = capacity;
  }

  /** Records the id; false when it was already spent. */
  spend(id: string, expiresAt: number, now: number): boolean {
    this.#sweep(now);
    if (this.#spent.has(id)) return false;
    if (this.#spent.size >= this.#capacity) this.#spent.delete(this.#spent.keys().next().value!);
    this.#spent.set(id, expiresAt);
    return true;
  }

  has(id: string): boolean {
    return this.#spent.has(id);
  }

  get size(): number {
    return this.#spent.size;
  }

  /** Entries go in expiry order (one lifetime per pool client, mostly), so the oldest are checked first. */
  #sweep(now: number): void {
    for (const [id, expiresAt] of this.#spent) {
      if (expiresAt > now) break;
      this.#spent.delete(id);
    }
  }
}

function fixedBytes(n: bigint, width: number): Uint8Array {
  return hexToBytes(n.toString(16).padStart(2 * width, '0'));
}

function toBigInt(bytes: Uint8Array): bigint {
  return hexToBigInt(bytesToHex(bytes));
}

/** Compares two MACs in time that depends on their length only. */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
