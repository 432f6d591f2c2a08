import { userNotFound } from './errors.ts';
import type { Needs } from './services.ts';
import type { UserRecord, UserStatus } from './store.ts';

/** Finding a user by the name a client typed, and making a new user's record. */
export class Users {
  readonly #needs: Needs<'store' | 'clock'>;

  constructor(needs: Needs<'store' | 'clock'>) {
    this.#needs = needs;
  }

  /**
   * The user a typed name stands for: the username itself, or an alias
   * (email, phone number) when the pool signs in with one. The `sub` works
   * too, as in Cognito.
   */
  find(poolId: string, typed: string): UserRecord | undefined {
    const { store } = this.#needs;
    const direct = store.getUser(poolId, typed);
    if (direct) return direct;
    const pool = store.getPool(poolId);
    for (const attribute of ['sub', ...(pool?.usernameAttributes ?? [])]) {
      const verifiedOnly = attribute !== 'sub';
      const match = store
        .findUsersByAttribute(poolId, attribute, typed)
        .find((user) => !verifiedOnly || user.attributes[`${attribute}_verified`] === 'true' || user.status === 'UNCONFIRMED');
      if (match) return match;
    }
    return undefined;
  }

  /** As `find`, for the admin operations: Cognito's UserNotFoundException when there is no such user. */
  require(poolId: string, username: string): UserRecord {
    const user = this.find(poolId, username);
    if (!user) throw userNotFound();
    return user;
  }

  /** A user record with no password yet, not stored; `Passwords.withPassword` gives it one. */
  newUser(poolId: string, username: string, sub: string, attributes: Record<string, string>, status: UserStatus): UserRecord {
    const now = this.#needs.clock.now();
    return {
      poolId,
      username,
      status,
      enabled: true,
      attributes: { ...attributes, sub },
      salt: '',
      verifier: '',
      createdAt: now,
      lastModifiedAt: now,
      failedAttempts: 0,
      lastFailedAt: 0,
      lockedUntil: 0,
      tokensValidAfter: 0,
    };
  }
}
