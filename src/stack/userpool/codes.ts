import { afterCodeFailure, afterCodeRequest, codeFailuresExhausted, MAX_CODE_FAILURES, NO_CODE_ATTEMPTS, type CodeAttempts } from './code-limits.ts';
import { constantTimeEqual } from './constant-time.ts';
import { codeMismatch, expiredCode, invalidParameter, limitExceeded } from './errors.ts';
import type { Needs } from './services.ts';
import type { CodePurpose, UserRecord } from './store.ts';

/**
 * How long a code works: an hour for a password reset, a day for the others.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
 */
const CODE_TTL_MS: Record<CodePurpose, number> = { 'confirm-sign-up': 24 * 60 * 60_000, 'reset-password': 60 * 60_000, 'verify-email': 24 * 60 * 60_000 };
const LIMIT_EXCEEDED = 'Attempt limit exceeded, please try after some time.';
const EMAIL = /^[^@\s]+@[^@\s]+$/;

const SUBJECTS: Record<CodePurpose, string> = {
  'confirm-sign-up': 'Your verification code',
  'reset-password': 'Your password reset code',
  'verify-email': 'Your email verification code',
};

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL';
  AttributeName: 'email';
}

/**
 * One-time codes (sign-up confirmation, password reset, email verification):
 * sent, checked and spent, with the request and guess limits of
 * code-limits.ts counted per user and purpose, and the same answers and
 * limits for a name without an account.
 */
export class Codes {
  readonly #needs: Needs<'store' | 'clock' | 'random' | 'decoys' | 'mailbox'>;

  constructor(needs: Needs<'store' | 'clock' | 'random' | 'decoys' | 'mailbox'>) {
    this.#needs = needs;
  }

  /**
   * Delivers a one-time code by "email": to the log and the local mailbox,
   * never off the machine. Requests are throttled per user and purpose, and
   * a new code keeps the wrong guesses made at the old one.
   */
  send(user: UserRecord, purpose: CodePurpose): CodeDeliveryDetails {
    const email = user.attributes.email;
    if (!email) throw invalidParameter('Cannot deliver a code: the user has no email address.');
    const { store, clock, random, mailbox } = this.#needs;
    const now = clock.now();
    const earlier = store.getCode(user.poolId, user.username, purpose);
    const requestedAt = afterCodeRequest(codeAttemptsOf(earlier), now);
    if (!requestedAt) throw limitExceeded(LIMIT_EXCEEDED);
    const code = random.string(6, '0123456789');
    store.putCode({
      ...NO_CODE_ATTEMPTS,
      ...earlier,
      poolId: user.poolId,
      username: user.username,
      purpose,
      code,
      expiresAt: now + CODE_TTL_MS[purpose],
      requestedAt,
    });
    const subject = SUBJECTS[purpose];
    mailbox.deliver(user, email, subject, `${subject}: your code is ${code}`, code);
    return { Destination: maskEmail(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }

  /**
   * What a code request for a name without an account answers: the same
   * delivery details a real request gives, throttled the same way.
   */
  pretendToSend(poolId: string, name: string, purpose: CodePurpose): CodeDeliveryDetails {
    const { clock, decoys } = this.#needs;
    const attempts = decoys.codeAttempts(poolId, name, purpose);
    const requestedAt = afterCodeRequest(attempts, clock.now());
    if (!requestedAt) throw limitExceeded(LIMIT_EXCEEDED);
    decoys.setCodeAttempts(poolId, name, purpose, { ...attempts, requestedAt });
    // A name that is itself an address is masked as a real one would be.
    const destination = EMAIL.test(name) ? maskEmail(name) : decoys.maskedEmail(poolId, name);
    return { Destination: destination, DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }

  /**
   * Checks and spends a one-time code. Wrong guesses are counted per user and
   * purpose, across re-requests; the fifth burns the code, and further
   * guesses wait for the count to lapse.
   */
  consume(user: UserRecord, purpose: CodePurpose, code: string): void {
    const { store, clock } = this.#needs;
    const now = clock.now();
    const stored = store.getCode(user.poolId, user.username, purpose);
    if (stored && codeFailuresExhausted(codeAttemptsOf(stored), now)) throw limitExceeded(LIMIT_EXCEEDED);
    if (!stored || stored.code === null || stored.expiresAt <= now) throw expiredCode('Invalid code provided, please request a code again.');
    if (!constantTimeEqual(stored.code, code)) {
      const failures = afterCodeFailure(codeAttemptsOf(stored), now);
      store.putCode({ ...stored, ...failures, code: failures.failedAttempts >= MAX_CODE_FAILURES ? null : stored.code });
      throw codeMismatch('Invalid verification code provided, please try again.');
    }
    store.deleteCode(user.poolId, user.username, purpose);
  }

  /** A code entered for a name without an account (or a disabled one): wrong, and counted like a wrong code for an account. */
  failWithoutAccount(poolId: string, name: string, purpose: CodePurpose): never {
    const { clock, decoys } = this.#needs;
    const now = clock.now();
    const attempts = decoys.codeAttempts(poolId, name, purpose);
    if (codeFailuresExhausted(attempts, now)) throw limitExceeded(LIMIT_EXCEEDED);
    decoys.setCodeAttempts(poolId, name, purpose, { ...attempts, ...afterCodeFailure(attempts, now) });
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
}

/** The attempts a stored code record carries; records from before the limits existed have none. */
function codeAttemptsOf(record: Partial<CodeAttempts> | undefined): CodeAttempts {
  return { requestedAt: record?.requestedAt ?? [], failedAttempts: record?.failedAttempts ?? 0, lastFailedAt: record?.lastFailedAt ?? 0 };
}

/** Cognito shows where a code went without revealing the address: `a***@e***`. */
function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}
