/** State kept between InitiateAuth and RespondToAuthChallenge; the client never resends SRP_A. */
export type PendingChallenge =
  | {
      name: 'PASSWORD_VERIFIER';
      poolId: string;
      clientId: string;
      /** null for an unknown user: the challenge is a decoy that can only fail. */
      username: string | null;
      verifier: string;
      A: bigint;
      B: bigint;
      b: bigint;
    }
  | { name: 'NEW_PASSWORD_REQUIRED'; poolId: string; clientId: string; username: string };

/**
 * Sign-in state between two calls: an SRP exchange in flight, or a
 * NEW_PASSWORD_REQUIRED session. Each entry can be taken once and expires;
 * the map is bounded so that a flood of InitiateAuth calls cannot grow it
 * without limit (the oldest entries go first).
 */
export class ChallengeStore<T> {
  readonly #entries = new Map<string, { value: T; expiresAt: number }>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  put(id: string, value: T, expiresAt: number): void {
    if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(id, { value, expiresAt });
  }

  /** Removes and returns the entry; `expired` when it existed but is past its time. */
  take(id: string, now: number): { value: T } | 'expired' | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    return entry.expiresAt > now ? { value: entry.value } : 'expired';
  }

  get size(): number {
    return this.#entries.size;
  }
}
