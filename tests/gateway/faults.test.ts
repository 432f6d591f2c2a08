/**
 * Acceptance 5: faults. With the JWKS out of reach the gateway fails closed
 * (401) and the trace says why; functions that throw, time out or answer
 * malformed get AWS's mapping; bad input never gets a 5xx; and the gateway
 * goes on serving through all of it.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { assertHttpError, assertRefusedBy, assertRestError, httpInvalidToken, REST_UNAUTHORIZED } from './fixtures/expect.ts';
import { testFunction, withRoutes } from './fixtures/definitions.ts';
import { finished } from './fixtures/functions.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { CLIENT_ID, startIssuer, type TestIssuer } from './fixtures/issuer.ts';

const JWKS_REFUSED = httpInvalidToken("the issuer's signing keys could not be retrieved");

async function assertServing(gateway: TestGateway): Promise<void> {
  assert.equal((await gateway.call('/rest/prod/public')).status, 200);
  assert.equal((await gateway.call('/http/public')).status, 200);
}

describe('JWKS out of reach: fail closed, and say why', () => {
  test('the issuer is gone: 401 on both APIs, the trace names jwks and the connection error', async () => {
    const gone = await startIssuer();
    const idToken = gone.idToken();
    const gateway = await startGateway(gone);
    await gone.close();
    try {
      const rest = await gateway.call('/rest/prod/hello', { headers: { authorization: idToken } });
      await assertRestError(rest, REST_UNAUTHORIZED);
      const restTrace = await gateway.trace(requestIdOf(rest));
      assertRefusedBy(restTrace, 'jwks');
      assert.match(restTrace.failure!.reason, /unreachable \(ECONNREFUSED\)/);

      const http = await gateway.call('/http/hello', { headers: { authorization: idToken } });
      await assertHttpError(http, { status: 401, body: '{"message":"Unauthorized"}', wwwAuthenticate: JWKS_REFUSED });
      const httpTrace = await gateway.trace(requestIdOf(http));
      assertRefusedBy(httpTrace, 'jwks');
      assert.match(httpTrace.failure!.reason, /ECONNREFUSED/);
      assert.match(String(httpTrace.hops.find((hop) => hop.name === 'jwks')?.detail.discovery), /discovery failed/);
      await assertServing(gateway);
    } finally {
      await gateway.close();
    }
  });

  for (const [mode, reason] of [
    ['error', /answered HTTP 503/],
    ['not-json', /did not send UTF-8 JSON/],
    ['too-large', /sent more than 150000 bytes/],
  ] as const) {
    test(`the JWKS endpoint misbehaves (${mode}): 401 and the reason`, async () => {
      const issuer = await startIssuer();
      const gateway = await startGateway(issuer);
      issuer.jwksMode = mode;
      try {
        const response = await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } });
        await assertRestError(response, REST_UNAUTHORIZED);
        const trace = await gateway.trace(requestIdOf(response));
        assertRefusedBy(trace, 'jwks');
        assert.match(trace.failure!.reason, reason);
        await assertServing(gateway);
      } finally {
        await gateway.close();
        await issuer.close();
      }
    });
  }

  test('a JWKS endpoint that never answers times out', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const issuer = await startIssuer();
    const jwksUri = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/jwks.json`;
    const gateway = await startGateway(issuer, {
      userPools: { demo: { userPoolId: issuer.poolId, issuer: issuer.issuer, jwksUri, clientIds: [CLIENT_ID] } },
      jwks: { timeoutMs: 200 },
    });
    try {
      const response = await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } });
      await assertRestError(response, REST_UNAUTHORIZED);
      const trace = await gateway.trace(requestIdOf(response));
      assertRefusedBy(trace, 'jwks');
      assert.match(trace.failure!.reason, /did not answer within 200 ms/);
    } finally {
      await gateway.close();
      await issuer.close();
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('after a failed fetch the gateway waits out the cooldown, then recovers without a restart', async () => {
    const issuer = await startIssuer();
    let clock = Date.now();
    const gateway = await startGateway(issuer, { now: () => clock });
    try {
      issuer.jwksMode = 'error';
      await assertRestError(await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } }), REST_UNAUTHORIZED);
      const fetches = issuer.jwksRequests;

      issuer.jwksMode = 'ok';
      clock += 5_000;
      const cooling = await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } });
      await assertRestError(cooling, REST_UNAUTHORIZED);
      const trace = await gateway.trace(requestIdOf(cooling));
      assertRefusedBy(trace, 'jwks');
      assert.match(trace.failure!.reason, /answered HTTP 503; next try in 5 s/);
      assert.equal(issuer.jwksRequests, fetches, 'no fetch during the cooldown');

      clock += 5_000;
      assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } })).status, 200);
      assert.equal(issuer.jwksRequests, fetches + 1);
    } finally {
      await gateway.close();
      await issuer.close();
    }
  });

  test('keys past their maximum age are not used when the JWKS is down', async () => {
    const issuer = await startIssuer();
    let clock = Date.now();
    const gateway = await startGateway(issuer, { now: () => clock, jwks: { maxAgeMs: 60_000 } });
    try {
      const token = issuer.idToken({ lifetime: 86_400 });
      assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: token } })).status, 200);
      issuer.jwksMode = 'error';
      clock += 30_000;
      assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: token } })).status, 200, 'cached keys within max age');
      clock += 30_000;
      const response = await gateway.call('/rest/prod/hello', { headers: { authorization: token } });
      await assertRestError(response, REST_UNAUTHORIZED);
      assertRefusedBy(await gateway.trace(requestIdOf(response)), 'jwks');
    } finally {
      await gateway.close();
      await issuer.close();
    }
  });
});

describe('function failures get AWS mapping', () => {
  let issuer: TestIssuer;
  let gateway: TestGateway;
  const REST_502 = { status: 502, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException' };
  const HTTP_500 = { status: 500, body: '{"message":"Internal Server Error"}' };

  before(async () => {
    issuer = await startIssuer();
    const route = (path: string, fn: string, timeoutMs?: number) => ({ method: 'GET' as const, path, function: fn, timeoutMs });
    gateway = await startGateway(issuer, {
      definition: withRoutes({
        functions: {
          late: testFunction('late'),
          lambdaTimeout: testFunction('late', { timeoutSeconds: 0.1 }),
          missingModule: testFunction('answer', { entry: 'tests/gateway/fixtures/no-such-file.ts' }),
          missingHandler: testFunction('noSuchExport'),
          unserialisable: testFunction('unserialisable'),
        },
        rest: [route('/late', 'late', 100), route('/lambda-timeout', 'lambdaTimeout'), route('/missing-module', 'missingModule'), route('/missing-handler', 'missingHandler'), route('/unserialisable', 'unserialisable')],
        http: [route('/late', 'late', 100), route('/lambda-timeout', 'lambdaTimeout')],
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
    assert.match(trace.failure!.reason, /Error: Something went wrong inside the function/);
    await assertHttpError(await gateway.call('/http/faults/error'), HTTP_500);
    await assertServing(gateway);
  });

  test('a malformed answer: REST 502, HTTP 500', async () => {
    const rest = await gateway.call('/rest/prod/faults/malformed');
    await assertRestError(rest, REST_502);
    assertRefusedBy(await gateway.trace(requestIdOf(rest)), 'proxy-response');
    await assertHttpError(await gateway.call('/http/faults/malformed'), HTTP_500);
    await assertServing(gateway);
  });

  test('the demo timeout route: REST 504, HTTP 503', async () => {
    const rest = await gateway.call('/rest/prod/faults/timeout?ms=1300');
    await assertRestError(rest, { status: 504, body: '{"message": "Endpoint request timed out"}' });
    assertRefusedBy(await gateway.trace(requestIdOf(rest)), 'integration-timeout');
    await assertHttpError(await gateway.call('/http/faults/timeout?ms=1300'), { status: 503, body: '{"message":"Service Unavailable"}' });
    await assertServing(gateway);
  });

  test('the function goes on running after the gateway timed out, as on AWS', async () => {
    const response = await gateway.call('/rest/prod/late');
    assert.equal(response.status, 504);
    const requestId = requestIdOf(response);
    assert.equal(finished.includes(requestId), false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(finished.includes(requestId), true);
  });

  test("the function's own timeout fails the invocation: REST 502, HTTP 500", async () => {
    const rest = await gateway.call('/rest/prod/lambda-timeout');
    await assertRestError(rest, REST_502);
    const trace = await gateway.trace(requestIdOf(rest));
    assertRefusedBy(trace, 'integration');
    assert.equal(trace.hops.find((hop) => hop.name === 'lambda-result')?.detail.errorType, 'Sandbox.Timedout');
    await assertHttpError(await gateway.call('/http/lambda-timeout'), HTTP_500);
  });

  for (const [path, errorType] of [
    ['/missing-module', 'Runtime.ImportModuleError'],
    ['/missing-handler', 'Runtime.HandlerNotFound'],
    ['/unserialisable', 'Runtime.MarshalError'],
  ] as const) {
    test(`${errorType}: 502`, async () => {
      const response = await gateway.call(`/rest/prod${path}`);
      await assertRestError(response, REST_502);
      const trace = await gateway.trace(requestIdOf(response));
      assert.equal(trace.hops.find((hop) => hop.name === 'lambda-result')?.detail.errorType, errorType);
      await assertServing(gateway);
    });
  }
});

describe('bad input never gets a 5xx or a stack trace', () => {
  let issuer: TestIssuer;
  let gateway: TestGateway;
  before(async () => {
    issuer = await startIssuer();
    gateway = await startGateway(issuer, {
      definition: withRoutes({
        functions: { answer: testFunction('answer') },
        rest: [{ method: 'POST', path: '/answer', function: 'answer' }],
        http: [{ method: 'POST', path: '/answer', function: 'answer' }],
      }),
    });
  });
  after(async () => {
    await gateway.close();
    await issuer.close();
  });

  const requests: Array<[string, string, RequestInit?]> = [
    ['invalid percent-encoding', '/rest/prod/%E0%A4%A'],
    ['percent-encoded dot segments', '/http/%2e%2e/rest/prod/hello'],
    ['a very long path', `/http/${'a/'.repeat(2000)}`],
    ['an unusual method', '/rest/prod/hello', { method: 'PROPFIND' }],
    ['OPTIONS without an Origin', '/http/hello', { method: 'OPTIONS' }],
    ['a body on a GET route', '/rest/prod/hello', { method: 'POST', body: 'x'.repeat(1000) }],
    ['query keys like __proto__', '/rest/prod/public?__proto__=x&constructor=y&__proto__[a]=1'],
    ['a header called __proto__', '/rest/prod/public', { headers: { __proto__: 'x' } as unknown as HeadersInit }],
    ['an Authorization header of dots', '/http/hello', { headers: { authorization: `Bearer ${'.'.repeat(5000)}` } }],
    ['an Authorization header of Latin-1', '/rest/prod/hello', { headers: { authorization: 'Bearer \u00e9\u00e9.\u00e9.\u00e9' } }],
    ['a token whose JSON is huge and nested', '/http/hello', { headers: { authorization: `${Buffer.from('['.repeat(3000)).toString('base64url')}.e30.c2ln` } }],
  ];
  for (const [name, path, init] of requests) {
    test(name, async () => {
      const response = await gateway.call(path, init);
      assert.ok(response.status < 500, `${response.status}`);
      assert.doesNotMatch(await response.text(), /\bat .+:\d+:\d+/);
    });
  }

  test("a body past API Gateway's payload limit: 413, and the trace says so", async () => {
    const body = new Uint8Array(10 * 1024 * 1024 + 1);
    const rest = await gateway.call('/rest/prod/answer', { method: 'POST', body });
    await assertRestError(rest, { status: 413, body: '{"message":"Request Too Long"}' });
    const trace = await gateway.trace(requestIdOf(rest));
    assert.equal(trace.failure?.check, 'request-size');
    await assertHttpError(await gateway.call('/http/answer', { method: 'POST', body }), { status: 413, body: '{"message":"Request Entity Too Large"}' });
  });

  test('the gateway still serves', async () => {
    await assertServing(gateway);
    assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: issuer.idToken() } })).status, 200);
  });
});
