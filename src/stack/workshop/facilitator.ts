import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { WORKSHOP_PATHS } from '../../lib/stack-urls.ts';
import type { Trace } from '../../lib/trace/types.ts';
import { FAULT_INTEGRATION_TIMEOUT_MS, MAX_FAULT_LATENCY_MS, type GatewayFaults } from '../gateway/faults.ts';
import type { Timers } from '../gateway/timers.ts';
import { eventStreamSession } from '../http/event-stream.ts';
import { readCapped } from '../http/read-capped.ts';
import type { ClientInfo, FetchHandler } from '../http/types.ts';
import type { MailRecord } from '../userpool/store.ts';
import { AdminCallError, type AdminClient } from './admin-client.ts';
import { cardPassword } from './random.ts';
import { parseReport, Room, type Participant } from './room.ts';
import type { FacilitatorToken } from './token.ts';

/** What the facilitator's API does to the user pool. */
export interface WorkshopPool {
  poolId: string;
  clientId: string;
  /** Cognito's admin operations, SigV4-signed, over HTTP. */
  admin: AdminClient;
  /** The pool's local operations, which Cognito's API has no equivalent for. */
  rotateKeys(graceSeconds: number): Promise<{ use: string; kid: string }[]>;
  reset(): Promise<void>;
  listMail(afterId: number, limit: number): MailRecord[];
}

/** What the facilitator's API does to the gateway. */
export interface WorkshopGateway {
  faults: GatewayFaults;
  forgetKeys(): void;
  warmKeys(): Promise<void>;
  traces: { get(requestId: string): Trace | undefined; subscribe(subscriber: (trace: Trace) => void): () => void };
}

export interface WorkshopOptions {
  token: FacilitatorToken;
  pool: WorkshopPool;
  gateway: WorkshopGateway;
  /** The site's origins: the only pages that may call the workshop's endpoints from a browser. */
  siteOrigins: readonly string[];
  /** Said after a revocation: where the new token is (the Node stack: its private file). */
  newTokenHint?: string;
  timers: Timers;
  now?: () => number;
  log?: (line: string) => void;
}

export interface Workshop {
  /** Serves `/_workshop/…`; the gateway's server hands it those paths. */
  handler: FetchHandler;
  room: Room;
  /** The facilitator's routes as registered (method, path below /_workshop/facilitator): for the test that every one is in FACILITATOR_ENDPOINTS. */
  routes: readonly (readonly [string, string])[];
  close(): void;
}

/** One line of the live trace feed: enough to pick a trace, which is then read whole. */
export interface TraceSummary {
  requestId: string;
  api: string;
  method: string;
  path: string;
  status: number;
  startedAt: number;
  durationMs: number;
  sourceIp: string;
  failure: { check: string; reason: string } | null;
}

export interface Lifetimes {
  idTokenMinutes: number;
  accessTokenMinutes: number;
}

/**
 * Every endpoint of the facilitator's API, which refuses any request without
 * the facilitator's token. The tests walk this list; a route not in it is a
 * test failure (tests/workshop/facilitator-auth.test.ts).
 */
export const FACILITATOR_ENDPOINTS = [
  ['GET', '/state'],
  ['GET', '/events'],
  ['GET', '/accounts'],
  ['POST', '/accounts'],
  ['POST', '/reset'],
  ['POST', '/rotate-keys'],
  ['GET', '/lifetimes'],
  ['PUT', '/lifetimes'],
  ['GET', '/faults'],
  ['PUT', '/faults'],
  ['GET', '/mailbox'],
  ['GET', '/traces/:requestId'],
  ['POST', '/token/revoke'],
] as const;

/** Cognito's bounds for ID and access tokens: 5 minutes to 1 day (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolClient.html). */
export const LIFETIME_MINUTES = { min: 5, max: 1440, default: 60 } as const;
export const MAX_ACCOUNTS_PER_REQUEST = 200;
const MAX_BODY_BYTES = 16_384;
const MAX_GRACE_SECONDS = 86_400;
/** A console that stops reading must not make the stack hold events for it without end. */
const MAX_UNSENT = 500;
const RECENT_TRACES = 50;
const JSON_TYPE = /^application\/json\s*(;|$)/i;
const PREFIX = /^[a-z][a-z0-9-]{0,19}$/;
const REALM = 'Token Trail facilitator';

class BadRequest extends Error {}

/**
 * The workshop's endpoints, on the gateway's server under `/_workshop`:
 *
 * - `POST /_workshop/progress`: a participant's browser says which chapter it
 *   is on. Anyone may; a report is a name and a chapter id, nothing more.
 * - `/_workshop/facilitator/…`: the facilitator's console. Every request
 *   must carry `Authorization: Bearer <facilitator token>` (RFC 6750,
 *   section 2.1); anything else, a participant's Cognito token included, gets
 *   a 401 with RFC 6750's `WWW-Authenticate` challenge (section 3), and a URL
 *   that carries a token is refused before it is looked at. Admin changes go
 *   to the pool as SigV4-signed Cognito calls, like any administrator's.
 *
 * None of this passes through the gateway's pipeline, so nothing here is
 * ever traced. Bad input gets a 4xx with `{"message"}`, never a 5xx.
 */
export function createWorkshop(options: WorkshopOptions): Workshop {
  const { token, pool, gateway, timers } = options;
  const log = options.log ?? (() => {});
  const room = new Room(options.now);
  const origins = new Set(options.siteOrigins);
  const openStreams = new Set<() => void>();
  const listeners = new Set<(event: string, data: unknown) => void>();
  const broadcast = (event: string, data: unknown) => {
    for (const listener of listeners) listener(event, data);
  };
  const recent: TraceSummary[] = [];
  const unsubscribeTraces = gateway.traces.subscribe((trace) => {
    const summary = summarise(trace);
    recent.push(summary);
    if (recent.length > RECENT_TRACES) recent.shift();
    broadcast('trace', summary);
  });
  const unsubscribeRoom = room.subscribe((participant) => broadcast('participant', participant));

  const app = new Hono<{ Bindings: { client: ClientInfo } }>();

  // CORS: the site's pages only. A preflight carries no credentials and learns nothing but the methods.
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !origins.has(origin))
      return c.json({ message: `The workshop's endpoints answer only the tutorial site's pages, not pages from ${origin.slice(0, 100)}.` }, 403);
    if (origin !== undefined) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
    }
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT');
      c.header('Access-Control-Allow-Headers', 'authorization, content-type');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    return next();
  });

  app.post(WORKSHOP_PATHS.progress, async (c) => {
    const report = parseReport(await jsonBody(c.req.raw));
    if (typeof report === 'string') throw new BadRequest(report);
    if (!room.report(report)) return c.json({ message: 'The room is full.' }, 429);
    return c.body(null, 204);
  });

  const facilitator = new Hono<{ Bindings: { client: ClientInfo } }>();
  facilitator.use('*', async (c, next) => {
    // RFC 6750, section 5.3: bearer tokens do not belong in URLs, where logs and histories keep them.
    const url = new URL(c.req.url);
    if (url.search.length > 0 && (/(^|[?&])(access_)?token=/i.test(url.search) || url.search.includes('ttf_'))) {
      return c.json({ message: 'The facilitator token goes in the Authorization header, never in a URL.' }, 400);
    }
    const check = token.check(c.req.header('authorization') ?? null);
    if (check !== 'ok') {
      c.header('WWW-Authenticate', check === 'missing' ? `Bearer realm="${REALM}"` : `Bearer realm="${REALM}", error="invalid_token"`);
      return c.json(
        {
          message:
            check === 'missing' ? 'The facilitator token is required: Authorization: Bearer <token>.' : 'That is not the facilitator token, or it was revoked.',
        },
        401,
      );
    }
    c.header('Cache-Control', 'no-store');
    return next();
  });

  facilitator.get('/state', async (c) => c.json({ room: room.list(), faults: gateway.faults, lifetimes: await lifetimes(), traces: recent }));

  facilitator.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const session = eventStreamSession(stream, openStreams, timers, MAX_UNSENT);
      await stream.writeSSE({ event: 'state', data: JSON.stringify({ room: room.list(), faults: gateway.faults, traces: recent }) });
      const listener = (event: string, data: unknown) => session.send({ event, data: JSON.stringify(data) });
      listeners.add(listener);
      await session.ended();
      listeners.delete(listener);
    }),
  );

  facilitator.get('/accounts', async (c) => c.json({ users: await listUsers() }));

  facilitator.post('/accounts', async (c) => {
    const body = objectBody(await jsonBody(c.req.raw));
    const count = body.count;
    const prefix = body.prefix ?? 'participant';
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_ACCOUNTS_PER_REQUEST)
      throw new BadRequest(`\`count\` must be an integer from 1 to ${MAX_ACCOUNTS_PER_REQUEST}.`);
    if (typeof prefix !== 'string' || !PREFIX.test(prefix))
      throw new BadRequest('`prefix` must be a lower-case letter, then up to 19 lower-case letters, digits or -.');
    const taken = new Set((await listUsers()).map((user) => user.username));
    const accounts: { username: string; password: string }[] = [];
    for (let n = 1; accounts.length < count; n++) {
      const username = `${prefix}-${String(n).padStart(3, '0')}`;
      if (taken.has(username)) continue;
      const password = cardPassword();
      // AdminCreateUser with MessageAction SUPPRESS sends no email; AdminSetUserPassword with Permanent
      // confirms the user, so there is no new password to choose at first sign-in
      // (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html).
      await pool.admin.call('AdminCreateUser', { UserPoolId: pool.poolId, Username: username, TemporaryPassword: password, MessageAction: 'SUPPRESS' });
      await pool.admin.call('AdminSetUserPassword', { UserPoolId: pool.poolId, Username: username, Password: password, Permanent: true });
      accounts.push({ username, password });
    }
    log(`created ${count} participant accounts (${accounts[0]!.username} to ${accounts.at(-1)!.username})`);
    return c.json({ accounts }, 201);
  });

  facilitator.post('/reset', async (c) => {
    objectBody(await jsonBody(c.req.raw));
    await pool.reset();
    // The seed's fresh keys have new ids: every authorizer fetches them now, not at the room's next hundred tokens.
    gateway.forgetKeys();
    await gateway.warmKeys();
    broadcast('reset', { at: Date.now() });
    return c.json({ message: 'The user pool is back to its seed.', lifetimes: await lifetimes() });
  });

  facilitator.post('/rotate-keys', async (c) => {
    const body = objectBody(await jsonBody(c.req.raw));
    const grace = body.graceSeconds ?? 3600;
    if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS)
      throw new BadRequest(`\`graceSeconds\` must be an integer from 0 to ${MAX_GRACE_SECONDS}.`);
    const signing = await pool.rotateKeys(grace);
    return c.json({ signing, graceSeconds: grace });
  });

  facilitator.get('/lifetimes', async (c) => c.json(await lifetimes()));

  facilitator.put('/lifetimes', async (c) => {
    const body = objectBody(await jsonBody(c.req.raw));
    const minutes = body.minutes;
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < LIFETIME_MINUTES.min || minutes > LIFETIME_MINUTES.max) {
      throw new BadRequest(`\`minutes\` must be an integer from ${LIFETIME_MINUTES.min} to ${LIFETIME_MINUTES.max}.`);
    }
    const { UserPoolClient: client } = await pool.admin.call<{ UserPoolClient: Record<string, unknown> }>('DescribeUserPoolClient', {
      UserPoolId: pool.poolId,
      ClientId: pool.clientId,
    });
    // UpdateUserPoolClient resets every setting the request leaves out to its default
    // (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolClient.html):
    // what is not changed is sent back as it was.
    const units = client.TokenValidityUnits as Record<string, string>;
    await pool.admin.call('UpdateUserPoolClient', {
      UserPoolId: pool.poolId,
      ClientId: pool.clientId,
      ClientName: client.ClientName,
      ExplicitAuthFlows: client.ExplicitAuthFlows,
      PreventUserExistenceErrors: client.PreventUserExistenceErrors,
      EnableTokenRevocation: client.EnableTokenRevocation,
      AuthSessionValidity: client.AuthSessionValidity,
      RefreshTokenValidity: client.RefreshTokenValidity,
      IdTokenValidity: minutes,
      AccessTokenValidity: minutes,
      TokenValidityUnits: { RefreshToken: units.RefreshToken, IdToken: 'minutes', AccessToken: 'minutes' },
    });
    const now = await lifetimes();
    broadcast('lifetimes', now);
    return c.json(now);
  });

  facilitator.get('/faults', (c) => c.json(gateway.faults));

  facilitator.put('/faults', async (c) => {
    const body = objectBody(await jsonBody(c.req.raw));
    const next = { ...gateway.faults };
    for (const [name, value] of Object.entries(body)) {
      if (name === 'latencyMs') {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_FAULT_LATENCY_MS)
          throw new BadRequest(`\`latencyMs\` must be an integer from 0 to ${MAX_FAULT_LATENCY_MS}.`);
        next.latencyMs = value;
      } else if (name === 'jwksUnreachable' || name === 'functionThrows' || name === 'functionTimeout') {
        if (typeof value !== 'boolean') throw new BadRequest(`\`${name}\` must be true or false.`);
        next[name] = value;
      } else {
        throw new BadRequest(`Unknown fault switch \`${name.slice(0, 40)}\`: jwksUnreachable, functionThrows, latencyMs and functionTimeout are.`);
      }
    }
    const restored = gateway.faults.jwksUnreachable && !next.jwksUnreachable;
    Object.assign(gateway.faults, next);
    // Back on: the keys are fetched now, with no cooldown left from the outage.
    if (restored) {
      gateway.forgetKeys();
      await gateway.warmKeys();
    }
    log(`fault switches: ${describeFaults(gateway.faults)}`);
    broadcast('faults', gateway.faults);
    return c.json(gateway.faults);
  });

  facilitator.get('/mailbox', (c) => {
    const after = Number(c.req.query('after') ?? 0);
    const limit = Number(c.req.query('limit') ?? 50);
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > 200)
      throw new BadRequest('`after` must be a non-negative integer and `limit` one from 1 to 200.');
    return c.json({ messages: pool.listMail(after, limit) });
  });

  facilitator.get('/traces/:requestId', (c) => {
    const trace = gateway.traces.get(c.req.param('requestId'));
    if (!trace) return c.json({ message: 'No trace for this request id: it is unknown, or too old to be kept.' }, 404);
    return c.json(trace);
  });

  facilitator.post('/token/revoke', async (c) => {
    objectBody(await jsonBody(c.req.raw));
    token.revoke();
    log('the facilitator token was revoked; a new one was issued');
    return c.json({ message: `Revoked. ${options.newTokenHint ?? 'A new token was issued.'}` });
  });

  facilitator.notFound((c) => c.json({ message: 'No such facilitator endpoint.' }, 404));
  app.route(WORKSHOP_PATHS.facilitator, facilitator);
  app.notFound((c) => c.json({ message: 'Not found.' }, 404));
  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.json({ message: error.message }, 400);
    if (error instanceof AdminCallError && error.status < 500) return c.json({ message: `The user pool refused: ${error.type}: ${error.message}` }, 409);
    log(`workshop error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return c.json({ message: 'Internal error; the stack log has the details.' }, 500);
  });

  async function lifetimes(): Promise<Lifetimes> {
    const { UserPoolClient: client } = await pool.admin.call<{ UserPoolClient: Record<string, unknown> }>('DescribeUserPoolClient', {
      UserPoolId: pool.poolId,
      ClientId: pool.clientId,
    });
    const units = client.TokenValidityUnits as Record<string, string>;
    const minutes = (value: unknown, unit: string | undefined) => Number(value) * UNIT_MINUTES[unit ?? 'hours']!;
    return { idTokenMinutes: minutes(client.IdTokenValidity, units.IdToken), accessTokenMinutes: minutes(client.AccessTokenValidity, units.AccessToken) };
  }

  async function listUsers(): Promise<{ username: string; status: string; enabled: boolean; createdAt: number }[]> {
    const users: { username: string; status: string; enabled: boolean; createdAt: number }[] = [];
    let paginationToken: string | undefined;
    do {
      const page = await pool.admin.call<{ Users: Record<string, unknown>[]; PaginationToken?: string }>('ListUsers', {
        UserPoolId: pool.poolId,
        Limit: 60,
        ...(paginationToken && { PaginationToken: paginationToken }),
      });
      for (const user of page.Users)
        users.push({
          username: String(user.Username),
          status: String(user.UserStatus),
          enabled: Boolean(user.Enabled),
          createdAt: Number(user.UserCreateDate) * 1000,
        });
      paginationToken = page.PaginationToken;
    } while (paginationToken);
    return users;
  }

  return {
    handler: (request, client) => app.fetch(request, { client }),
    room,
    routes: facilitator.routes.filter((route) => route.method !== 'ALL').map((route) => [route.method, route.path] as const),
    close() {
      unsubscribeTraces();
      unsubscribeRoom();
      for (const end of [...openStreams]) end();
    },
  };
}

const UNIT_MINUTES: Record<string, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 };

async function jsonBody(request: Request): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) throw new BadRequest('The body must be application/json.');
  const bytes = await readCapped(request.body, MAX_BODY_BYTES);
  if (bytes === undefined) throw new BadRequest(`The body must be at most ${MAX_BODY_BYTES} bytes.`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new BadRequest('The body is not JSON.');
  }
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('The body must be a JSON object.');
  return body as Record<string, unknown>;
}

function summarise(trace: Trace): TraceSummary {
  const received = trace.hops.find((hop) => hop.name === 'received');
  return {
    requestId: trace.requestId,
    api: trace.api,
    method: trace.method,
    path: trace.path,
    status: trace.status,
    startedAt: trace.startedAt,
    durationMs: trace.durationMs,
    sourceIp: received?.name === 'received' ? received.detail.sourceIp : '',
    failure: trace.failure ? { check: trace.failure.check, reason: trace.failure.reason } : null,
  };
}

export function describeFaults(faults: GatewayFaults): string {
  const on = [
    faults.jwksUnreachable && 'JWKS unreachable',
    faults.functionThrows && 'functions throw',
    faults.latencyMs > 0 && `${faults.latencyMs} ms added latency`,
    faults.functionTimeout && `functions time out (integration timeout ${FAULT_INTEGRATION_TIMEOUT_MS} ms)`,
  ].filter(Boolean);
  return on.length === 0 ? 'all off' : on.join(', ');
}

export type { Participant };
