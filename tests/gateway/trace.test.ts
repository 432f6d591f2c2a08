/**
 * The trace: every request's hops with timings, served as JSON by request id
 * and as a live stream to loopback clients only, summarised in Server-Timing,
 * with bounded memory.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HOP_ORDER, HOPS } from '../../src/lib/trace/hops.ts';
import type { ClaimCheck, Trace } from '../../src/lib/trace/types.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { startIssuer, type TestIssuer } from './fixtures/issuer.ts';

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

const hop = (trace: Trace, name: string) => {
  const found = trace.hops.find((candidate) => candidate.name === name);
  assert.ok(found, `no ${name} hop`);
  return found;
};

describe('the hops of a request', () => {
  test('an authorized request records every hop, in order, each with its step and timing', async () => {
    const response = await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } });
    const trace = await gateway.trace(requestIdOf(response));
    assert.deepEqual(trace.hops.map((entry) => entry.name), HOP_ORDER);
    assert.equal(trace.status, 200);
    assert.equal(trace.failure, undefined);
    assert.equal(trace.api, 'rest');
    assert.equal(trace.path, '/prod/hello');
    let previousStart = -1;
    for (const entry of trace.hops) {
      assert.ok(entry.ok, entry.name);
      assert.ok(entry.startMs >= previousStart && entry.durationMs >= 0, entry.name);
      assert.ok(HOPS[entry.name].step >= 3 && HOPS[entry.name].step <= 7);
      previousStart = entry.startMs;
    }
    assert.ok(trace.durationMs >= previousStart);
  });

  test('decode shows the header, the payload and the three parts; signature names kid and alg', async () => {
    const token = issuer.idToken();
    const trace = await gateway.trace(requestIdOf(await gateway.call('/rest/prod/hello', { headers: { authorization: `Bearer ${token}` } })));
    assert.deepEqual(hop(trace, 'header').detail, { identitySource: 'Authorization', present: true, scheme: 'Bearer', tokenBytes: token.length });
    const [header, payload, signature] = token.split('.');
    const decode = hop(trace, 'decode').detail;
    assert.deepEqual(decode.segments, { header, payload, signature });
    assert.deepEqual(decode.header, { kid: issuer.keys.id.kid, alg: 'RS256' });
    assert.equal((decode.payload as Record<string, unknown>).token_use, 'id');
    assert.deepEqual(hop(trace, 'signature').detail, { alg: 'RS256', kid: issuer.keys.id.kid, valid: true });
  });

  test('jwks shows the URL, the cache (miss, then hit) and the fetch time', async () => {
    const fresh = await startGateway(issuer);
    try {
      const call = () => fresh.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } });
      const first = hop(await fresh.trace(requestIdOf(await call())), 'jwks').detail;
      assert.equal(first.url, issuer.jwksUri);
      assert.equal(first.cache, 'miss');
      assert.ok((first.fetchMs as number) > 0);
      assert.deepEqual(first.kids, [issuer.keys.id.kid, issuer.keys.access.kid]);
      const second = hop(await fresh.trace(requestIdOf(await call())), 'jwks').detail;
      assert.equal(second.cache, 'hit');
      assert.equal(second.fetchMs, 0);
    } finally {
      await fresh.close();
    }
  });

  test('claims lists each check with expected and actual values', async () => {
    const trace = await gateway.trace(requestIdOf(await gateway.call('/rest/prod/scoped', { headers: { authorization: issuer.accessToken() } })));
    const checks = hop(trace, 'claims').detail.checks as ClaimCheck[];
    assert.deepEqual(checks.map((check) => check.claim), ['exp', 'nbf', 'iat', 'token_use', 'scope']);
    for (const check of checks) {
      assert.equal(check.ok, true);
      assert.ok(check.expected.length > 0);
    }
    assert.equal(checks.find((check) => check.claim === 'token_use')?.actual, 'access');
    assert.equal(checks.find((check) => check.claim === 'token_use')?.expected, '"access"');
    assert.equal(checks.find((check) => check.claim === 'scope')?.actual, 'aws.cognito.signin.user.admin');
    assert.equal(checks.find((check) => check.claim === 'nbf')?.actual, null);
    assert.equal(hop(trace, 'decision').detail.allowed, true);
  });

  test('a refused claim shows what was expected and what was found', async () => {
    const trace = await gateway.trace(requestIdOf(await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.accessToken() } })));
    const checks = hop(trace, 'claims').detail.checks as ClaimCheck[];
    const failed = checks.at(-1)!;
    assert.deepEqual([failed.claim, failed.expected, failed.actual, failed.ok], ['token_use', '"id"', 'access', false]);
    assert.deepEqual(trace.failure, { hop: 'claims', check: 'token_use', reason: 'token_use is "access", expected "id"' });
    assert.equal(hop(trace, 'decision').detail.status, 401);
  });

  test('the Lambda result and the response mapping are recorded', async () => {
    const response = await gateway.call('/http/hello', { headers: { authorization: issuer.accessToken() } });
    const trace = await gateway.trace(requestIdOf(response));
    const result = hop(trace, 'lambda-result').detail;
    assert.equal(result.outcome, 'returned');
    assert.equal((result.payload as { statusCode: number }).statusCode, 200);
    const mapped = hop(trace, 'response').detail;
    assert.equal(mapped.status, 200);
    assert.equal(mapped.body, await response.text());
    assert.equal(hop(trace, 'lambda-event').detail.payloadVersion, '2.0');
  });

  test('Server-Timing sums each step and names the trace', async () => {
    const response = await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } });
    const timing = response.headers.get('server-timing') ?? '';
    for (const step of [3, 4, 5, 6, 7]) assert.match(timing, new RegExp(`step${step};dur=\\d+\\.\\d+;desc="`));
    assert.match(timing, /total;dur=\d+\.\d+/);
    assert.ok(timing.includes(`trace;desc="${requestIdOf(response)}"`));
  });
});

describe('the trace endpoints', () => {
  test('answer loopback clients only: anyone else gets a 403 that says why', async () => {
    const response = await gateway.call('/rest/prod/public');
    const id = requestIdOf(response);
    const outside = await gateway.call(`/_trace/${id}`, {}, { remoteAddress: '192.0.2.7' });
    assert.equal(outside.status, 403);
    assert.deepEqual(await outside.json(), { message: 'Local endpoints answer only on this machine.' });
    assert.equal((await gateway.call('/_trace/stream', {}, { remoteAddress: '::ffff:10.0.0.3' })).status, 403);
    assert.equal((await gateway.call(`/_trace/${id}`, {}, { remoteAddress: '::1' })).status, 200);
    assert.equal((await gateway.call('/rest/prod/public', {}, { remoteAddress: '192.0.2.7' })).status, 200, 'the APIs are not local-only');
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
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    const unknown = await fetch(`${gateway.url}/_trace/no-such-id`);
    assert.equal(unknown.status, 404);
  });

  test('the live stream sends each trace as a server-sent event, and ends when the gateway closes', async () => {
    const own = await startGateway(issuer);
    const stream = await fetch(`${own.url}/_trace/stream`, { headers: { origin: 'http://127.0.0.1:4321' } });
    assert.equal(stream.headers.get('content-type'), 'text/event-stream');
    assert.equal(stream.headers.get('access-control-allow-origin'), 'http://127.0.0.1:4321');
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const readUntil = async (text: string) => {
      while (!received.includes(text)) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`stream ended before ${text}`);
        received += value;
      }
    };
    await readUntil(': connected');
    const id = requestIdOf(await fetch(`${own.rest}/hello`, { headers: { authorization: issuer.idToken() } }));
    await readUntil(`id: ${id}`);
    const event = received.slice(received.indexOf('event: trace'));
    const data = event.split('\n').find((line) => line.startsWith('data: '))!;
    assert.equal((JSON.parse(data.slice(6)) as Trace).requestId, id);
    own.gateway.close();
    for (;;) if ((await reader.read()).done) break;
    await own.close();
  });

  test('memory is bounded: only the last traceLimit traces are kept', async () => {
    const small = await startGateway(issuer, { traceLimit: 3 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(requestIdOf(await small.call('/http/public')));
      for (const id of ids.slice(0, 2)) assert.equal((await small.call(`/_trace/${id}`)).status, 404);
      for (const id of ids.slice(2)) assert.equal((await small.call(`/_trace/${id}`)).status, 200);
    } finally {
      await small.close();
    }
  });

  test('urls() gives stack.json its entries', () => {
    assert.deepEqual(gateway.gateway.urls('http://127.0.0.1:9401'), {
      apis: { rest: 'http://127.0.0.1:9401/rest/prod', http: 'http://127.0.0.1:9401/http' },
      trace: { byId: 'http://127.0.0.1:9401/_trace/{requestId}', stream: 'http://127.0.0.1:9401/_trace/stream' },
    });
  });
});
