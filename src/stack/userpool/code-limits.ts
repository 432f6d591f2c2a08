/**
 * How often one-time codes (sign-up confirmation, password reset, email
 * verification) may be requested and guessed, per user and purpose. Cognito
 * answers both with `LimitExceededException: Attempt limit exceeded, please
 * try after some time.` but documents no figures; these are ours.
 */

/** Code requests (sends) allowed per user and purpose in a rolling hour. */
export const MAX_CODE_REQUESTS = 5;
export const REQUEST_WINDOW_MS = 60 * 60_000;
/** Wrong codes allowed per user and purpose before the code is burnt; counted across re-requests. */
export const MAX_CODE_FAILURES = 5;
/** An hour without a wrong code forgives the earlier ones. */
export const FAILURE_WINDOW_MS = 60 * 60_000;

export interface CodeAttempts {
  /** When codes were sent, ms, newest last: only the last hour's are kept. */
  requestedAt: readonly number[];
  failedAttempts: number;
  lastFailedAt: number;
}

export const NO_CODE_ATTEMPTS: CodeAttempts = { requestedAt: [], failedAttempts: 0, lastFailedAt: 0 };

/** The request times after one more request at `now`, or undefined when the limit is reached. */
export function afterCodeRequest(attempts: CodeAttempts, now: number): readonly number[] | undefined {
  const recent = attempts.requestedAt.filter((at) => now - at < REQUEST_WINDOW_MS);
  if (recent.length >= MAX_CODE_REQUESTS) return undefined;
  return [...recent, now];
}

export function codeFailuresExhausted(attempts: CodeAttempts, now: number): boolean {
  return attempts.failedAttempts >= MAX_CODE_FAILURES && now - attempts.lastFailedAt < FAILURE_WINDOW_MS;
}

/** The failure count after one more wrong code at `now`. */
export function afterCodeFailure(attempts: CodeAttempts, now: number): Pick<CodeAttempts, 'failedAttempts' | 'lastFailedAt'> {
  const earlier = now - attempts.lastFailedAt < FAILURE_WINDOW_MS ? attempts.failedAttempts : 0;
  return { failedAttempts: earlier + 1, lastFailedAt: now };
}
