import type { CodeAttempts } from './code-limits.ts';
import type { LockoutState } from './lockout.ts';

/**
 * Everything the user pool persists, behind one small synchronous interface:
 * SQLite implements it on Node, and an in-memory implementation can stand in
 * for it in a browser.
 */
export interface UserPoolStore {
  transaction<T>(work: () => T): T;

  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;

  getPool(id: string): PoolRecord | undefined;
  putPool(pool: PoolRecord): void;
  listPools(): PoolRecord[];

  getClient(id: string): ClientRecord | undefined;
  putClient(client: ClientRecord): void;
  listClients(poolId: string): ClientRecord[];

  listKeys(poolId: string): KeyRecord[];
  putKey(key: KeyRecord): void;
  deleteKey(kid: string): void;

  getUser(poolId: string, username: string): UserRecord | undefined;
  /** Users whose attribute `name` equals `value`, e.g. to resolve an email alias or a `sub`. */
  findUsersByAttribute(poolId: string, name: string, value: string): UserRecord[];
  putUser(user: UserRecord): void;
  deleteUser(poolId: string, username: string): void;
  /** Users ordered by username, starting after `afterUsername`. */
  listUsers(poolId: string, limit: number, afterUsername?: string): UserRecord[];

  getGroup(poolId: string, name: string): GroupRecord | undefined;
  putGroup(group: GroupRecord): void;
  listGroups(poolId: string): GroupRecord[];
  addUserToGroup(poolId: string, username: string, group: string): void;
  removeUserFromGroup(poolId: string, username: string, group: string): void;
  /** Group names of a user, by precedence and then name, as Cognito orders `cognito:groups`. */
  groupsOfUser(poolId: string, username: string): string[];

  getSession(id: string): SessionRecord | undefined;
  findSessionByOrigin(originJti: string): SessionRecord | undefined;
  putSession(session: SessionRecord): void;
  revokeSession(id: string, at: number): void;
  revokeSessionsOfUser(poolId: string, username: string, at: number): void;

  getCode(poolId: string, username: string, purpose: CodePurpose): CodeRecord | undefined;
  putCode(code: CodeRecord): void;
  deleteCode(poolId: string, username: string, purpose: CodePurpose): void;

  addMail(mail: Omit<MailRecord, 'id'>): MailRecord;
  listMail(afterId: number, limit: number): MailRecord[];
  /** Deletes all but the newest `keep` messages. */
  pruneMail(keep: number): void;
}

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export interface PoolRecord {
  id: string;
  name: string;
  passwordPolicy: PasswordPolicy;
  /** Attributes that may be typed as the username (`email`, `phone_number`). */
  usernameAttributes: string[];
  autoVerifiedAttributes: string[];
  createdAt: number;
  lastModifiedAt: number;
}

/** Token lifetimes are stored in seconds, whatever units the client was configured with. */
export interface ClientRecord {
  id: string;
  poolId: string;
  name: string;
  secret: string | null;
  explicitAuthFlows: string[];
  accessTokenValidity: number;
  idTokenValidity: number;
  refreshTokenValidity: number;
  tokenValidityUnits: { AccessToken: TimeUnit; IdToken: TimeUnit; RefreshToken: TimeUnit };
  enableTokenRevocation: boolean;
  preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
  authSessionValidity: number;
  createdAt: number;
  lastModifiedAt: number;
}

export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** What a key signs: ID tokens, access tokens, or (never published) refresh-token encryption. */
export type KeyUse = 'id' | 'access' | 'refresh';

export interface KeyRecord {
  kid: string;
  poolId: string;
  use: KeyUse;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
  createdAt: number;
  /** When a newer key replaced this one for signing. */
  retiredAt: number | null;
  /** When a retired key leaves the JWKS, so that tokens it signed stop verifying. */
  removeAt: number | null;
}

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface UserRecord extends LockoutState {
  poolId: string;
  username: string;
  status: UserStatus;
  enabled: boolean;
  /** Attribute values as Cognito stores them: strings, `sub` included. */
  attributes: Record<string, string>;
  /** SRP salt (padded hex) and verifier (hex); the password itself is never stored. */
  salt: string;
  verifier: string;
  createdAt: number;
  lastModifiedAt: number;
  /** Global sign-out (ms): tokens without an origin_jti issued before it are refused. */
  tokensValidAfter: number;
}

export interface GroupRecord {
  poolId: string;
  name: string;
  description: string | null;
  precedence: number | null;
  createdAt: number;
  lastModifiedAt: number;
}

/**
 * One sign-in: the refresh token's record. Every access and ID token minted
 * from it carries its `originJti`, so revoking the session revokes them all.
 */
export interface SessionRecord {
  /** SHA-256 of the refresh token's secret, hex. */
  id: string;
  poolId: string;
  clientId: string;
  username: string;
  originJti: string;
  /** The authentication event; refreshed tokens keep it, as they keep `auth_time`. */
  eventId: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export type CodePurpose = 'confirm-sign-up' | 'reset-password' | 'verify-email';

/**
 * A user's one-time code for one purpose, and how often codes were requested
 * and guessed wrong: the counts outlive the code itself, so that requesting a
 * new code does not buy new guesses.
 */
export interface CodeRecord extends CodeAttempts {
  poolId: string;
  username: string;
  purpose: CodePurpose;
  /** null once used up or burnt by wrong guesses. */
  code: string | null;
  expiresAt: number;
}

export interface MailRecord {
  id: number;
  poolId: string;
  username: string;
  destination: string;
  subject: string;
  body: string;
  code: string | null;
  createdAt: number;
}
