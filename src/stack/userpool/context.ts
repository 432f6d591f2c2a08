import { bytesToBase64, utf8 } from '../../lib/bytes.ts';
import { ChallengeSealer, SpentChallenges } from './challenges.ts';
import { afterCodeFailure, afterCodeRequest, codeFailuresExhausted, MAX_CODE_FAILURES, NO_CODE_ATTEMPTS, type CodeAttempts } from './code-limits.ts';
import { Decoys } from './decoys.ts';
import { codeMismatch, expiredCode, incorrectCredentials, invalidParameter, limitExceeded, notAuthorized, resourceNotFound, userNotFound } from './errors.ts';
import { afterFailure, afterSuccess, isLockedOut } from './lockout.ts';
import type { CryptoPrimitives } from './primitives.ts';
import { CognitoSrp } from './srp/srp.ts';
import { mintTokens, sealRefreshToken, type AuthenticationResult, type TokenServices } from './tokens.ts';
import type { PoolKeyCrypto } from './key-crypto.ts';
import type { ClientRecord, CodePurpose, PoolRecord, SessionRecord, UserPoolStore, UserRecord, UserStatus } from './store.ts';

export interface UserPoolContextOptions {
  store: UserPoolStore;
  keyCrypto: PoolKeyCrypto;
  primitives: CryptoPrimitives;
  /** A secret of this stack's: it keys sealed challenges and values that must look random but stay stable (decoys). */
  secret: Uint8Array;
  region: string;
  /** The `iss` of a pool's tokens. */
  issuer(poolId: string): string;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * How long a code works: an hour for a password reset, a day for the others.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
 */
const CODE_TTL_MS: Record<CodePurpose, number> = { 'confirm-sign-up': 24 * 60 * 60_000, 'reset-password': 60 * 60_000, 'verify-email': 24 * 60 * 60_000 };
/** The local mailbox keeps this many of the newest messages. */
export const MAILBOX_CAPACITY = 500;
const LIMIT_EXCEEDED = 'Attempt limit exceeded, please try after some time.';
const EMAIL = /^[^@\s]+@[^@\s]+$/;

/**
 * What every operation shares: the store, the crypto, the clock, and the
 * lookups and state changes more than one operation makes.
 */
export class UserPoolContext implements TokenServices {
  readonly store: UserPoolStore;
  readonly keyCrypto: PoolKeyCrypto;
  readonly primitives: CryptoPrimitives;
  readonly srp: CognitoSrp;
  /** Sign-in challenges travel sealed with the client; only answered ones are remembered. */
  readonly challenges: ChallengeSealer;
  readonly spentChallenges = new SpentChallenges();
  /** How names without an account are answered. */
  readonly decoys: Decoys;
  readonly region: string;
  readonly issuer: (poolId: string) => string;
  readonly now: () => number;
  readonly randomBytes: (length: number) => Uint8Array;
  readonly log: (line: string) => void;

  constructor(options: UserPoolContextOptions) {
    this.store = options.store;
    this.keyCrypto = options.keyCrypto;
    this.primitives = options.primitives;
    this.srp = new CognitoSrp(options.primitives);
    this.challenges = new ChallengeSealer(options.primitives, options.secret);
    this.decoys = new Decoys(options.primitives, options.secret);
    this.region = options.region;
    this.issuer = options.issuer;
    this.now = options.now ?? Date.now;
    this.randomBytes = options.primitives.randomBytes;
    this.log = options.log ?? (() => {});
  }

  randomId(): string {
    return crypto.randomUUID();
  }

  /** Random characters from `alphabet`, without modulo bias. */
  randomString(length: number, alphabet: string): string {
    let out = '';
    while (out.length < length) {
      for (const byte of this.randomBytes(length)) {
        if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
        if (out.length === length) break;
      }
    }
    return out;
  }

  requirePool(poolId: string): PoolRecord {
    const pool = this.store.getPool(poolId);
    if (!pool) throw resourceNotFound(`User pool ${poolId} does not exist.`);
    return pool;
  }

  requireClient(clientId: string): ClientRecord {
    const client = this.store.getClient(clientId);
    if (!client) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
    return client;
  }

  requireUser(poolId: string, username: string): UserRecord {
    const user = this.findUser(poolId, username);
    if (!user) throw userNotFound();
    return user;
  }

  /**
   * The user a typed name stands for: the username itself, or an alias
   * (email, phone number) when the pool signs in with one. The `sub` works
   * too, as in Cognito.
   */
  findUser(poolId: string, typed: string): UserRecord | undefined {
    const direct = this.store.getUser(poolId, typed);
    if (direct) return direct;
    const pool = this.store.getPool(poolId);
    for (const attribute of ['sub', ...(pool?.usernameAttributes ?? [])]) {
      const verifiedOnly = attribute !== 'sub';
      const match = this.store
        .findUsersByAttribute(poolId, attribute, typed)
        .find((user) => !verifiedOnly || user.attributes[`${attribute}_verified`] === 'true' || user.status === 'UNCONFIRMED');
      if (match) return match;
    }
    return undefined;
  }

  /**
   * Clients with a secret must prove they hold it on every unauthenticated
   * call: SECRET_HASH = base64(HMAC-SHA256(secret, username ‖ client id)),
   * over the name the request carries. Where a user typed an alias (an email
   * address in a pool that signs in with one), the hash may be over either
   * what they typed or their username: `names` lists the names accepted.
   */
  assertSecretHash(client: ClientRecord, names: string | readonly (string | undefined)[], given: string | undefined): void {
    if (client.secret === null) return;
    const secret = client.secret;
    const accepted = (typeof names === 'string' ? [names] : names).filter((name, i, all): name is string => name !== undefined && all.indexOf(name) === i);
    const matches = given !== undefined && accepted.some((name) => constantTimeEqual(bytesToBase64(this.primitives.hmacSha256(utf8(secret), utf8(name + client.id))), given));
    if (!matches) throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
  }

  /** A user record with no password yet; `withPassword` gives it one. */
  newUser(poolId: string, username: string, sub: string, attributes: Record<string, string>, status: UserStatus): UserRecord {
    const now = this.now();
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

  /** Stores the SRP salt and verifier for a password; the password itself is forgotten here. */
  withPassword(user: UserRecord, password: string): UserRecord {
    const salt = this.srp.newSalt();
    const verifier = this.srp.verifier(poolNameOf(user.poolId), user.username, password, salt).toString(16);
    return { ...user, salt, verifier, lastModifiedAt: this.now() };
  }

  /** Whether `password` is the user's: recompute the verifier from it and compare in constant time. */
  passwordMatches(user: UserRecord, password: string): boolean {
    if (!user.verifier) return false;
    const candidate = this.srp.verifier(poolNameOf(user.poolId), user.username, password, user.salt).toString(16);
    return constantTimeEqual(candidate, user.verifier);
  }

  /**
   * Applies the lockout rules around a password check: refused outright
   * while locked out, counted when wrong, forgiven when right. Returns the
   * user as stored afterwards.
   */
  checkPassword(user: UserRecord, passwordIsRight: boolean): UserRecord {
    const now = this.now();
    if (isLockedOut(user, now)) throw notAuthorized('Password attempts exceeded');
    if (!passwordIsRight) {
      this.store.putUser(afterFailure(user, now));
      throw incorrectCredentials();
    }
    const forgiven = afterSuccess(user);
    if (forgiven !== user) this.store.putUser(forgiven);
    return forgiven;
  }

  /** A wrong password for a name without an account: counted and locked out exactly as for one with an account. */
  failPasswordWithoutAccount(poolId: string, name: string): never {
    const now = this.now();
    const state = this.decoys.lockout(poolId, name);
    if (isLockedOut(state, now)) throw notAuthorized('Password attempts exceeded');
    this.decoys.setLockout(poolId, name, afterFailure(state, now));
    throw incorrectCredentials();
  }

  /** A code entered for a name without an account (or a disabled one): wrong, and counted like a wrong code for an account. */
  failCodeWithoutAccount(poolId: string, name: string, purpose: CodePurpose): never {
    const now = this.now();
    const attempts = this.decoys.codeAttempts(poolId, name, purpose);
    if (codeFailuresExhausted(attempts, now)) throw limitExceeded(LIMIT_EXCEEDED);
    this.decoys.setCodeAttempts(poolId, name, purpose, { ...attempts, ...afterCodeFailure(attempts, now) });
    throw codeMismatch('Invalid verification code provided, please try again.');
  }

  /** A new sign-in: a session with its refresh token, and the first ID and access tokens. */
  async startSession(client: ClientRecord, user: UserRecord): Promise<AuthenticationResult> {
    const now = this.now();
    const { token, sessionId } = await sealRefreshToken(this, client.poolId);
    const session: SessionRecord = {
      id: sessionId,
      poolId: client.poolId,
      clientId: client.id,
      username: user.username,
      originJti: this.randomId(),
      eventId: this.randomId(),
      authTime: Math.floor(now / 1000),
      createdAt: now,
      expiresAt: now + client.refreshTokenValidity * 1000,
      revokedAt: null,
    };
    this.store.putSession(session);
    return { ...(await mintTokens(this, client, user, session)), RefreshToken: token };
  }

  /**
   * Delivers a one-time code by "email": to the log and the local mailbox,
   * never off the machine. Requests are throttled per user and purpose, and
   * a new code keeps the wrong guesses made at the old one.
   */
  sendCode(user: UserRecord, purpose: CodePurpose): CodeDeliveryDetails {
    const email = user.attributes.email;
    if (!email) throw invalidParameter('Cannot deliver a code: the user has no email address.');
    const now = this.now();
    const earlier = this.store.getCode(user.poolId, user.username, purpose);
    const requestedAt = afterCodeRequest(codeAttemptsOf(earlier), now);
    if (!requestedAt) throw limitExceeded(LIMIT_EXCEEDED);
    const code = this.randomString(6, '0123456789');
    this.store.putCode({
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
    this.deliver(user, email, subject, `${subject}: your code is ${code}`, code);
    return { Destination: maskEmail(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }

  /**
   * What a code request for a name without an account answers: the same
   * delivery details a real request gives, throttled the same way.
   */
  pretendToSendCode(poolId: string, name: string, purpose: CodePurpose): CodeDeliveryDetails {
    const attempts = this.decoys.codeAttempts(poolId, name, purpose);
    const requestedAt = afterCodeRequest(attempts, this.now());
    if (!requestedAt) throw limitExceeded(LIMIT_EXCEEDED);
    this.decoys.setCodeAttempts(poolId, name, purpose, { ...attempts, requestedAt });
    // A name that is itself an address is masked as a real one would be.
    const destination = EMAIL.test(name) ? maskEmail(name) : this.decoys.maskedEmail(poolId, name);
    return { Destination: destination, DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }

  deliver(user: UserRecord, destination: string, subject: string, body: string, code: string | null): void {
    this.store.addMail({ poolId: user.poolId, username: user.username, destination, subject, body, code, createdAt: this.now() });
    this.store.pruneMail(MAILBOX_CAPACITY);
    this.log(`mail to ${destination} (${user.poolId} ${user.username}): ${body}`);
  }

  /**
   * Checks and spends a one-time code. Wrong guesses are counted per user and
   * purpose, across re-requests; the fifth burns the code, and further
   * guesses wait for the count to lapse.
   */
  consumeCode(user: UserRecord, purpose: CodePurpose, code: string): void {
    const now = this.now();
    const stored = this.store.getCode(user.poolId, user.username, purpose);
    if (stored && codeFailuresExhausted(codeAttemptsOf(stored), now)) throw limitExceeded(LIMIT_EXCEEDED);
    if (!stored || stored.code === null || stored.expiresAt <= now) throw expiredCode('Invalid code provided, please request a code again.');
    if (!constantTimeEqual(stored.code, code)) {
      const failures = afterCodeFailure(codeAttemptsOf(stored), now);
      this.store.putCode({ ...stored, ...failures, code: failures.failedAttempts >= MAX_CODE_FAILURES ? null : stored.code });
      throw codeMismatch('Invalid verification code provided, please try again.');
    }
    this.store.deleteCode(user.poolId, user.username, purpose);
  }
}

/** The attempts a stored code record carries; records from before the limits existed have none. */
function codeAttemptsOf(record: Partial<CodeAttempts> | undefined): CodeAttempts {
  return { requestedAt: record?.requestedAt ?? [], failedAttempts: record?.failedAttempts ?? 0, lastFailedAt: record?.lastFailedAt ?? 0 };
}

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: 'EMAIL';
  AttributeName: 'email';
}

const SUBJECTS: Record<CodePurpose, string> = {
  'confirm-sign-up': 'Your verification code',
  'reset-password': 'Your password reset code',
  'verify-email': 'Your email verification code',
};

/** SRP's "pool name" is the part of the pool id after the region: `us-east-1_AbC` → `AbC`. */
export function poolNameOf(poolId: string): string {
  return poolId.split('_')[1] ?? poolId;
}

/** Cognito shows where a code went without revealing the address: `a***@e***`. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}

/** Comparison whose time depends only on the lengths, which are public here. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
