/**
 * The facilitator's features, through its API over HTTP on loopback:
 * bulk-created accounts sign in with the real aws-amplify v6; a reset
 * restores the seed; shortened lifetimes show in the next tokens; each fault
 * switch gets its documented answer at the gateway (REST 502 and 504, HTTP
 * 500 and 503, the JWKS failing closed), and switching it off restores
 * service. Also: key rotation with a grace period, the room's live progress,
 * the mailbox, traces, and bad input of every kind answered with a 4xx.
 *
 * No test waits for the clock: the gateway's timers are the test's
 * (tests/helpers/manual-timers.ts), fired once the test has seen them set.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callPool } from '../helpers/user-pool.ts';
import { amplifyTokens, claims, configureAmplify, eventReader, startWorkshopStack, TEST_SITE_ORIGIN, type WorkshopStack } from './fixtures.ts';

let workshop: WorkshopStack;
const BOUND = { timeout: 60_000 };

before(async () => {
  workshop = await startWorkshopStack();
  configureAmplify(workshop.stack);
});
after(() => workshop.close());

type Account = { username: string; password: string };
async function createAccounts(count: number, prefix?: string): Promise<Account[]> {
  const response = await workshop.facilitator('POST', '/accounts', prefix === undefined ? { count } : { count, prefix });
  assert.equal(response.status, 201);
  return ((await response.json()) as { accounts: Account[] }).accounts;
}

const alice = () => workshop.stack.info.demoUsers.find((user) => user.username === 'alice')!;
const get = (url: string, authorization?: string) => fetch(url, { headers: authorization ? { authorization } : {} });

async function assertAnswer(response: Response, status: number, body: string, what: string): Promise<void> {
  assert.equal(response.status, status, what);
  assert.equal(await response.text(), body, what);
}

describe('accounts', () => {
  test('bulk-created accounts sign in with Amplify (SRP) and call the APIs', BOUND, async () => {
    // A prefix of its own: the tests run in any order, and another may have made participants already.
    const accounts = await createAccounts(3, 'signin');
    assert.deepEqual(
      accounts.map((account) => account.username),
      ['signin-001', 'signin-002', 'signin-003'],
    );
    assert.equal(new Set(accounts.map((account) => account.password)).size, 3, 'each has its own password');
    for (const account of accounts) {
      assert.match(account.password, /^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
      const tokens = await amplifyTokens(account.username, account.password);
      assert.equal(claims(tokens.id)['cognito:username'], account.username);
      assert.equal((await get(`${workshop.stack.info.apis.rest}/hello`, tokens.id)).status, 200);
      assert.equal((await get(`${workshop.stack.info.apis.http}/hello`, tokens.access)).status, 200);
    }
    const listed = (await (await workshop.facilitator('GET', '/accounts')).json()) as { users: { username: string; status: string }[] };
    for (const account of accounts) assert.equal(listed.users.find((user) => user.username === account.username)?.status, 'CONFIRMED');
  });

  test('a second batch goes on from the last number, and another prefix starts its own', async () => {
    const first = await createAccounts(2);
    for (const account of first) assert.match(account.username, /^participant-\d{3}$/);
    const last = Number(first.at(-1)!.username.slice(-3));
    const more = await createAccounts(2);
    assert.deepEqual(
      more.map((account) => account.username),
      [last + 1, last + 2].map((number) => `participant-${String(number).padStart(3, '0')}`),
    );
    const [team] = await createAccounts(1, 'team-b');
    assert.equal(team!.username, 'team-b-001');
  });

  test('bad requests get a 400 with a message, never a 5xx', async () => {
    for (const body of [
      { count: 0 },
      { count: 201 },
      { count: 1.5 },
      { count: '3' },
      {},
      { count: 1, prefix: 'Bad Prefix' },
      { count: 1, prefix: '__proto__' },
      [],
      null,
      'x',
    ]) {
      const response = await workshop.facilitator('POST', '/accounts', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(typeof ((await response.json()) as { message: string }).message, 'string');
    }
    const notJson = await workshop.facilitator('POST', '/accounts', undefined, { 'content-type': 'application/json' });
    assert.equal(notJson.status, 400);
    const wrongType = await fetch(`${workshop.api}/accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${workshop.stack.workshop!.token.value}`, 'content-type': 'text/plain' },
      body: '{"count":1}',
    });
    assert.equal(wrongType.status, 400);
    const huge = await workshop.facilitator('POST', '/accounts', { count: 1, padding: 'x'.repeat(20_000) });
    assert.equal(huge.status, 400);
  });
});

describe('token lifetimes', () => {
  test('shortened to 5 minutes, the next tokens live 5 minutes; restored, an hour', BOUND, async () => {
    const shortened = await workshop.facilitator('PUT', '/lifetimes', { minutes: 5 });
    assert.deepEqual(await shortened.json(), { idTokenMinutes: 5, accessTokenMinutes: 5 });
    const short = await amplifyTokens(alice().username, alice().password);
    for (const token of [short.id, short.access]) {
      const { exp, iat } = claims(token) as { exp: number; iat: number };
      assert.equal(exp - iat, 300);
    }
    // The rest of the client's settings survive the update (UpdateUserPoolClient resets what it is not sent).
    const described = await callPool(workshop.stack.info.userPoolEndpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: workshop.stack.info.userPoolClientId,
      AuthParameters: { USERNAME: 'nobody-here', PASSWORD: 'Wrong-pass-1' },
    });
    assert.equal(described.json!.__type, 'NotAuthorizedException', 'PreventUserExistenceErrors is still ENABLED');

    const restored = await workshop.facilitator('PUT', '/lifetimes', { minutes: 60 });
    assert.deepEqual(await restored.json(), { idTokenMinutes: 60, accessTokenMinutes: 60 });
    const long = await amplifyTokens(alice().username, alice().password);
    const { exp, iat } = claims(long.id) as { exp: number; iat: number };
    assert.equal(exp - iat, 3600);
  });

  test('below 5 minutes, above a day, or not a whole number: 400', async () => {
    for (const minutes of [4, 0, -5, 1441, 7.5, '10', null]) {
      assert.equal((await workshop.facilitator('PUT', '/lifetimes', { minutes })).status, 400, String(minutes));
    }
  });
});

describe('fault switches', () => {
  let tokens: { id: string; access: string };
  before(async () => {
    tokens = await amplifyTokens(alice().username, alice().password);
  });

  const rest = () => get(`${workshop.stack.info.apis.rest}/hello`, tokens.id);
  const http = () => get(`${workshop.stack.info.apis.http}/hello`, tokens.access);
  const restJwt = () => get(`${workshop.stack.info.apis.restJwt}/hello`, tokens.access);
  async function switchFaults(faults: Record<string, unknown>): Promise<void> {
    const response = await workshop.facilitator('PUT', '/faults', faults);
    assert.equal(response.status, 200, JSON.stringify(await response.clone().json()));
  }
  async function assertServing(): Promise<void> {
    for (const call of [rest, http, restJwt]) assert.equal((await call()).status, 200);
  }

  test('JWKS unreachable: every API fails closed with its 401, the trace says jwks; off, service is back', async () => {
    await assertServing();
    await switchFaults({ jwksUnreachable: true });
    const refused = await rest();
    await assertAnswer(refused, 401, '{"message":"Unauthorized"}', 'REST');
    assert.equal(refused.headers.get('x-amzn-errortype'), 'UnauthorizedException');
    const trace = (await (await workshop.facilitator('GET', `/traces/${refused.headers.get('x-amzn-requestid')}`)).json()) as {
      failure: { check: string; reason: string };
    };
    assert.equal(trace.failure.check, 'jwks');
    assert.match(trace.failure.reason, /is unreachable \(a fault switch/);
    const httpRefused = await http();
    await assertAnswer(httpRefused, 401, '{"message":"Unauthorized"}', 'HTTP');
    assert.match(
      httpRefused.headers.get('www-authenticate') ?? '',
      /error="invalid_token" error_description="the issuer's signing keys could not be retrieved"/,
    );
    await assertAnswer(await restJwt(), 401, '{"message":"Unauthorized"}', 'REST JWT');
    // A route without an authorizer needs no keys.
    assert.equal((await get(`${workshop.stack.info.apis.rest}/public`)).status, 200);
    await switchFaults({ jwksUnreachable: false });
    await assertServing();
  });

  test('the function throws: REST 502, HTTP 500, as AWS answers; off, service is back', async () => {
    await switchFaults({ functionThrows: true });
    const refused = await rest();
    await assertAnswer(refused, 502, '{"message": "Internal server error"}', 'REST');
    assert.equal(refused.headers.get('x-amzn-errortype'), 'InternalServerErrorException');
    await assertAnswer(await http(), 500, '{"message":"Internal Server Error"}', 'HTTP');
    await assertAnswer(await restJwt(), 502, '{"message": "Internal server error"}', 'REST JWT');
    await switchFaults({ functionThrows: false });
    await assertServing();
  });

  test('the function times out: REST 504, HTTP 503, once the integration timeout fires; off, service is back', BOUND, async (t) => {
    await switchFaults({ functionTimeout: true });
    const pendingRest = rest();
    (await workshop.timers.next(1000, t.signal)).fire();
    await assertAnswer(await pendingRest, 504, '{"message": "Endpoint request timed out"}', 'REST');
    const pendingHttp = http();
    (await workshop.timers.next(1000, t.signal)).fire();
    await assertAnswer(await pendingHttp, 503, '{"message":"Service Unavailable"}', 'HTTP');
    await switchFaults({ functionTimeout: false });
    await assertServing();
  });

  test('added latency: the function waits the set time first, then answers as usual', BOUND, async (t) => {
    await switchFaults({ latencyMs: 2500 });
    const pending = rest();
    const delay = await workshop.timers.next(2500, t.signal);
    delay.fire();
    assert.equal((await pending).status, 200);
    await switchFaults({ latencyMs: 0 });
    await assertServing();
    assert.ok(!workshop.timers.durations().includes(2500), 'no latency timer once it is off');
  });

  test('the switches are reported as set, and bad ones get a 400', async () => {
    const state = (await (await workshop.facilitator('GET', '/faults')).json()) as Record<string, unknown>;
    assert.deepEqual(state, { jwksUnreachable: false, functionThrows: false, latencyMs: 0, functionTimeout: false });
    for (const body of [
      { latencyMs: -1 },
      { latencyMs: 10_001 },
      { latencyMs: '5' },
      { functionThrows: 'yes' },
      { reboot: true },
      { __proto__: { x: 1 }, constructor: true },
      [],
      'x',
    ]) {
      assert.equal((await workshop.facilitator('PUT', '/faults', body)).status, 400, JSON.stringify(body));
    }
    assert.deepEqual(await (await workshop.facilitator('GET', '/faults')).json(), state, 'a refused change changes nothing');
  });
});

describe('keys and reset', () => {
  test('rotating with a grace period: old tokens still pass, new ones are signed by the new keys', async () => {
    const before = await amplifyTokens(alice().username, alice().password);
    const oldKid = JSON.parse(Buffer.from(before.id.split('.')[0]!, 'base64url').toString()).kid as string;
    const rotated = await workshop.facilitator('POST', '/rotate-keys', { graceSeconds: 600 });
    const { signing } = (await rotated.json()) as { signing: { use: string; kid: string }[] };
    assert.deepEqual(signing.map((key) => key.use).sort(), ['access', 'id']);
    const jwks = (await (await fetch(workshop.stack.info.jwksUri)).json()) as { keys: { kid: string }[] };
    assert.ok(
      jwks.keys.some((key) => key.kid === oldKid),
      'the old key stays for the grace period',
    );
    assert.equal((await get(`${workshop.stack.info.apis.rest}/hello`, before.id)).status, 200);
    const afterRotation = await amplifyTokens(alice().username, alice().password);
    const newKid = JSON.parse(Buffer.from(afterRotation.id.split('.')[0]!, 'base64url').toString()).kid as string;
    assert.equal(newKid, signing.find((key) => key.use === 'id')!.kid);
    assert.equal((await get(`${workshop.stack.info.apis.rest}/hello`, afterRotation.id)).status, 200);
    for (const graceSeconds of [-1, 86_401, 'soon']) assert.equal((await workshop.facilitator('POST', '/rotate-keys', { graceSeconds })).status, 400);
  });

  test('a reset restores the seed: created accounts and shortened lifetimes go, the demo users sign in', BOUND, async () => {
    const [account] = await createAccounts(1, 'gone');
    await workshop.facilitator('PUT', '/lifetimes', { minutes: 5 });
    const reset = await workshop.facilitator('POST', '/reset', {});
    assert.equal(reset.status, 200);
    assert.deepEqual(((await reset.json()) as { lifetimes: unknown }).lifetimes, { idTokenMinutes: 60, accessTokenMinutes: 60 });
    const { users } = (await (await workshop.facilitator('GET', '/accounts')).json()) as { users: { username: string }[] };
    assert.deepEqual(users.map((user) => user.username).sort(), workshop.stack.info.demoUsers.map((user) => user.username).sort());
    await assert.rejects(amplifyTokens(account!.username, account!.password), /Incorrect username or password/);
    const tokens = await amplifyTokens(alice().username, alice().password);
    const { exp, iat } = claims(tokens.id) as { exp: number; iat: number };
    assert.equal(exp - iat, 3600);
    // The seed's fresh keys are fetched at once: the gateway forgot the old ones.
    assert.equal((await get(`${workshop.stack.info.apis.rest}/hello`, tokens.id)).status, 200);
    assert.equal((await createAccounts(1))[0]!.username, 'participant-001', 'numbering starts over');
  });
});

describe('the room, the mailbox and the traces', () => {
  const report = (body: unknown, origin = TEST_SITE_ORIGIN) =>
    fetch(workshop.stack.info.workshop!.progress, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });

  test("a participant's progress reaches the console's event stream", BOUND, async () => {
    const events = eventReader(await workshop.facilitator('GET', '/events'));
    const first = await events.next();
    assert.equal(first.event, 'state');
    const response = await report({ participant: 'p-0123456789abcdef', name: 'Ada <b>L</b>', chapter: 'steps/tokens', step: 2 });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), TEST_SITE_ORIGIN);
    let event = await events.next();
    while (event.event !== 'participant') event = await events.next();
    assert.equal(event.data.id, 'p-0123456789abcdef');
    assert.equal(event.data.name, 'Ada <b>L</b>', 'kept as text; the console shows it as text');
    assert.equal(event.data.chapter, 'steps/tokens');
    assert.equal(event.data.furthestStep, 2);
    await events.cancel();
    const state = (await (await workshop.facilitator('GET', '/state')).json()) as { room: { id: string }[] };
    assert.ok(state.room.some((participant) => participant.id === 'p-0123456789abcdef'));
  });

  test('bad reports get a 400, other sites a 403', async () => {
    for (const body of [
      {},
      { participant: 'short', chapter: 'overview' },
      { participant: 'p-0123456789abcdef', chapter: '../etc' },
      { participant: 'p-0123456789abcdef', chapter: 'overview', step: 8 },
      { participant: 'p-0123456789abcdef', chapter: 'overview', name: 'x'.repeat(41) },
      null,
    ]) {
      assert.equal((await report(body)).status, 400, JSON.stringify(body));
    }
    assert.equal((await report({ participant: 'p-0123456789abcdef', chapter: 'overview' }, 'https://evil.example')).status, 403);
  });

  test('the mailbox shows the codes the pool would have emailed', async () => {
    const signUp = await callPool(workshop.stack.info.userPoolEndpoint, 'SignUp', {
      ClientId: workshop.stack.info.userPoolClientId,
      Username: 'self-registered',
      Password: 'Self-reg-1!',
      UserAttributes: [{ Name: 'email', Value: 'self@example.com' }],
    });
    assert.equal(signUp.status, 200);
    const { messages } = (await (await workshop.facilitator('GET', '/mailbox')).json()) as { messages: { username: string; code: string }[] };
    assert.match(messages.find((message) => message.username === 'self-registered')?.code ?? '', /^\d{6}$/);
    for (const query of ['?after=-1', '?limit=0', '?limit=201', '?after=x'])
      assert.equal((await workshop.facilitator('GET', `/mailbox${query}`)).status, 400, query);
  });

  test('a trace is read by id; an unknown id is a 404', async () => {
    const response = await get(`${workshop.stack.info.apis.rest}/public`);
    const trace = await workshop.facilitator('GET', `/traces/${response.headers.get('x-amzn-requestid')}`);
    assert.equal(trace.status, 200);
    assert.equal(((await trace.json()) as { status: number }).status, 200);
    assert.equal((await workshop.facilitator('GET', '/traces/nope')).status, 404);
    assert.equal((await workshop.facilitator('GET', '/nothing-here')).status, 404);
  });
});
