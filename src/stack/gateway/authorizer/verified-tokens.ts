import type { DecodedToken } from './token.ts';

/**
 * Tokens whose signature verified, by the exact string received, so that a
 * client sending the same token again (as every client does until its token
 * expires) is spared the decoding and the RSA operation. This is not API
 * Gateway's authorizer result cache (`resultTtlSeconds`, off here as in the
 * definition), which reuses a decision; it keeps only what cannot change for
 * a given string, and nothing a client can observe depends on it:
 *
 * - it holds the string's decoding, and that its signature verified with one
 *   key. Every other check (the header's algorithm and kid, the issuer, the
 *   key lookup, every claim with the clock of this request) runs again on
 *   every request, exactly as for a token seen for the first time, and the
 *   trace records the same hops with the same details;
 * - a result counts only with the very key object it was verified with: when
 *   the issuer's keys are fetched again (rotation, maximum age, an unknown
 *   kid), the keys are imported anew, and the token is verified again with
 *   the new key, or refused if its kid has left the JWKS;
 * - an entry lives no longer than the token's `exp`, and a token without a
 *   numeric `exp` is never kept (every authorizer here refuses it anyway);
 * - a changed character is another string: a tampered token never matches;
 * - the number of entries is bounded, the least recently used going first.
 */
export interface VerifiedToken {
  token: DecodedToken;
  /** The key the signature verified with. */
  key: CryptoKey;
}

interface Entry extends VerifiedToken {
  /** The token's `exp`, seconds since the epoch. */
  exp: number;
}

export class VerifiedTokens {
  readonly #maxEntries: number;
  // A Map iterates in insertion order: re-inserting on each use keeps the least recently used first.
  readonly #entries = new Map<string, Entry>();

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The token as decoded and verified before, unless its `exp` has passed. */
  get(raw: string, nowSeconds: number): VerifiedToken | undefined {
    const entry = this.#entries.get(raw);
    if (entry === undefined) return undefined;
    this.#entries.delete(raw);
    if (entry.exp <= nowSeconds) return undefined;
    this.#entries.set(raw, entry);
    return entry;
  }

  /** Forgets a token: its key is no longer the issuer's current key for its kid. */
  delete(raw: string): void {
    this.#entries.delete(raw);
  }

  /** Keeps a token whose signature `key` has just verified, until its `exp`. */
  remember(raw: string, token: DecodedToken, key: CryptoKey, nowSeconds: number): void {
    const { exp } = token.payload;
    if (this.#maxEntries <= 0 || typeof exp !== 'number' || !(exp > nowSeconds)) return;
    // Every request that sends this token shares these objects: none may change them.
    deepFreeze(token);
    this.#entries.delete(raw);
    this.#entries.set(raw, { token, key, exp });
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

/** How many tokens an authorizer keeps unless the settings say: a few kilobytes each. */
export const DEFAULT_VERIFIED_TOKENS = 1000;

/** An authorizer's cache of `maxEntries` tokens, or none for 0. */
export function verifiedTokens(maxEntries = DEFAULT_VERIFIED_TOKENS): VerifiedTokens | undefined {
  return maxEntries > 0 ? new VerifiedTokens(maxEntries) : undefined;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
}
