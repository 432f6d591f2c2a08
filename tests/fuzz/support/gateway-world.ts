/**
 * The whole demo stack under fuzz (user pool and API gateway), reached over
 * the wire, with genuine tokens to spoil: alice's and bob's ID and access
 * tokens from a real sign-in, and tokens re-signed with the pool's own key
 * after their claims were changed, so that a case can get past the signature
 * to the claim checks and the Lambda event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack } from '../../../src/stack/stack.ts';
import { activeKey } from '../../../src/stack/userpool/keys.ts';
import { callPool, TEST_SITE_ORIGIN } from '../../helpers/user-pool.ts';
import { applyEdit, type StringEdit } from './pool-world.ts';
import { clip, describe as describeError, noAnswer, withDeadline, type CrashWatch } from './runner.ts';
import { base64url } from './values.ts';
import { WireClient, type WireAnswer } from './wire.ts';
import { createPrivateKey, sign, type JsonWebKeyInput } from 'node:crypto';

export type TokenName = 'aliceId' | 'aliceAccess' | 'bobId' | 'bobAccess';

/** What a case puts in the Authorization header. */
export type Credential =
  | { kind: 'raw'; value: string }
  /** A JWT-shaped string: each part JSON (of any kind) in base64url, or a raw segment. */
  | { kind: 'jwt'; header: JwtPart; payload: JwtPart; signature: string; scheme: string }
  /** A genuine token, maybe spoiled. */
  | { kind: 'genuine'; token: TokenName; edit?: StringEdit; scheme: string }
  /** A genuine token with changed claims (and header members), signed again with the pool's key. */
  | { kind: 'resigned'; token: TokenName; header: Record<string, unknown>; claims: Record<string, unknown>; drop: string[]; scheme: string };

export type JwtPart = { json: unknown } | { segment: string };

export interface GatewayCase {
  method: string;
  /** Sent verbatim. */
  path: string;
  /** Authorization headers (none, one, or repeated). */
  credentials: Credential[];
  headers: Array<[string, string]>;
  body?: Uint8Array | string;
  chunked: boolean;
}

export interface GatewayAnswer extends WireAnswer {
  sentHeaders: Array<[string, string]>;
  dropped?: string;
}

/** Headers that are the HTTP client's to send (framing, connection), not the case's. */
const HOP_BY_HOP = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
]);

/** No case takes this long unless something hangs. */
const CASE_DEADLINE_MS = 45_000;

/** A request the gateway answers at once: sent after each case on the same connection. */
const PROBE = { method: 'GET', path: '/rest/prod/public', headers: [] as Array<[string, string]> };

export class GatewayWorld {
  readonly stack: RunningStack;
  readonly gatewayUrl: string;
  readonly #dataDir: string;
  #wire: WireClient;
  readonly #log: string[] = [];
  #tokens: Record<TokenName, string> | undefined;
  #mintedAt = 0;

  private constructor(stack: RunningStack, dataDir: string, log: string[]) {
    this.stack = stack;
    this.#dataDir = dataDir;
    this.#log = log;
    this.gatewayUrl = new URL(stack.info.apis.rest).origin;
    this.#wire = new WireClient(this.gatewayUrl);
  }

  static async start(): Promise<GatewayWorld> {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-fuzz-'));
    const log: string[] = [];
    const stack = await startStack({
      dataDir,
      host: '127.0.0.1',
      userPoolPort: 0,
      gatewayPort: 0,
      siteOrigins: [TEST_SITE_ORIGIN],
      log: (line) => log.push(line),
    });
    return new GatewayWorld(stack, dataDir, log);
  }

  async close(): Promise<void> {
    this.#wire.close();
    await this.stack.close();
    rmSync(this.#dataDir, { recursive: true, force: true });
  }

  #freshConnection(): void {
    this.#wire.close();
    this.#wire = new WireClient(this.gatewayUrl);
  }

  takeLog(): string[] {
    return this.#log.splice(0);
  }

  /** USER_PASSWORD_AUTH against the stack's pool; throws unless it gives tokens. */
  async signIn(username: string, password: string): Promise<{ IdToken: string; AccessToken: string }> {
    const answer = await callPool(this.stack.info.userPoolEndpoint, 'InitiateAuth', {
      ClientId: this.stack.info.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    const result = answer.json?.AuthenticationResult;
    if (answer.status !== 200 || !result?.IdToken) throw new Error(`${username} cannot sign in: ${answer.status} ${clip(answer.text)}`);
    return result;
  }

  /**
   * Genuine tokens, minted again when half their hour is gone (by the
   * monotonic clock: a long `npm run fuzz` outlives an hour's tokens, and no
   * outcome depends on when they are minted).
   */
  async tokens(): Promise<Record<TokenName, string>> {
    if (!this.#tokens || performance.now() - this.#mintedAt > 30 * 60_000) {
      const alice = await this.signIn('alice', 'Alice-demo-1');
      const bob = await this.signIn('bob', 'Bob-demo-1');
      this.#tokens = { aliceId: alice.IdToken, aliceAccess: alice.AccessToken, bobId: bob.IdToken, bobAccess: bob.AccessToken };
      this.#mintedAt = performance.now();
    }
    return this.#tokens;
  }

  /** The Authorization header value a credential stands for. */
  async authorization(credential: Credential): Promise<string> {
    switch (credential.kind) {
      case 'raw':
        return credential.value;
      case 'jwt':
        return credential.scheme + [part(credential.header), part(credential.payload), credential.signature].join('.');
      case 'genuine': {
        const token = (await this.tokens())[credential.token];
        return credential.scheme + (credential.edit ? applyEdit(token, credential.edit) : token);
      }
      case 'resigned': {
        const token = (await this.tokens())[credential.token];
        const [header, payload] = token
          .split('.')
          .slice(0, 2)
          .map((segment) => JSON.parse(Buffer.from(segment, 'base64url').toString())) as [Record<string, unknown>, Record<string, unknown>];
        const claims: Record<string, unknown> = { ...payload };
        for (const name of credential.drop) delete claims[name];
        for (const [name, value] of Object.entries(credential.claims))
          Object.defineProperty(claims, name, { value, enumerable: true, writable: true, configurable: true });
        return credential.scheme + this.sign({ ...header, ...credential.header }, claims, credential.token.endsWith('Id') ? 'id' : 'access');
      }
    }
  }

  /** A JWT signed with the pool's active key for `use`, as the pool signs its own. */
  sign(header: Record<string, unknown>, claims: Record<string, unknown>, use: 'id' | 'access'): string {
    const { store, seed } = this.stack.userPool;
    const key = activeKey(store.listKeys(seed.pool.id), use)!;
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    // node:crypto directly: the pool's own signer is asynchronous, and this runs inside a synchronous case builder.
    return `${input}.${base64url(sign('sha256', Buffer.from(input), createPrivateKey({ key: key.privateJwk as JsonWebKeyInput['key'], format: 'jwk' })))}`;
  }

  async send(c: GatewayCase): Promise<GatewayAnswer> {
    // Node refuses a request head over 16 KiB (431, then it closes the connection), before the
    // stack sees it: values are cut to fit in about 15 KB in all. A lone token can still
    // cross the gateway's 10,240-byte cap.
    let budget = 15_000 - c.path.length;
    const headers: Array<[string, string]> = [];
    const add = (name: string, value: string, cap: number) => {
      const cut = value.slice(0, Math.max(0, Math.min(cap, budget - name.length - 4)));
      budget -= name.length + 4 + cut.length;
      headers.push([name, cut]);
    };
    for (const credential of c.credentials) add('authorization', headerValue(await this.authorization(credential)), 12_000);
    for (const [name, value] of c.headers) if (!HOP_BY_HOP.has(name.toLowerCase())) add(name, headerValue(value), 2000);
    const body = typeof c.body === 'string' ? new TextEncoder().encode(c.body) : c.body;
    const answer = await this.#wire.send({ method: c.method, path: c.path, headers, body, chunked: c.chunked });
    const dropped = await this.#wire.probe(PROBE);
    return { ...answer, sentHeaders: headers, ...(dropped && { dropped }) };
  }

  /** Runs one case; returns a full report of what went wrong, or undefined. */
  async run(c: GatewayCase, crashes: CrashWatch): Promise<string | undefined> {
    this.takeLog();
    let answer: GatewayAnswer;
    try {
      answer = await withDeadline(this.send(c), CASE_DEADLINE_MS, 'the request and the probe after it');
    } catch (error) {
      // A hung connection is not reused: the next case gets a fresh one.
      if ((error as { code?: unknown }).code === 'FUZZ_DEADLINE') this.#freshConnection();
      return this.report([noAnswer(error), ...(await crashes.take())].join('\n'), c, undefined, error);
    }
    const crashed = await crashes.take();
    if (crashed.length > 0) return this.report(`the process crashed:\n${crashed.join('\n')}`, c, answer);
    const problem = GatewayWorld.problemWith(answer, c);
    return problem ? this.report(problem, c, answer) : undefined;
  }

  /** Why an answer breaks the gateway's contract, or undefined. */
  static problemWith(answer: GatewayAnswer, c: GatewayCase): string | undefined {
    const { status, headers, text } = answer;
    if (answer.dropped) return `${answer.dropped}; this case's answer was ${status} ${clip(text, 200)}`;
    if (status >= 500) return `status ${status}`;
    if (status < 100) return `no valid status (${status})`;
    const type = headers.get('content-type') ?? '';
    if (/json/i.test(type) && text !== '' && c.method !== 'HEAD') {
      try {
        JSON.parse(text);
      } catch {
        return `status ${status} says ${type} but the body is not JSON`;
      }
    }
    if (type !== '' && !/json|^text\//i.test(type)) return `status ${status} with a body of type ${type}, neither JSON nor text`;
    return undefined;
  }

  report(problem: string, c: GatewayCase, answer: GatewayAnswer | undefined, error?: unknown): string {
    return [
      problem,
      `request: ${c.method} ${clip(c.path, 300)}`,
      answer ? `sent headers: ${clip(JSON.stringify(answer.sentHeaders), 1200)}` : '',
      c.body !== undefined ? `sent body: ${clip(typeof c.body === 'string' ? c.body : `bytes ${Buffer.from(c.body).toString('hex')}`, 300)}` : '',
      answer ? `answer: ${answer.status} ${clip(JSON.stringify([...answer.headers]), 400)} ${clip(answer.text, 800)}` : '',
      error !== undefined ? `error: ${describeError(error)}` : '',
      ...this.takeLog().map((line) => `stack log: ${clip(line, 3000)}`),
    ]
      .filter(Boolean)
      .join('\n');
  }
}

function part(value: JwtPart): string {
  return 'segment' in value ? value.segment : base64url(JSON.stringify(value.json) ?? '');
}

/** A header value as a client can send it: beyond Latin-1 as UTF-8 bytes, no control characters. */
export function headerValue(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a header value cannot carry
  return Buffer.from(text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '?'), 'utf8')
    .toString('latin1')
    .trim();
}
