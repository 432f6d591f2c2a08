import { bytesToHex, utf8 } from '../../lib/bytes.ts';
import { NO_CODE_ATTEMPTS, type CodeAttempts } from './code-limits.ts';
import { NO_FAILURES, type LockoutState } from './lockout.ts';
import type { CryptoPrimitives } from './primitives.ts';
import { hexToBigInt, padHex } from './srp/group.ts';

/**
 * With `PreventUserExistenceErrors: ENABLED`, a name without an account must
 * be answered as a name with one: the same SRP challenge shape, the same
 * lockout, the same throttling of code requests, a plausible masked address.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
 *
 * Derived values (salt, verifier, address) come from an HMAC of the name
 * under a secret of this stack: stable per name, unpredictable to anyone
 * else. The state of such names (failures, code requests) is kept in memory
 * only, bounded: past `capacity` names the least recently used goes.
 */
export class Decoys {
  readonly #crypto: CryptoPrimitives;
  readonly #key: Uint8Array;
  readonly #capacity: number;
  readonly #lockouts = new Map<string, LockoutState>();
  readonly #codeAttempts = new Map<string, CodeAttempts>();

  constructor(crypto: CryptoPrimitives, secret: Uint8Array, capacity = 10_000) {
    this.#crypto = crypto;
    this.#key = crypto.hmacSha256(secret, utf8('decoys'));
    this.#capacity = capacity;
  }

  /** A salt of the shape a real one has (16 random bytes, padded as clients hash it). */
  salt(poolId: string, name: string): string {
    return padHex(hexToBigInt(bytesToHex(this.#mac(`salt\0${poolId}\0${name}`).subarray(0, 16))));
  }

  /** A verifier nobody knows the password of: the challenge can only fail. */
  verifier(poolId: string, name: string): bigint {
    return hexToBigInt(bytesToHex(this.#mac(`verifier\0${poolId}\0${name}`)));
  }

  /** Where a code "went": `x***@y***`, as Cognito masks a real address, with letters chosen per name. */
  maskedEmail(poolId: string, name: string): string {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const [local = 0, domain = 0] = this.#mac(`email\0${poolId}\0${name}`);
    return `${letters[local % 26]}***@${letters[domain % 26]}***`;
  }

  lockout(poolId: string, name: string): LockoutState {
    return this.#lockouts.get(key(poolId, name)) ?? NO_FAILURES;
  }

  setLockout(poolId: string, name: string, state: LockoutState): void {
    remember(this.#lockouts, key(poolId, name), state, this.#capacity);
  }

  codeAttempts(poolId: string, name: string, purpose: string): CodeAttempts {
    return this.#codeAttempts.get(key(poolId, name, purpose)) ?? NO_CODE_ATTEMPTS;
  }

  setCodeAttempts(poolId: string, name: string, purpose: string, attempts: CodeAttempts): void {
    remember(this.#codeAttempts, key(poolId, name, purpose), attempts, this.#capacity);
  }

  /** How many names are remembered, for the tests of the bound. */
  get size(): number {
    return this.#lockouts.size + this.#codeAttempts.size;
  }

  #mac(label: string): Uint8Array {
    return this.#crypto.hmacSha256(this.#key, utf8(label));
  }
}

function key(...parts: string[]): string {
  return parts.join('\0');
}

/** Sets a value as the most recently used, dropping the least recently used past the capacity. */
function remember<V>(map: Map<string, V>, name: string, value: V, capacity: number): void {
  map.delete(name);
  if (map.size >= capacity) map.delete(map.keys().next().value!);
  map.set(name, value);
}
