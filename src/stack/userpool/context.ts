import { ChallengeStore, type PendingChallenge } from './challenges.ts';
import { codeMismatch, expiredCode, invalidParameter, limitExceeded, notAuthorized, resourceNotFound, userNotFound } from './errors.ts';
import type { CryptoPrimitives } from './primitives.ts';
import { bytesToHex } from './srp/group.ts';
import { CognitoSrp } from './srp/srp.ts';
import { mintTokens, sealRefreshToken, type AuthenticationResult, type TokenServices } from './tokens.ts';
import type { PoolKeyCrypto } from './key-crypto.ts';
import type { ClientRecord, CodePurpose, PoolRecord, SessionRecord, UserPoolStore, UserRecord, UserStatus } from './store.ts';

export interface UserPoolContextOptions {
  store: UserPoolStore;
  keyCrypto: PoolKeyCrypto;
  primitives: CryptoPrimitives;
  /** A secret of this stack's, for values that must look random but stay stable (decoy salts). */
  secret: Uint8Array;
  region: string;
  /** The `iss` of a pool's tokens. */
  issuer(poolId: string): string;
  now?: () => number;
  log?: (line: string) => void;
}

const CODE_TTL_MS = 24 * 60 * 60_000;
const MAX_CODE_FAILURES = 5;

/**
 * What every operation shares: the store, the crypto, the clock, and the
 * lookups and state changes more than one operation makes.
 */
export class UserPoolContext implements TokenServices {
  readonly store: UserPoolStore;
  readonly keyCrypto: PoolKeyCrypto;
  readonly primitives: CryptoPrimitives;
  readonly srp: CognitoSrp;
  readonly challenges = new ChallengeStore<PendingChallenge>();
  readonly #secret: Uint8Array;
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
    this.#secret = options.secret;
    this.region = options.region;
    this.issuer = options.issuer;
    this.now = options.now ?? Date.now;
    this.randomBytes = options.primitives.randomBytes;
    this.log = options.log ?? (() => {});
  }

  /** A value that an outsider cannot predict but that is the same every time for the same input. */
  stableSecretHex(label: string): string {
    return bytesToHex(this.primitives.hmacSha256(this.#secret, new TextEncoder().encode(label)));
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
   * call: SECRET_HASH = base64(HMAC-SHA256(secret, username ‖ client id)).
   */
  assertSecretHash(client: ClientRecord, username: string, given: string | undefined): void {
    if (client.secret === null) return;
    const mac = this.primitives.hmacSha256(new TextEncoder().encode(client.secret), new TextEncoder().encode(username + client.id));
    const expected = btoa(String.fromCharCode(...mac));
    if (given === undefined || !constantTimeEqual(expected, given)) throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
  }

  /** A user record with no password yet; `withPassword` gives it one. */
  newUser(poolId: string, username: string, sub: string, attributes: Record<string, string>, status: UserStatus): UserRecord {
    const now = this.now();
    return {
      poolId,
      username,
      status,
      enabled: true,
      attributes: { sub, ...attributes },
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

  /** A new sign-in: a session with its refresh token, and the first ID and access tokens. */
  startSession(client: ClientRecord, user: UserRecord): AuthenticationResult {
    const now = this.now();
    const { token, sessionId } = sealRefreshToken(this, client.poolId);
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
    return { ...mintTokens(this, client, user, session), RefreshToken: token };
  }

  /** Delivers a one-time code by "email": to the log and the local mailbox, never off the machine. */
  sendCode(user: UserRecord, purpose: CodePurpose): CodeDeliveryDetails {
    const email = user.attributes.email;
    if (!email) throw invalidParameter('Cannot deliver a code: the user has no email address.');
    const code = this.randomString(6, '0123456789');
    this.store.putCode({ poolId: user.poolId, username: user.username, purpose, code, expiresAt: this.now() + CODE_TTL_MS, failedAttempts: 0 });
    const subject = SUBJECTS[purpose];
    this.deliver(user, email, subject, `${subject}: your code is ${code}`, code);
    return { Destination: maskEmail(email), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }

  deliver(user: UserRecord, destination: string, subject: string, body: string, code: string | null): void {
    this.store.addMail({ poolId: user.poolId, username: user.username, destination, subject, body, code, createdAt: this.now() });
    this.log(`mail to ${destination} (${user.poolId} ${user.username}): ${body}`);
  }

  /** Checks and spends a one-time code; repeated wrong guesses burn it. */
  consumeCode(user: UserRecord, purpose: CodePurpose, code: string): void {
    const stored = this.store.getCode(user.poolId, user.username, purpose);
    if (!stored) throw codeMismatch('Invalid verification code provided, please try again.');
    if (stored.expiresAt <= this.now()) {
      this.store.deleteCode(user.poolId, user.username, purpose);
      throw expiredCode('Invalid code provided, please request a code again.');
    }
    if (stored.failedAttempts >= MAX_CODE_FAILURES) throw limitExceeded('Attempt limit exceeded, please try after some time.');
    if (!constantTimeEqual(stored.code, code)) {
      this.store.putCode({ ...stored, failedAttempts: stored.failedAttempts + 1 });
      throw codeMismatch('Invalid verification code provided, please try again.');
    }
    this.store.deleteCode(user.poolId, user.username, purpose);
  }
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
