/**
 * Faults. With the JWKS out of reach the gateway fails closed
 * (401) and the trace says why; functions that throw, time out or answer
 * malformed get AWS's mapping; bad input gets the exact answer AWS (or, where
 * AWS documents none, the gateway) gives, never a 5xx; and the gateway goes
 * on serving through all of it. Every answer is read over the wire.
 *
 * No test here waits for the clock: timeouts are the gateway's manual timers,
 * fired by the test once it has seen them set with the expected duration;
 * slow functions wait until the test releases them; cooldowns and cache ages
 * move with the test clock.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { api } from '../../src/stack/api.ts';
import {
  assertHttpError,
  assertRefusedBy,
  assertRestError,
  httpInvalidToken,
  HTTP_UNAUTHORIZED,
  REST_MISSING_TOKEN,
  REST_UNAUTHORIZED,
} from './fixtures/expect.ts';
import { answerRoute, testFunction, withRoutes } from './fixtures/definitions.ts';
import { finished, nextHeld } from './fixtures/functions.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { CLIENT_ID, startIssuer, type TestIssuer } from './fixtures/issuer.ts';

const JWKS_REFUSED = httpInvalidToken("the issuer's signing keys could not be retrieved");
const PUBLIC_BODY = '{"message":"Hello from a public route: no token needed."}';
// A bound on tests that wait for a hook (a timer being set, a function being invoked): past it the test's
// signal aborts every wait, so that a bug fails the test and its gateway still closes, instead of hanging the run.
const BOUND = { timeout: 30_000 };

async function assertServing(gateway: TestGateway): Promise<void> {
  for (const path of ['/rest/prod/public', '/http/public']) {
    const response = await gateway.call(path);
    assert.equal(response.status, 200, path);
    assert.equal(await response.text(), PUBLIC_BODY, path);
  }
}

/** Log lines, and a way to wait for one. */
function logWatcher() {
  const lines: string[] = [];
  const waiting: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  return {
    lines,
    log(line: string) {
      lines.push(line);
      for (const waiter of [...waiting]) {
        if (waiter.pattern.test(line)) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    },
    next(pattern: RegExp, signal: AbortSignal): Promise<string> {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiting.push({ pattern, resolve });
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
  };
}

describe('JWKS out of reach: fail closed, and say why', () => {
  test('the issuer is gone: 401 on both APIs, the trace names jwks and the connection error', async () => {
    const gone = await startIssuer();
    const idToken = await gone.idToken();
    const gateway = await startGateway(gone);
    await gone.close();
    try {
      const rest = await gateway.call('/rest/prod/hello', { headers: { authorization: idToken } });
      await assertRestError(rest, REST_UNAUTHORIZED);
      const restTrace = await gateway.trace(requestIdOf(rest));
      assertRefusedBy(restTrace, 'jwks');
      assert.equal(restTrace.failure!.reason, `no keys: ${gone.jwksUri} is unreachable (ECONNREFUSED)`);

      const http = await gateway.call('/http/hello', { headers: { authorization: idToken } });
      await assertHttpError(http, { ...HTTP_UNAUTHORIZED, wwwAuthenticate: JWKS_REFUSED });
      const httpTrace = await gateway.trace(requestIdOf(http));
      assertRefusedBy(httpTrace, 'jwks');
      assert.equal(httpTrace.failure!.reason, `no keys: ${gone.jwksUri} is unreachable (ECONNREFUSED)`);
      assert.equal(
        httpTrace.hops.find((hop) => hop.name === 'jwks')?.detail.discovery,
        `discovery failed (${gone.issuer}/.well-known/openid-configuration is unreachable (ECONNREFUSED)); using the configured JWKS URL`,
      );
      assert.deepEqual(gateway.timers.durations(), [], 'every fetch timeout was cleared');
      await assertServing(gateway);
    } finally {
      await gateway.close();
    }
  });

  const modes = [
    ['error', 'answered HTTP 503'],
    ['not-json', 'did not send UTF-8 JSON'],
    ['too-large', 'sent more than 150000 bytes'],
  ] as const;
  for (const [mode, reason] of modes) {
    test(`the JWKS endpoint misbehaves (${mode}): 401 and the reason`, async () => {
      const issuer = await startIssuer();
      const gateway = await startGateway(issuer);
      issuer.jwksMode = mode;
      try {
        const response = await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } });
        await assertRestError(response, REST_UNAUTHORIZED);
        const trace = await gateway.trace(requestIdOf(response));
        assertRefusedBy(trace, 'jwks');
        assert.equal(trace.failure!.reason, `no keys: ${issuer.jwksUri} ${reason}`);
        assert.equal(issuer.jwksRequests, 1);
        assert.deepEqual(gateway.timers.durations(), []);
        await assertServing(gateway);
      } finally {
        await gateway.close();
        await issuer.close();
      }
    });
  }

  test('a JWKS endpoint that never answers times out after 1500 ms', BOUND, async (t) => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const asked = once(silent, 'request', { signal: t.signal });
    const issuer = await startIssuer();
    const jwksUri = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/jwks.json`;
    const gateway = await startGateway(issuer, { userPools: { demo: { userPoolId: issuer.poolId, issuer: issuer.issuer, jwksUri, clientIds: [CLIENT_ID] } } });
    try {
      const answer = gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() }, signal: t.signal });
      await asked;
      // The fetch's time limit is the only thing pending: API Gateway's 1500 ms.
      const timeout = await gateway.timers.next(1500, t.signal);
      assert.deepEqual(gateway.timers.durations(), [1500]);
      timeout.fire();
      const response = await answer;
      await assertRestError(response, REST_UNAUTHORIZED);
      const trace = await gateway.trace(requestIdOf(response));
      assertRefusedBy(trace, 'jwks');
      assert.equal(trace.failure!.reason, `no keys: ${jwksUri} did not answer within 1500 ms`);
      assert.deepEqual(gateway.timers.durations(), []);
    } finally {
      await gateway.close();
      await issuer.close();
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('after a failed fetch the gateway waits out the cooldown, then recovers without a restart', async () => {
    const issuer = await startIssuer();
    const gateway = await startGateway(issuer);
    try {
      issuer.jwksMode = 'error';
      await assertRestError(await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } }), REST_UNAUTHORIZED);
      const fetches = issuer.jwksRequests;
      assert.equal(fetches, 1);

      issuer.jwksMode = 'ok';
      gateway.clock.advance(5_000);
      const cooling = await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } });
      await assertRestError(cooling, REST_UNAUTHORIZED);
      const trace = await gateway.trace(requestIdOf(cooling));
      assertRefusedBy(trace, 'jwks');
      assert.equal(trace.failure!.reason, `no keys: ${issuer.jwksUri} answered HTTP 503; next try in 5 s`);
      assert.equal(issuer.jwksRequests, fetches, 'no fetch during the cooldown');

      gateway.clock.advance(5_000);
      const recovered = await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } });
      assert.equal(recovered.status, 200);
      assert.equal(issuer.jwksRequests, fetches + 1);
    } finally {
      await gateway.close();
      await issuer.close();
    }
  });

  test('keys past their maximum age are not used when the JWKS is down', async () => {
    const issuer = await startIssuer();
    const gateway = await startGateway(issuer, { jwks: { maxAgeMs: 60_000 } });
    try {
      const token = await issuer.idToken({ lifetime: 86_400 });
      assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: token } })).status, 200);
      issuer.jwksMode = 'error';
      gateway.clock.advance(30_000);
      assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: token } })).status, 200, 'cached keys within max age');
      gateway.clock.advance(30_000);
      const response = await gateway.call('/rest/prod/hello', { headers: { authorization: token } });
      await assertRestError(response, REST_UNAUTHORIZED);
      const trace = await gateway.trace(requestIdOf(response));
      assertRefusedBy(trace, 'jwks');
      assert.equal(trace.failure!.reason, `no keys: ${issuer.jwksUri} answered HTTP 503`);
      assert.equal(trace.hops.find((hop) => hop.name === 'jwks')?.detail.cache, 'miss');
    } finally {
      await gateway.close();
      await issuer.close();
    }
  });
});

describe('function failures get AWS mapping', () => {
  let issuer: TestIssuer;
  let gateway: TestGateway;
  const logs = logWatcher();
  const REST_502 = { status: 502, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException' };
  const REST_504 = { status: 504, body: '{"message": "Endpoint request timed out"}' };
  const HTTP_500 = { status: 500, body: '{"message":"Internal Server Error"}' };
  const HTTP_503 = { status: 503, body: '{"message":"Service Unavailable"}' };

  before(async () => {
    issuer = await startIssuer();
    const route = (path: string, fn: string) => ({ method: 'GET' as const, path, function: fn });
    gateway = await startGateway(issuer, {
      log: logs.log,
      definition: withRoutes({
        functions: {
          // The demo's slow function as the definition declares it (its own 10 s timeout), answering when the test says.
          slow: { ...api.functions.slow!, entry: 'tests/gateway/fixtures/functions.ts', handler: 'held' },
          held: testFunction('held'),
          missingModule: testFunction('answer', { entry: 'tests/gateway/fixtures/no-such-file.ts' }),
          missingHandler: testFunction('noSuchExport'),
          unserialisable: testFunction('unserialisable'),
        },
        rest: [
          route('/held', 'held'),
          route('/missing-module', 'missingModule'),
          route('/missing-handler', 'missingHandler'),
          route('/unserialisable', 'unserialisable'),
        ],
        http: [route('/held', 'held')],
      }),
    });
  });
  after(async () => {
    await gateway.close();
    await issuer.close();
  });

  test('a function that throws: REST 502, HTTP 500, and the error in the trace', async () => {
    const rest = await gateway.call('/rest/prod/faults/error');
    await assertRestError(rest, REST_502);
    const trace = await gateway.trace(requestIdOf(rest));
    assertRefusedBy(trace, 'integration');
    assert.equal(trace.failure!.reason, 'the function failed: Error: Something went wrong inside the function.');
    const http = await gateway.call('/http/faults/error');
    await assertHttpError(http, HTTP_500);
    assertRefusedBy(await gateway.trace(requestIdOf(http)), 'integration');
    await assertServing(gateway);
  });

  test('a malformed answer: REST 502, HTTP 500', async () => {
    const rest = await gateway.call('/rest/prod/faults/malformed');
    await assertRestError(rest, REST_502);
    const trace = await gateway.trace(requestIdOf(rest));
    assertRefusedBy(trace, 'proxy-response');
    assert.equal(trace.failure!.reason, 'Malformed Lambda proxy response: statusCode "OK" is not an HTTP status');
    const http = await gateway.call('/http/faults/malformed');
    await assertHttpError(http, HTTP_500);
    assert.equal((await gateway.trace(requestIdOf(http))).failure?.reason, 'Malformed Lambda response: statusCode "OK" is not an HTTP status');
    await assertServing(gateway);
  });

  for (const [api, prefix, expected] of [
    ['REST', '/rest/prod', REST_504],
    ['HTTP', '/http', HTTP_503],
  ] as const) {
    test(`the demo timeout route: ${api} ${expected.status} once its 1000 ms integration timeout fires`, BOUND, async (t) => {
      const answer = gateway.call(`${prefix}/faults/timeout`, { signal: t.signal });
      const invocation = await nextHeld(t.signal);
      // Pending: the function's own timeout (10 s) and the route's integration timeout (1000 ms), as src/stack/api.ts declares them.
      assert.deepEqual(gateway.timers.durations(), [10_000, 1000]);
      gateway.timers.fire(1000);
      const response = await answer;
      if (api === 'REST') await assertRestError(response, REST_504);
      else await assertHttpError(response, HTTP_503);
      const trace = await gateway.trace(requestIdOf(response));
      assertRefusedBy(trace, 'integration-timeout');
      assert.equal(trace.failure!.reason, 'the function did not answer within the 1000 ms integration timeout (it goes on running)');
      assert.deepEqual(gateway.timers.durations(), [], 'both timeouts are cleared');
      invocation.release();
    });
  }

  test('the function goes on running after the gateway timed out, as on AWS', BOUND, async (t) => {
    const answer = gateway.call('/rest/prod/faults/timeout', { signal: t.signal });
    const invocation = await nextHeld(t.signal);
    gateway.timers.fire(1000);
    const response = await answer;
    assert.equal(response.status, 504);
    const requestId = requestIdOf(response);
    assert.equal(invocation.requestId, requestId, 'the function got the request id as awsRequestId');
    assert.equal(finished.includes(requestId), false);

    invocation.release();
    const late = await logs.next(new RegExp(`^slow \\(${requestId}\\) `), t.signal);
    assert.match(late, new RegExp(`^slow \\(${requestId}\\) returned \\d+ ms in after the gateway had timed out$`));
    assert.equal(finished.includes(requestId), true);
  });

  for (const [api, prefix, integrationTimeout] of [
    ['REST', '/rest/prod', 29_000],
    ['HTTP', '/http', 30_000],
  ] as const) {
    test(
      `the function's own timeout fails the invocation before the ${api} API's default ${integrationTimeout} ms: ${api === 'REST' ? 502 : 500}`,
      BOUND,
      async (t) => {
        const answer = gateway.call(`${prefix}/held`, { signal: t.signal });
        const invocation = await nextHeld(t.signal);
        assert.deepEqual(gateway.timers.durations(), [3000, integrationTimeout]);
        gateway.timers.fire(3000);
        const response = await answer;
        if (api === 'REST') await assertRestError(response, REST_502);
        else await assertHttpError(response, HTTP_500);
        const trace = await gateway.trace(requestIdOf(response));
        assertRefusedBy(trace, 'integration');
        assert.equal(trace.failure!.reason, 'the function failed: Sandbox.Timedout: Task timed out after 3.00 seconds');
        assert.equal(trace.hops.find((hop) => hop.name === 'lambda-result')?.detail.errorType, 'Sandbox.Timedout');
        assert.deepEqual(gateway.timers.durations(), []);
        invocation.release();
      },
    );
  }

  const runtimeErrors = [
    ['/missing-module', 'Runtime.ImportModuleError'],
    ['/missing-handler', 'Runtime.HandlerNotFound'],
    ['/unserialisable', 'Runtime.MarshalError'],
  ] as const;
  for (const [path, errorType] of runtimeErrors) {
    test(`${errorType}: 502`, async () => {
      const response = await gateway.call(`/rest/prod${path}`);
      await assertRestError(response, REST_502);
      const trace = await gateway.trace(requestIdOf(response));
      assertRefusedBy(trace, 'integration');
      assert.equal(trace.hops.find((hop) => hop.name === 'lambda-result')?.detail.errorType, errorType);
      await assertServing(gateway);
    });
  }
});

describe('bad input gets an exact answer: never a 5xx or a stack trace', () => {
  let issuer: TestIssuer;
  let gateway: TestGateway;
  before(async () => {
    issuer = await startIssuer();
    gateway = await startGateway(issuer, { definition: answerRoute() });
  });
  after(async () => {
    await gateway.close();
    await issuer.close();
  });

  type Answer =
    | { rest: { status: number; body: string; errorType?: string }; check: Parameters<typeof assertRefusedBy>[1] }
    | { http: { status: number; body: string; wwwAuthenticate?: string }; check: Parameters<typeof assertRefusedBy>[1] }
    | { public: true };
  const HTTP_NOT_FOUND = { status: 404, body: '{"message":"Not Found"}' };
  const requests: Array<[string, string, { method?: string; headers?: Array<[string, string]>; body?: string }, Answer]> = [
    ['invalid percent-encoding', '/rest/prod/%E0%A4%A', {}, { rest: REST_MISSING_TOKEN, check: 'route' }],
    // The URL parser resolves the encoded dot segments before routing: the request lands on the REST API's /hello.
    ['percent-encoded dot segments', '/http/%2e%2e/rest/prod/hello', {}, { rest: REST_UNAUTHORIZED, check: 'identity-source' }],
    ['a very long path', `/http/${'a/'.repeat(2000)}`, {}, { http: HTTP_NOT_FOUND, check: 'route' }],
    ['an unusual method', '/rest/prod/hello', { method: 'PROPFIND' }, { rest: REST_MISSING_TOKEN, check: 'route' }],
    ['OPTIONS without an Origin: no preflight, and no OPTIONS route', '/http/hello', { method: 'OPTIONS' }, { http: HTTP_NOT_FOUND, check: 'route' }],
    ['a body on a GET route', '/rest/prod/hello', { method: 'POST', body: 'x'.repeat(1000) }, { rest: REST_MISSING_TOKEN, check: 'route' }],
    ['query keys like __proto__', '/rest/prod/public?__proto__=x&constructor=y&__proto__[a]=1', {}, { public: true }],
    ['a header called __proto__', '/rest/prod/public', { headers: [['__proto__', 'x']] }, { public: true }],
    [
      'an Authorization header of dots',
      '/http/hello',
      { headers: [['Authorization', `Bearer ${'.'.repeat(5000)}`]] },
      { http: { ...HTTP_UNAUTHORIZED, wwwAuthenticate: httpInvalidToken('token contains an invalid number of segments') }, check: 'segments' },
    ],
    [
      'an Authorization header of Latin-1',
      '/rest/prod/hello',
      { headers: [['Authorization', 'Bearer \u00e9\u00e9.\u00e9.\u00e9']] },
      { rest: REST_UNAUTHORIZED, check: 'base64url' },
    ],
    [
      'a token whose JSON is huge and nested',
      '/http/hello',
      { headers: [['Authorization', `${Buffer.from('['.repeat(3000)).toString('base64url')}.e30.c2ln`]] },
      { http: { ...HTTP_UNAUTHORIZED, wwwAuthenticate: httpInvalidToken('token is malformed') }, check: 'token-json' },
    ],
  ];
  test('eleven kinds of bad input', () => {
    assert.equal(requests.length, 11);
  });
  for (const [name, path, init, expected] of requests) {
    test(name, async () => {
      const response = await gateway.call(path, init);
      if ('public' in expected) {
        assert.equal(response.status, 200);
        assert.equal(await response.text(), PUBLIC_BODY);
        return;
      }
      if ('rest' in expected) await assertRestError(response, expected.rest);
      else await assertHttpError(response, expected.http);
      const trace = await gateway.trace(requestIdOf(response));
      assertRefusedBy(trace, expected.check);
      assert.equal(
        trace.hops.some((hop) => hop.name === 'lambda-event'),
        false,
        'no function ran',
      );
    });
  }

  test("a body past API Gateway's payload limit: 413, and the trace says so", async () => {
    const body = new Uint8Array(10 * 1024 * 1024 + 1);
    const rest = await gateway.call('/rest/prod/answer', { method: 'POST', body });
    await assertRestError(rest, { status: 413, body: '{"message":"Request Too Long"}' });
    // The failure names the `received` hop, which was recorded (as passed) when the request arrived.
    const tooLong = { hop: 'received', check: 'request-size', reason: "the body is larger than API Gateway's 10485760 bytes" };
    const trace = await gateway.trace(requestIdOf(rest));
    assert.deepEqual(trace.failure, tooLong);
    assert.equal(
      trace.hops.some((hop) => hop.name === 'lambda-event'),
      false,
      'no function ran',
    );
    const http = await gateway.call('/http/answer', { method: 'POST', body });
    await assertHttpError(http, { status: 413, body: '{"message":"Request Entity Too Large"}' });
    assert.deepEqual((await gateway.trace(requestIdOf(http))).failure, tooLong);
  });

  test('the gateway still serves', async () => {
    await assertServing(gateway);
    assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } })).status, 200);
  });
});
