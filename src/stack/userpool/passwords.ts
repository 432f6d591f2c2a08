import { constantTimeEqual } from './constant-time.ts';
import { incorrectCredentials, notAuthorized } from './errors.ts';
import { afterFailure, afterSuccess, isLockedOut } from './lockout.ts';
import type { Needs } from './services.ts';
import type { UserRecord } from './store.ts';

/**
 * Passwords as the pool keeps them (only SRP salts and verifiers, never the
 * password), how a password is checked, and the lockout around every check,
 * for names with an account and without one alike.
 */
export class Passwords {
  readonly #needs: Needs<'store' | 'clock' | 'srp' | 'decoys'>;

  constructor(needs: Needs<'store' | 'clock' | 'srp' | 'decoys'>) {
    this.#needs = needs;
  }

  /** The user with a new SRP salt and verifier for `password`, not yet stored; the password itself is forgotten here. */
  withPassword(user: UserRecord, password: string): UserRecord {
    const { clock, srp } = this.#needs;
    const salt = srp.newSalt();
    const verifier = srp.verifier(poolNameOf(user.poolId), user.username, password, salt).toString(16);
    return { ...user, salt, verifier, lastModifiedAt: clock.now() };
  }

  /** Whether `password` is the user's: recompute the verifier from it and compare in constant time. */
  matches(user: UserRecord, password: string): boolean {
    if (!user.verifier) return false;
    const candidate = this.#needs.srp.verifier(poolNameOf(user.poolId), user.username, password, user.salt).toString(16);
    return constantTimeEqual(candidate, user.verifier);
  }

  /**
   * Applies the lockout rules around a password check: refused outright
   * while locked out, counted when wrong, forgiven when right. Returns the
   * user as stored afterwards.
   */
  check(user: UserRecord, passwordIsRight: boolean): UserRecord {
    const { store, clock } = this.#needs;
    const now = clock.now();
    if (isLockedOut(user, now)) throw notAuthorized('Password attempts exceeded');
    if (!passwordIsRight) {
      store.putUser(afterFailure(user, now));
      throw incorrectCredentials();
    }
    const forgiven = afterSuccess(user);
    if (forgiven !== user) store.putUser(forgiven);
    return forgiven;
  }

  /** A wrong password for a name without an account: counted and locked out exactly as for one with an account. */
  failWithoutAccount(poolId: string, name: string): never {
    const { clock, decoys } = this.#needs;
    const now = clock.now();
    const state = decoys.lockout(poolId, name);
    if (isLockedOut(state, now)) throw notAuthorized('Password attempts exceeded');
    decoys.setLockout(poolId, name, afterFailure(state, now));
    throw incorrectCredentials();
  }
}

/** SRP's "pool name" is the part of the pool id after the region: `us-east-1_AbC` → `AbC`. */
export function poolNameOf(poolId: string): string {
  return poolId.split('_')[1] ?? poolId;
}
