/**
 * The user pool under fuzz, reached over the wire through the same Node
 * adapter that serves readers, with what the properties need around it: a
 * hand-moved clock, genuine tokens and challenges to mutate, SigV4 signing
 * with the admin credentials, and the demo users put back when a case has
 * (legitimately) changed them.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { SEED } from '../../../src/stack/userpool/index.ts';
import { OPERATIONS } from '../../../src/stack/userpool/operations/index.ts';
import { srpAnswer, srpStart } from '../../helpers/srp-client.ts';
import { callPool, startUserPool, type TestUserPool } from '../../helpers/user-pool.ts';
import { clip, describe as describeError, noAnswer, withDeadline, type CrashWatch } from './runner.ts';
import { WireClient } from './wire.ts';

/** A fixed instant the clock starts from; each case moves it on by CLOCK_STEP_MS. */
export const CLOCK_START = Date.parse('2026-03-14T15:09:26Z');
const CLOCK_STEP_MS = 7_000;
/** No case takes this long unless something hangs. */
const CASE_DEADLINE_MS = 45_000;
/** Tokens are minted again when older than this; they live an hour. */
const TOKEN_REFRESH_MS = 45 * 60_000;

export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
export const AMZ_JSON = 'application/x-amz-json-1.1';

/** Names of the genuine values a case can refer to; the world resolves them when the case is sent. */
export type RealName =
  | 'clientId'
  | 'poolId'
  | 'aliceAccessToken'
  | 'aliceIdToken'
  | 'aliceRefreshToken'
  | 'bobAccessToken'
  | 'carolSession'
  | 'srpA'
  | 'srpSecretBlock'
  | 'srpTimestamp'
  | 'srpSignature'
  | 'freshUsername'
  | 'freshGroupName'
  | 'unconfirmedUsername'
  | 'signUpCode'
  | 'resetCode'
  | 'verifyEmailCode'
  | 'paginationToken';

/** How a genuine value is spoiled before it is sent, or not at all. */
export type StringEdit =
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'cut'; at: number }
  | { kind: 'append'; text: string }
  | { kind: 'prepend'; text: string }
  | { kind: 'swapcase' }
  | { kind: 'segment'; index: number; replacement: string };

/** A genuine value (a token, a session, a code), resolved when the case is sent. */
export class Real {
  readonly name: RealName;
  readonly edit: StringEdit | undefined;
  constructor(name: RealName, edit?: StringEdit) {
    this.name = name;
    this.edit = edit;
  }
  toString(): string {
    return this.edit ? `real(${this.name}).${this.edit.kind}(${JSON.stringify({ ...this.edit, kind: undefined })})` : `real(${this.name})`;
  }
  /** fast-check prints counterexamples with this. */
  [fc.toStringMethod](): string {
    return this.toString();
  }
}

export function applyEdit(value: string, edit: StringEdit): string {
  switch (edit.kind) {
    case 'flip': {
      if (value === '') return edit.char;
      const at = edit.at % value.length;
      return value.slice(0, at) + edit.char + value.slice(at + 1);
    }
    case 'cut':
      return value.slice(0, value.length === 0 ? 0 : edit.at % value.length);
    case 'append':
      return value + edit.text;
    case 'prepend':
      return edit.text + value;
    case 'swapcase':
      return [...value].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    case 'segment': {
      const parts = value.split('.');
      parts[edit.index % parts.length] = edit.replacement;
      return parts.join('.');
    }
  }
}

export type Signing =
  | { kind: 'none' }
  | { kind: 'good' }
  | { kind: 'wrong-secret' }
  | { kind: 'wrong-key-id' }
  | { kind: 'stale'; minutes: number }
  | { kind: 'other-scope'; region: string; service: string }
  /** Signed over another body, sent with this one; `declareHash` sends the signed body's x-amz-content-sha256. */
  | { kind: 'swapped-body'; declareHash: boolean }
  | { kind: 'content-type-changed-after-signing'; contentType: string }
  | { kind: 'date-changed-after-signing'; date: string }
  | { kind: 'garbage'; authorization: string; date?: string };

export type BodySpec = { json: unknown } | { text: string } | { bytes: Uint8Array };

export interface PoolCase {
  /** What X-Amz-Target names after the prefix; `target` replaces the whole header when set. */
  operation: string;
  target?: string | null;
  body: BodySpec;
  signing: Signing;
  contentType: string | null;
  /** Sent without a content length, in chunks, so the pool must cap the body as it reads. */
  chunked: boolean;
  origin?: string;
}

export interface PoolAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body sent, as text (bodies are JSON text, or raw bytes shown as hex). */
  sent: string;
  /** The request's headers as sent. */
  sentHeaders: Record<string, string>;
  /** Set when the connection the case left open dropped the next request. */
  dropped?: string;
}

/** A request any pool answers at once (UnknownOperationException): sent after each case on the same connection. */
const PROBE = {
  method: 'POST',
  path: '/',
  headers: [
    ['x-amz-target', `${TARGET_PREFIX}FuzzProbe`],
    ['content-type', AMZ_JSON],
  ] as Array<[string, string]>,
  body: new TextEncoder().encode('{}'),
};

/** Every operation the pool has: a hostile name that happens to be one is not unknown. */
const knownOperations: ReadonlySet<string> = new Set(OPERATIONS.keys());

/** Cognito's errors that an admin request with a bad or missing signature gets, before the operation runs. */
export const SIGNATURE_ERROR = /Signature|Authentication|UnrecognizedClient|AccessDenied|SecurityToken/;

interface Tokens {
  alice: { AccessToken: string; IdToken: string; RefreshToken: string; originJti: string };
  bob: { AccessToken: string; originJti: string };
  mintedAt: number;
}

export class PoolWorld {
  readonly pool: TestUserPool;
  #wire: WireClient;
  #clock = CLOCK_START;
  #tokens: Tokens | undefined;
  #snapshot = '';
  /** The demo app client and users as the seed made them. */
  #seedClient = '';
  readonly #seedUsers = new Map<string, string>();
  #fresh = 0;
  #mailCursor = 0;
  readonly #codes = new Map<string, string>();
  /** What the pool logged (internal errors with their stacks), since the last `takeLog`. */
  readonly #log: string[];

  private constructor(pool: TestUserPool, log: string[]) {
    this.pool = pool;
    this.#log = log;
    this.#wire = new WireClient(pool.url);
  }

  static async start(): Promise<PoolWorld> {
    let world: PoolWorld | undefined;
    // The pool logs an internal error's stack; keep it for the failure report.
    const log: string[] = [];
    const pool = await startUserPool({ now: () => world?.now() ?? CLOCK_START, log: (line) => log.push(line) });
    world = new PoolWorld(pool, log);
    world.#seedClient = JSON.stringify(pool.pool.store.getClient(SEED.client.id));
    return world;
  }

  now(): number {
    return this.#clock;
  }

  /** The hand-moved clock: every case happens a little later than the one before. */
  tick(ms = CLOCK_STEP_MS): void {
    this.#clock += ms;
  }

  #freshConnection(): void {
    this.#wire.close();
    this.#wire = new WireClient(this.pool.url);
  }

  takeLog(): string[] {
    return this.#log.splice(0);
  }

  close(): Promise<void> {
    this.#wire.close();
    return this.pool.close({ removeData: true });
  }

  /**
   * Before each case: the demo users, their groups and the demo app client as
   * the seed made them (a case may legitimately have changed alice's password,
   * deleted bob or turned off USER_PASSWORD_AUTH), and live tokens for alice
   * and bob. Only what changed is put back, so most cases cost nothing here.
   */
  async prepare(): Promise<void> {
    this.tick();
    const stale = !this.#tokens || this.#clock - this.#tokens.mintedAt > TOKEN_REFRESH_MS;
    if (stale || this.#state() !== this.#snapshot) await this.restore(stale);
  }

  /**
   * Puts back the demo client, users and groups as the seed made them (the
   * first time with the stack's own `applySeed`, as every start of the stack
   * does; after that by writing back the records it produced), and signs
   * alice and bob in again if their sessions are gone.
   */
  async restore(freshTokens = true): Promise<void> {
    const { store } = this.pool.pool;
    if (JSON.stringify(store.getClient(SEED.client.id)) !== this.#seedClient) store.putClient(JSON.parse(this.#seedClient));
    if (this.#seedUsers.size === 0) {
      await this.pool.pool.applySeed();
      for (const { username } of SEED.users) this.#seedUsers.set(username, JSON.stringify(store.getUser(SEED.pool.id, username)));
    }
    for (const { username, groups } of SEED.users) {
      const seeded = this.#seedUsers.get(username)!;
      const current = store.getUser(SEED.pool.id, username);
      if (!current || userState(current, this.#clock) !== userState(JSON.parse(seeded), this.#clock)) store.putUser(JSON.parse(seeded));
      const now = store.groupsOfUser(SEED.pool.id, username);
      for (const group of groups) if (!now.includes(group)) store.addUserToGroup(SEED.pool.id, username, group);
      for (const group of now) if (!groups.includes(group)) store.removeUserFromGroup(SEED.pool.id, username, group);
    }
    const live = (jti: string | undefined) => jti !== undefined && store.findSessionByOrigin(jti)?.revokedAt === null;
    if (freshTokens || !live(this.#tokens?.alice.originJti) || !live(this.#tokens?.bob.originJti)) {
      const alice = await this.signIn('alice', 'Alice-demo-1');
      const bob = await this.signIn('bob', 'Bob-demo-1');
      this.#tokens = {
        alice: { AccessToken: alice.AccessToken, IdToken: alice.IdToken, RefreshToken: alice.RefreshToken, originJti: originJti(alice.AccessToken) },
        bob: { AccessToken: bob.AccessToken, originJti: originJti(bob.AccessToken) },
        mintedAt: this.#clock,
      };
    }
    this.#snapshot = this.#state();
  }

  /** USER_PASSWORD_AUTH over the wire; throws unless it gives tokens. */
  async signIn(username: string, password: string): Promise<{ AccessToken: string; IdToken: string; RefreshToken: string }> {
    const answer = await callPool(this.pool.endpoint, 'InitiateAuth', {
      ClientId: this.pool.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    const result = answer.json?.AuthenticationResult;
    if (answer.status !== 200 || !result?.AccessToken) throw new Error(`${username} cannot sign in: ${answer.status} ${clip(answer.text)}`);
    return result;
  }

  /** What `prepare` compares: the demo users, their groups, the demo client, and whether alice's and bob's sessions still stand. */
  #state(): string {
    const { store } = this.pool.pool;
    const users = SEED.users.map(({ username }) => {
      const user = store.getUser(SEED.pool.id, username);
      return [user ? userState(user, this.#clock) : null, store.groupsOfUser(SEED.pool.id, username)];
    });
    const sessions = this.#tokens
      ? [this.#tokens.alice.originJti, this.#tokens.bob.originJti].map((jti) => store.findSessionByOrigin(jti)?.revokedAt ?? 'gone')
      : [];
    return JSON.stringify([users, store.getClient(SEED.client.id) ?? null, sessions]);
  }

  /** The value a Real stands for, now. Values that a call uses up (sessions, codes) are made for each case. */
  async resolve(value: unknown, memo: Map<string, unknown> = new Map()): Promise<unknown> {
    if (value instanceof Real) {
      const real = await this.#real(value.name, memo);
      return value.edit ? applyEdit(real, value.edit) : real;
    }
    if (Array.isArray(value)) {
      const out = [];
      for (const item of value) out.push(await this.resolve(item, memo));
      return out;
    }
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      const entries: Array<[string, unknown]> = [];
      for (const [key, item] of Object.entries(value)) entries.push([key, await this.resolve(item, memo)]);
      return Object.fromEntries(entries);
    }
    return value;
  }

  async #real(name: RealName, memo: Map<string, unknown>): Promise<string> {
    const known = memo.get(name);
    if (typeof known === 'string') return known;
    const value = await this.#make(name, memo);
    memo.set(name, value);
    return value;
  }

  async #make(name: RealName, memo: Map<string, unknown>): Promise<string> {
    const tokens = this.#tokens!;
    switch (name) {
      case 'clientId':
        return this.pool.clientId;
      case 'poolId':
        return this.pool.poolId;
      case 'aliceAccessToken':
        return tokens.alice.AccessToken;
      case 'aliceIdToken':
        return tokens.alice.IdToken;
      case 'aliceRefreshToken':
        return tokens.alice.RefreshToken;
      case 'bobAccessToken':
        return tokens.bob.AccessToken;
      case 'freshUsername':
        return `fuzz-user-${++this.#fresh}`;
      case 'freshGroupName':
        return `fuzz-group-${++this.#fresh}`;
      case 'carolSession': {
        const answer = await this.#call('InitiateAuth', {
          ClientId: this.pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'carol', PASSWORD: 'Carol-temp-1' },
        });
        return typeof answer.json?.Session === 'string' ? answer.json.Session : 'no-session-for-carol';
      }
      case 'srpA':
        return srpStart().SRP_A;
      case 'srpSecretBlock':
      case 'srpTimestamp':
      case 'srpSignature': {
        // One genuine SRP exchange for alice per case; the three members come from it.
        const start = srpStart();
        const answer = await this.#call('InitiateAuth', {
          ClientId: this.pool.clientId,
          AuthFlow: 'USER_SRP_AUTH',
          AuthParameters: { USERNAME: 'alice', SRP_A: start.SRP_A },
        });
        const challenge = answer.json?.ChallengeParameters;
        if (!challenge?.SECRET_BLOCK) return 'no-srp-challenge';
        const responses = srpAnswer(this.pool.poolId, start, challenge, 'Alice-demo-1', new Date(this.#clock));
        memo.set('srpSecretBlock', responses.PASSWORD_CLAIM_SECRET_BLOCK);
        memo.set('srpTimestamp', responses.TIMESTAMP);
        memo.set('srpSignature', responses.PASSWORD_CLAIM_SIGNATURE);
        return memo.get(name) as string;
      }
      case 'unconfirmedUsername': {
        const username = `fuzz-unconfirmed-${++this.#fresh}`;
        await this.#call('SignUp', {
          ClientId: this.pool.clientId,
          Username: username,
          Password: 'Fuzz-pass-1',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        });
        memo.set('unconfirmedUsername', username);
        return username;
      }
      case 'signUpCode':
        return (await this.#latestCode(await this.#real('unconfirmedUsername', memo))) ?? '000000';
      case 'resetCode':
        await this.#call('ForgotPassword', { ClientId: this.pool.clientId, Username: 'alice' });
        return (await this.#latestCode('alice')) ?? '000000';
      case 'verifyEmailCode':
        await this.#call('GetUserAttributeVerificationCode', { AccessToken: tokens.alice.AccessToken, AttributeName: 'email' });
        return (await this.#latestCode('alice')) ?? '000000';
      case 'paginationToken': {
        const answer = await this.send({
          operation: 'ListUsers',
          body: { json: { UserPoolId: this.pool.poolId, Limit: 1 } },
          signing: { kind: 'good' },
          contentType: AMZ_JSON,
          chunked: false,
        });
        const token = (JSON.parse(answer.text) as { PaginationToken?: unknown }).PaginationToken;
        return typeof token === 'string' ? token : 'no-pagination-token';
      }
    }
  }

  /** An unsigned call made to set a case up (not one of the fuzzed requests). */
  #call(operation: string, body: unknown) {
    return callPool(this.pool.endpoint, operation, body);
  }

  /** The newest code mailed to `username`, read from the local mailbox as the site reads it. */
  async #latestCode(username: string): Promise<string | undefined> {
    for (;;) {
      const response = await fetch(`${this.pool.url}/_local/mailbox?after=${this.#mailCursor}&limit=200`);
      const { messages } = (await response.json()) as { messages: Array<{ id: number; username: string; code: string | null }> };
      for (const message of messages) {
        this.#mailCursor = Math.max(this.#mailCursor, message.id);
        if (message.code) this.#codes.set(message.username, message.code);
      }
      if (messages.length < 200) break;
    }
    return this.#codes.get(username);
  }

  /** Sends one case as it is, Reals already resolved. */
  async send(c: PoolCase): Promise<PoolAnswer> {
    const url = new URL(this.pool.endpoint);
    const bodyBytes = encodeBody(c.body);
    const bodyText = new TextDecoder().decode(bodyBytes);
    const headers: Record<string, string> = {};
    if (c.contentType !== null) headers['content-type'] = c.contentType;
    if (c.target !== null) headers['x-amz-target'] = c.target ?? TARGET_PREFIX + c.operation;
    if (c.origin !== undefined) headers.origin = c.origin;
    Object.assign(headers, await this.#signatureHeaders(c.signing, url, headers, bodyBytes));

    const sentHeaders = { ...headers };
    const sent = 'bytes' in c.body ? `bytes ${Buffer.from(c.body.bytes).toString('hex')}` : bodyText;
    const answer = await this.#wire.send({ method: 'POST', path: url.pathname, headers: Object.entries(headers), body: bodyBytes, chunked: c.chunked });
    const dropped = await this.#wire.probe(PROBE);
    return { status: answer.status, headers: answer.headers, text: answer.text, sent, sentHeaders, ...(dropped && { dropped }) };
  }

  async #signatureHeaders(signing: Signing, url: URL, headers: Record<string, string>, body: Uint8Array): Promise<Record<string, string>> {
    const { admin } = this.pool.pool;
    const date = new Date(this.#clock);
    const sign = (
      options: {
        body?: Uint8Array;
        secret?: string;
        keyId?: string;
        date?: Date;
        region?: string;
        service?: string;
        declareHash?: boolean;
        headers?: Record<string, string>;
      } = {},
    ) =>
      sigv4(url, options.headers ?? headers, options.body ?? body, {
        accessKeyId: options.keyId ?? admin.accessKeyId,
        secretAccessKey: options.secret ?? admin.secretAccessKey,
        date: options.date ?? date,
        region: options.region ?? 'us-east-1',
        service: options.service ?? 'cognito-idp',
        declareHash: options.declareHash ?? true,
      });
    switch (signing.kind) {
      case 'none':
        return {};
      case 'good':
        return sign();
      case 'wrong-secret':
        return sign({ secret: `${admin.secretAccessKey.slice(1)}x` });
      case 'wrong-key-id':
        return sign({ keyId: 'AKIAFUZZFUZZFUZZFUZZ' });
      case 'stale':
        return sign({ date: new Date(this.#clock + signing.minutes * 60_000) });
      case 'other-scope':
        return sign({ region: signing.region, service: signing.service });
      case 'swapped-body':
        return sign({ body: new TextEncoder().encode('{"Swapped":"the body that was signed"}'), declareHash: signing.declareHash });
      case 'content-type-changed-after-signing': {
        // Signed with a content type, sent with another.
        const signedType = headers['content-type'] || AMZ_JSON;
        const sentType = signing.contentType === signedType ? `${signedType}; x=1` : signing.contentType;
        return { ...(await sign({ headers: { ...headers, 'content-type': signedType } })), 'content-type': sentType };
      }
      case 'date-changed-after-signing':
        return { ...(await sign()), 'x-amz-date': signing.date };
      case 'garbage':
        return { authorization: signing.authorization, ...(signing.date !== undefined && { 'x-amz-date': signing.date }) };
    }
  }

  /**
   * Runs one case: sets the world up, resolves the genuine values, sends it,
   * and returns a full report of what went wrong, or undefined if the pool
   * kept the protocol and nothing crashed.
   */
  async run(c: PoolCase, signedOperation: boolean, crashes: CrashWatch): Promise<string | undefined> {
    await this.prepare();
    this.takeLog();
    let sent: PoolCase = c;
    let answer: PoolAnswer;
    try {
      if ('json' in c.body) sent = { ...c, body: { json: await withDeadline(this.resolve(c.body.json), CASE_DEADLINE_MS, 'setting the case up') } };
      answer = await withDeadline(this.send(sent), CASE_DEADLINE_MS, 'the request and the probe after it');
    } catch (error) {
      // A hung connection is not reused: the next case gets a fresh one.
      if ((error as { code?: unknown }).code === 'FUZZ_DEADLINE') this.#freshConnection();
      return this.report([noAnswer(error), ...(await crashes.take())].join('\n'), sent, undefined, error);
    }
    const crashed = await crashes.take();
    if (crashed.length > 0) return this.report(`the process crashed:\n${crashed.join('\n')}`, sent, answer);
    const problem = PoolWorld.problemWith(answer, sent, signedOperation);
    return problem ? this.report(problem, sent, answer) : undefined;
  }

  /** Why an answer breaks the protocol, or undefined when it keeps it. */
  static problemWith(answer: PoolAnswer, c: PoolCase, signedOperation: boolean): string | undefined {
    const { status, headers, text } = answer;
    if (answer.dropped) return `${answer.dropped}; this case's answer was ${status} ${clip(text, 200)} with connection: ${headers.get('connection')}`;
    if (status !== 200 && status !== 400) return `status ${status}, expected 200 or 400`;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return `status ${status} with a body that is not JSON`;
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return `status ${status} with a JSON body that is not an object`;
    if (headers.get('content-type') !== AMZ_JSON) return `content-type ${headers.get('content-type')}, expected ${AMZ_JSON}`;
    if (status === 400) {
      const error = json as Record<string, unknown>;
      if (typeof error.__type !== 'string' || typeof error.message !== 'string') return 'a 400 without a string __type and message';
      const extra = Object.keys(error).filter((key) => key !== '__type' && key !== 'message');
      if (extra.length > 0) return `a 400 with extra members ${extra.join(', ')}`;
      if (headers.get('x-amzn-errortype') !== `${error.__type}:`) return `x-amzn-errortype ${headers.get('x-amzn-errortype')} does not name ${error.__type}`;
      if (/\bat \S+ \(|node:internal|\.ts:\d+:\d+/.test(error.message)) return 'a stack trace in the error message';
    }
    const error = json as Record<string, unknown>;
    // Refusals that come before the operation is looked up or run: the body is read and parsed first.
    const refusedUnread = status === 400 && (error.__type === 'SerializationException' || /maximum size/.test(String(error.message)));
    if (c.target !== undefined) {
      // A name no operation has is an unknown operation, whatever the body and the signature.
      const named = c.target?.startsWith(TARGET_PREFIX) ? c.target.slice(TARGET_PREFIX.length) : undefined;
      if (named !== undefined && knownOperations.has(named)) return undefined;
      if (!refusedUnread && error.__type !== 'UnknownOperationException')
        return `the unknown operation ${clip(JSON.stringify(c.target), 120)} got ${status} ${clip(text, 200)}`;
      return undefined;
    }
    const badlySigned = !signedOperation ? undefined : c.signing.kind === 'none' ? 'unsigned' : c.signing.kind === 'good' ? undefined : c.signing.kind;
    if (badlySigned && !refusedUnread && !(status === 400 && SIGNATURE_ERROR.test(String(error.__type)))) {
      return `an admin operation sent ${badlySigned} reached the operation: ${status} ${clip(text, 200)}`;
    }
    return undefined;
  }

  /** A failure message with everything needed to understand and replay it. */
  report(problem: string, c: PoolCase, answer: PoolAnswer | undefined, error?: unknown): string {
    const lines = [
      `${problem}`,
      `operation: ${c.operation}${c.target !== undefined ? ` (X-Amz-Target ${JSON.stringify(c.target)})` : ''}, signing: ${JSON.stringify(c.signing)}`,
      answer ? `sent headers: ${clip(JSON.stringify(answer.sentHeaders), 400)}` : '',
      answer ? `sent body: ${clip(answer.sent, 800)}` : '',
      answer ? `answer: ${answer.status} ${clip(answer.text, 800)}` : '',
      error !== undefined ? `error: ${describeError(error)}` : '',
      ...this.takeLog().map((line) => `pool log: ${clip(line, 3000)}`),
    ];
    return lines.filter(Boolean).join('\n');
  }
}

/**
 * A user record as far as the next case cares: failed password attempts
 * count only once they lock the user out.
 */
function userState(user: object, now: number): string {
  const { failedAttempts: _f, lastFailedAt: _l, lockedUntil, ...rest } = user as Record<string, unknown>;
  return JSON.stringify({ ...rest, locked: typeof lockedUntil === 'number' && lockedUntil > now });
}

function originJti(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { origin_jti?: string };
  return payload.origin_jti ?? '';
}

function encodeBody(body: BodySpec): Uint8Array {
  if ('bytes' in body) return body.bytes;
  if ('text' in body) return new TextEncoder().encode(body.text);
  return new TextEncoder().encode(JSON.stringify(body.json) ?? '');
}

/**
 * AWS Signature V4 as the SDK signs: @smithy/signature-v4 over `host`,
 * `x-amz-date`, `x-amz-target`, `content-type` and `x-amz-content-sha256`.
 * Returns the headers to add (the host is the HTTP client's to send).
 */
export async function sigv4(
  url: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  options: { accessKeyId: string; secretAccessKey: string; date: Date; region: string; service: string; declareHash: boolean },
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    region: options.region,
    service: options.service,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const toSign: Record<string, string> = { host: url.host };
  for (const name of ['x-amz-target', 'content-type']) if (headers[name] !== undefined) toSign[name] = headers[name];
  if (options.declareHash) toSign['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
  const signed = await signer.sign(
    { method: 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: toSign, body },
    { signingDate: options.date },
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) if (name.toLowerCase() !== 'host') out[name.toLowerCase()] = String(value);
  return out;
}
