import type { UserRecord } from './store.ts';

/** Failures allowed before the first lockout. */
const FREE_FAILURES = 5;
const MAX_LOCKOUT_MS = 15 * 60_000;
/** Fifteen quiet minutes forgive every earlier failure. */
const RESET_AFTER_MS = 15 * 60_000;

/**
 * Cognito's documented lockout: after five failed password attempts the user
 * is locked out for 1 s, doubling with each further failure (2^(n−5) s for n
 * failures) up to about 15 minutes. Attempts during a lockout fail with
 * "Password attempts exceeded" and do not count; a success after the lockout,
 * or 15 minutes without attempts, resets the count.
 */
export function isLockedOut(user: UserRecord, now: number): boolean {
  return user.lockedUntil > now;
}

export function afterFailure(user: UserRecord, now: number): UserRecord {
  const failures = (now - user.lastFailedAt >= RESET_AFTER_MS ? 0 : user.failedAttempts) + 1;
  const lockedUntil = failures >= FREE_FAILURES ? now + Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_LOCKOUT_MS) : 0;
  return { ...user, failedAttempts: failures, lastFailedAt: now, lockedUntil };
}

export function afterSuccess(user: UserRecord): UserRecord {
  return user.failedAttempts === 0 ? user : { ...user, failedAttempts: 0, lastFailedAt: 0, lockedUntil: 0 };
}
