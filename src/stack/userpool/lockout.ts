/** What the lockout rules need to know of a name that someone signs in with, whether or not it has an account. */
export interface LockoutState {
  /** Failed password attempts counted so far (attempts refused during a lockout are not counted). */
  failedAttempts: number;
  /** When the last counted failure happened, ms. */
  lastFailedAt: number;
  /** The end of the current lockout, ms; 0 when none. */
  lockedUntil: number;
}

/** Failures allowed before the first lockout. */
export const FREE_FAILURES = 5;
/** The longest lockout: "approximately 15 minutes". */
export const MAX_LOCKOUT_MS = 15 * 60_000;
/** Quiet minutes after which every earlier failure is forgiven. */
export const QUIET_RESET_MS = 15 * 60_000;

export const NO_FAILURES: LockoutState = { failedAttempts: 0, lastFailedAt: 0, lockedUntil: 0 };

/**
 * Cognito's documented lockout
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior):
 * after five failed password attempts the user is locked out for 1 s, and for
 * 2^(n−5) s after the n-th failure, up to about 15 minutes. Attempts during a
 * lockout fail with "Password attempts exceeded" and do not count. The count
 * goes back to zero after a successful sign-in once the lockout has passed, or
 * after 15 minutes without attempts following a lockout.
 *
 * Two readings are ours where the page is silent: the 15 quiet minutes are
 * counted from the end of the lockout (or from the last failure, when there
 * was no lockout yet), and refused attempts do not restart them.
 */
export function isLockedOut(state: LockoutState, now: number): boolean {
  return state.lockedUntil > now;
}

/** The state after one more counted failure at `now`. */
export function afterFailure<S extends LockoutState>(state: S, now: number): S {
  const failures = (isForgiven(state, now) ? 0 : state.failedAttempts) + 1;
  const lockedUntil = failures >= FREE_FAILURES ? now + Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_LOCKOUT_MS) : 0;
  return { ...state, failedAttempts: failures, lastFailedAt: now, lockedUntil };
}

/** The state after a correct password: nothing is counted any more. */
export function afterSuccess<S extends LockoutState>(state: S): S {
  return state.failedAttempts === 0 && state.lockedUntil === 0 ? state : { ...state, ...NO_FAILURES };
}

function isForgiven(state: LockoutState, now: number): boolean {
  return now - Math.max(state.lastFailedAt, state.lockedUntil) >= QUIET_RESET_MS;
}
