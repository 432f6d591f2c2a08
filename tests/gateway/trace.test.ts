/**
 * The trace: every request's hops with timings, served as JSON by request id
 * and as a live stream to loopback clients only, summarised in Server-Timing,
 * with bounded memory, also for a stream reader that stops reading. The hop
 * order and the tutorial step of each hop are written out here, as the
 * tutorial teaches them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HopName } from '../../src/lib/trace/hops.ts';
import type { ClaimCheck, HopNamed, Trace } from '../../src/lib/trace/types.ts';
import { testFunction, withRoutes } from './fixtures/definitions.ts';
import { vandalised } from './fixtures/functions.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { startIssuer, type TestIssuer } from './fixtures/issuer.ts';
import { sseReader } from './fixtures/sse.ts';

let issuer: TestIssuer;
let gateway: TestGateway;

before(async () => {
  issuer = await startIssuer();
  gateway = await startGateway(issuer);
});
after(async () => {
  await gateway.close();
  await issuer.close();
});

/** Every hop of an authorized request, in order, with the tutorial step it belongs to. */
const HOPS: Array<[string, number]> = [
  ['received', 3],
  ['route', 3],
  ['header', 4],
  ['decode', 4],
  ['jwks', 4],
  ['signature', 4],
  ['claims', 4],
  ['decision', 4],
  ['lambda-event', 5],
  ['lambda-result', 6],
  ['response', 7],
];
// The bound on tests that read a stream or wait for a timer: past it the test's signal aborts every read and
// wait, so that a bug fails the test (and its gateway still closes) instead of hanging the run.
const BOUND = { timeout: 30_000 };
const SITE = 'http://127.0.0.1:4321';

const hop = <N extends HopName>(trace: Trace, name: N) => {
  const found = trace.hops.find((candidate): candidate is HopNamed<N> => candidate.name === name);
  assert.ok(found, `no ${name} hop`);
  return found;
};

describe('the hops of a request', () => {
  test('an authorized request records every hop, in order, each with its timing', async () => {
    const response = await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } });
    const trace = await gateway.trace(requestIdOf(response));
    assert.deepEqual(
      trace.hops.map((entry) => entry.name),
      HOPS.map(([name]) => name),
    );
    assert.equal(trace.status, 200);
    assert.equal(trace.failure, undefined);
    assert.equal(trace.api, 'rest');
    assert.equal(trace.path, '/prod/hello');
    assert.equal(trace.startedAt, gateway.clock.now());
    let previousStart = -1;
    for (const entry of trace.hops) {
      assert.equal(entry.ok, true, entry.name);
      assert.ok(entry.startMs >= previousStart && entry.durationMs >= 0, entry.name);
      previousStart = entry.startMs;
    }
    assert.ok(trace.durationMs >= previousStart);
  });

  test('decode shows the header, the payload and the three parts; signature names kid and alg', async () => {
    const token = await issuer.idToken();
    const trace = await gateway.trace(requestIdOf(await gateway.call('/rest/prod/hello', { headers: { authorization: `Bearer ${token}` } })));
    assert.deepEqual(hop(trace, 'header').detail, { identitySource: 'Authorization', present: true, scheme: 'Bearer', tokenBytes: token.length });
    const [header, payload, signature] = token.split('.');
    const decode = hop(trace, 'decode').detail;
    assert.deepEqual(decode.segments, { header, payload, signature });
    assert.deepEqual(decode.header, { kid: issuer.keys.id.kid, alg: 'RS256' });
    assert.equal((decode.payload as Record<string, unknown>).token_use, 'id');
    assert.deepEqual(hop(trace, 'signature').detail, { alg: 'RS256', kid: issuer.keys.id.kid, valid: true });
  });

  test('jwks shows the URL, the cache (miss, then hit) and the time spent fetching', async () => {
    const fresh = await startGateway(issuer);
    try {
      const call = async () => fresh.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } });
      const fetchesBefore = issuer.jwksRequests;
      const firstHop = hop(await fresh.trace(requestIdOf(await call())), 'jwks');
      const first = firstHop.detail;
      assert.equal(first.url, issuer.jwksUri);
      assert.equal(first.cache, 'miss');
      assert.deepEqual(fresh.fetched, [issuer.jwksUri]);
      assert.equal(issuer.jwksRequests, fetchesBefore + 1);
      // A duration the gateway measured: within the hop that waited for it. (How long it is depends on the machine.)
      assert.equal(typeof first.fetchMs, 'number');
      assert.ok((first.fetchMs as number) >= 0 && (first.fetchMs as number) <= firstHop.durationMs, `${first.fetchMs} ms within ${firstHop.durationMs} ms`);
      assert.equal(first.ageMs, 0, 'keys fetched at this instant of the test clock');
      assert.deepEqual(first.kids, [issuer.keys.id.kid, issuer.keys.access.kid]);

      fresh.clock.advance(1234);
      const second = hop(await fresh.trace(requestIdOf(await call())), 'jwks').detail;
      assert.equal(second.cache, 'hit');
      assert.equal(second.fetchMs, 0);
      assert.equal(second.ageMs, 1234);
      assert.equal(issuer.jwksRequests, fetchesBefore + 1, 'no second fetch');
    } finally {
      await fresh.close();
    }
  });

  test('claims lists each check with expected and actual values', async () => {
    const trace = await gateway.trace(requestIdOf(await gateway.call('/rest/prod/scoped', { headers: { authorization: await issuer.accessToken() } })));
    const checks = hop(trace, 'claims').detail.checks as ClaimCheck[];
    assert.deepEqual(
      checks.map((check) => check.claim),
      ['exp', 'nbf', 'iat', 'token_use', 'scope'],
    );
    for (const check of checks) {
      assert.equal(check.ok, true);
      assert.ok(check.expected.length > 0);
    }
    const now = gateway.clock.seconds();
    assert.deepEqual(
      checks.find((check) => check.claim === 'exp'),
      { check: 'exp', claim: 'exp', expected: `a number > ${now} (now, no skew allowed)`, actual: now + 3600, ok: true },
    );
    assert.equal(checks.find((check) => check.claim === 'token_use')?.actual, 'access');
    assert.equal(checks.find((check) => check.claim === 'token_use')?.expected, '"access"');
    assert.equal(checks.find((check) => check.claim === 'scope')?.actual, 'aws.cognito.signin.user.admin');
    assert.equal(checks.find((check) => check.claim === 'nbf')?.actual, null);
    assert.equal(hop(trace, 'decision').detail.allowed, true);
  });

  test('a refused claim shows what was expected and what was found', async () => {
    const trace = await gateway.trace(requestIdOf(await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.accessToken() } })));
    const checks = hop(trace, 'claims').detail.checks as ClaimCheck[];
    const failed = checks.at(-1)!;
    assert.deepEqual([failed.claim, failed.expected, failed.actual, failed.ok], ['token_use', '"id"', 'access', false]);
    assert.deepEqual(trace.failure, { hop: 'claims', check: 'token_use', reason: 'token_use is "access", expected "id"' });
    assert.equal(hop(trace, 'decision').detail.status, 401);
  });

  test('the Lambda result and the response mapping are recorded', async () => {
    const response = await gateway.call('/http/hello', { headers: { authorization: await issuer.accessToken() } });
    const trace = await gateway.trace(requestIdOf(response));
    const result = hop(trace, 'lambda-result').detail;
    assert.equal(result.outcome, 'returned');
    assert.equal((result.payload as { statusCode: number }).statusCode, 200);
    const mapped = hop(trace, 'response').detail;
    assert.equal(mapped.status, 200);
    assert.equal(mapped.body, await response.text());
    assert.equal(hop(trace, 'lambda-event').detail.payloadVersion, '2.0');
  });

  test('Server-Timing sums each step, names it, and names the trace', async () => {
    const response = await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } });
    const entries = (response.headers.get('server-timing') ?? '').split(', ');
    const steps = ['call-api', 'authorizer', 'lambda', 'lambda-response', 'response'];
    assert.equal(entries.length, steps.length + 2);
    for (const [index, id] of steps.entries()) assert.match(entries[index]!, new RegExp(`^step${index + 3};dur=\\d+\\.\\d{3};desc="${id}"$`));
    assert.match(entries[5]!, /^total;dur=\d+\.\d{3}$/);
    assert.equal(entries[6], `trace;desc="${requestIdOf(response)}"`);
  });
});

describe('the traced event is the event as the function received it', () => {
  test('however the function changes its event, on every API, also for a token sent again', async () => {
    const route = { method: 'POST' as const, path: '/vandal/{id}', function: 'vandal', authorizer: 'demo' };
    const own = await startGateway(issuer, {
      definition: withRoutes({ functions: { vandal: testFunction('vandal') }, rest: [route], http: [route], restJwt: [route] }),
    });
    try {
      const token = await issuer.idToken({ groups: ['admin', 'editors'] });
      for (const path of ['/rest/prod/vandal/42', '/http/vandal/42', '/rest-jwt/prod/vandal/42']) {
        for (let round = 0; round < 2; round++) {
          const response = await own.call(`${path}?a=1&a=2&b=3`, {
            method: 'POST',
            headers: { authorization: token, 'content-type': 'application/json', cookie: 'c=1; d=2' },
            body: '{"order":7}',
          });
          assert.equal(response.status, 200, path);
          const event = hop(await own.trace(requestIdOf(response)), 'lambda-event').detail.event;
          assert.deepEqual(event, vandalised.at(-1), `${path}, request ${round + 1}`);
        }
      }
    } finally {
      await own.close();
    }
  });
});

describe('the trace endpoints', () => {
  // In process: the only way to be a client at another address.
  test('answer loopback clients only: anyone else gets a 403 that says why', async () => {
    const response = await gateway.call('/rest/prod/public');
    const id = requestIdOf(response);
    const outside = await gateway.callInProcess(`/_trace/${id}`, {}, { remoteAddress: '192.0.2.7' });
    assert.equal(outside.status, 403);
    assert.deepEqual(await outside.json(), { message: 'Local endpoints answer only on this machine.' });
    const stream = await gateway.callInProcess('/_trace/stream', {}, { remoteAddress: '::ffff:10.0.0.3' });
    assert.equal(stream.status, 403);
    assert.deepEqual(await stream.json(), { message: 'Local endpoints answer only on this machine.' });
    assert.equal((await gateway.callInProcess(`/_trace/${id}`, {}, { remoteAddress: '::1' })).status, 200);
    assert.equal((await gateway.callInProcess('/rest/prod/public', {}, { remoteAddress: '192.0.2.7' })).status, 200, 'the APIs are not local-only');
  });

  test('over HTTP, by request id, readable by the tutorial site’s pages only', async () => {
    const response = await fetch(`${gateway.rest}/public`);
    const id = requestIdOf(response);
    const local = await fetch(`${gateway.url}/_trace/${id}`, { headers: { origin: 'http://localhost:4321' } });
    assert.equal(local.status, 200);
    assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:4321');
    assert.equal(((await local.json()) as Trace).requestId, id);
    const foreign = await fetch(`${gateway.url}/_trace/${id}`, { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    assert.deepEqual(await foreign.json(), { message: 'Local endpoints answer only to the tutorial site, not to pages from https://evil.example.' });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const unknown = await fetch(`${gateway.url}/_trace/no-such-id`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { message: 'No trace for this request id: it is unknown, or too old to be kept.' });
  });

  test('the live stream sends each trace as a server-sent event, and ends when the gateway closes', BOUND, async (t) => {
    const own = await startGateway(issuer);
    try {
      const signal = t.signal;
      const stream = await fetch(`${own.url}/_trace/stream`, { headers: { origin: SITE }, signal });
      assert.equal(stream.status, 200);
      assert.equal(stream.headers.get('content-type'), 'text/event-stream');
      assert.equal(stream.headers.get('access-control-allow-origin'), SITE);
      const events = sseReader(stream.body, signal);
      assert.deepEqual(await events.next(1), [{ comment: 'connected' }]);
      const id = requestIdOf(await fetch(`${own.rest}/hello`, { headers: { authorization: await issuer.idToken() } }));
      const [event] = await events.next(1);
      assert.equal(event?.event, 'trace');
      assert.equal(event?.id, id);
      assert.equal((JSON.parse(event?.data ?? '') as Trace).requestId, id);
      own.gateway.close();
      assert.deepEqual(await events.end(), [], 'nothing more, then the end');
      await own.timers.until((pending) => pending.length === 0, signal);
    } finally {
      await own.close();
    }
  });

  test('the stream sends a keep-alive comment every 15 s while it is open', BOUND, async (t) => {
    const own = await startGateway(issuer);
    try {
      const signal = t.signal;
      const events = sseReader((await fetch(`${own.url}/_trace/stream`, { signal })).body, signal);
      assert.deepEqual(await events.next(1), [{ comment: 'connected' }]);
      assert.deepEqual(own.timers.durations(), [15_000]);
      own.timers.fire(15_000);
      assert.deepEqual(await events.next(1), [{ comment: 'keep-alive' }]);
      assert.deepEqual(own.timers.durations(), [15_000], 'the next one is due');
      own.timers.fire(15_000);
      assert.deepEqual(await events.next(1), [{ comment: 'keep-alive' }]);
      // A reader that goes away takes its keep-alive with it.
      await events.cancel();
      await own.timers.until((pending) => pending.length === 0, signal);
    } finally {
      await own.close();
    }
  });

  test('a reader that stops reading: the gateway holds at most 100 unsent traces for it, and keeps serving', BOUND, async (t) => {
    const own = await startGateway(issuer);
    try {
      const signal = t.signal;
      // In process, a stream nobody reads leaves each of the gateway's writes unsent at once; over a socket the
      // kernel's buffers would first take an amount no test can know.
      const stalled = await own.callInProcess('/_trace/stream');
      const reading = sseReader((await own.callInProcess('/_trace/stream')).body, signal);
      assert.deepEqual(await reading.next(1), [{ comment: 'connected' }]);
      const readAll = reading.next(131);

      const ids: string[] = [];
      for (let i = 0; i < 130; i++) {
        const response = await own.call('/http/public');
        assert.equal(response.status, 200, 'served while a reader stalls');
        ids.push(requestIdOf(response));
      }

      const late = sseReader(stalled.body, signal);
      const held = await late.next(1 + 100);
      assert.deepEqual(held[0], { comment: 'connected' });
      assert.deepEqual(
        held.slice(1).map((block) => block.id),
        ids.slice(0, 100),
        'the first 100 traces were held, in order',
      );
      // The other 30 were dropped, not queued: what comes next is the next new trace.
      const next = requestIdOf(await own.call('/http/public'));
      assert.deepEqual(
        (await late.next(1)).map((block) => block.id),
        [next],
      );
      // The reader that kept reading missed nothing.
      assert.deepEqual(
        (await readAll).map((block) => block.id),
        [...ids, next],
      );
    } finally {
      await own.close();
    }
  });

  test('memory is bounded: only the last traceLimit traces are kept', async () => {
    const small = await startGateway(issuer, { traceLimit: 3 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(requestIdOf(await small.call('/http/public')));
      for (const id of ids.slice(0, 2)) assert.equal((await small.call(`/_trace/${id}`)).status, 404, id);
      for (const id of ids.slice(2)) assert.equal(((await small.trace(id)) as Trace).requestId, id);
    } finally {
      await small.close();
    }
  });

  test('urls() gives stack.json its entries', () => {
    assert.deepEqual(gateway.gateway.urls('http://127.0.0.1:9401'), {
      apis: { rest: 'http://127.0.0.1:9401/rest/prod', http: 'http://127.0.0.1:9401/http', restJwt: 'http://127.0.0.1:9401/rest-jwt/prod' },
      trace: { byId: 'http://127.0.0.1:9401/_trace/{requestId}', stream: 'http://127.0.0.1:9401/_trace/stream' },
    });
  });
});
