/**
 * CORS as the definition declares it (src/stack/api.ts): the REST API's
 * generated OPTIONS methods and its DEFAULT_4XX/DEFAULT_5XX gateway-response
 * headers, on every answer the gateway makes itself (401, 403, 413, 502,
 * 504); the HTTP API's automatic preflight and the headers it adds to every
 * answer, its own 401, 403, 404 and 413 included. The tutorial site on
 * another origin must be able to read error bodies, the request ids and
 * Server-Timing. Every answer is read over the wire.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertHeaders,
  assertHttpError,
  assertRestError,
  EXPOSED_HEADERS,
  HTTP_UNAUTHORIZED,
  REST_MISSING_TOKEN,
  REST_UNAUTHORIZED,
  serverTiming,
} from './fixtures/expect.ts';
import { testFunction, withRoutes } from './fixtures/definitions.ts';
import { nextHeld } from './fixtures/functions.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { startIssuer, type TestIssuer } from './fixtures/issuer.ts';

const SITE = 'http://127.0.0.1:4321';
const preflight = { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } };
const fromSite = (headers: Record<string, string> = {}) => ({ headers: { origin: SITE, ...headers } });
const TOO_LARGE = new Uint8Array(10 * 1024 * 1024 + 1);
// A bound on tests that wait for a function to be invoked: past it the test's signal aborts the wait.
const BOUND = { timeout: 30_000 };

let issuer: TestIssuer;
let gateway: TestGateway;

before(async () => {
  issuer = await startIssuer();
  gateway = await startGateway(issuer, {
    definition: withRoutes({
      functions: { answer: testFunction('answer'), held: testFunction('held') },
      rest: [
        { method: 'POST', path: '/answer', function: 'answer' },
        { method: 'GET', path: '/held', function: 'held', timeoutMs: 50 },
      ],
      http: [
        { method: 'POST', path: '/answer', function: 'answer' },
        { method: 'GET', path: '/held', function: 'held', timeoutMs: 50 },
      ],
    }),
  });
});
after(async () => {
  await gateway.close();
  await issuer.close();
});

describe('REST API', () => {
  test('OPTIONS on a resource is a mock answer: no authorizer, no function', async () => {
    const response = await gateway.call('/rest/prod/hello', preflight);
    assert.equal(response.status, 204);
    assert.equal(await response.text(), '');
    assertHeaders(
      response,
      {
        'content-type': 'application/json',
        'access-control-allow-headers': 'Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token',
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'OPTIONS,GET',
        'access-control-expose-headers': 'Server-Timing',
        'timing-allow-origin': '*',
        'x-amzn-requestid': /^[0-9a-f-]{36}$/,
        'x-amz-apigw-id': /^[A-Za-z0-9]{15}=$/,
        'server-timing': serverTiming(() => requestIdOf(response)),
        'content-length': null,
      },
      'wire',
    );
    const trace = await gateway.trace(requestIdOf(response));
    assert.deepEqual(
      trace.hops.map((hop) => hop.name),
      ['received', 'route', 'response'],
    );
  });

  test('OPTIONS on an unknown resource is still a missing token, with the DEFAULT_4XX headers', async () => {
    await assertRestError(await gateway.call('/rest/prod/nowhere', preflight), REST_MISSING_TOKEN);
  });

  // assertRestError checks the DEFAULT_4XX / DEFAULT_5XX headers exactly: allow-origin *, the ids and Server-Timing exposed, Timing-Allow-Origin.
  test('a 401 from the authorizer carries the DEFAULT_4XX headers: the page can read the body, the ids and Server-Timing', async () => {
    await assertRestError(await gateway.call('/rest/prod/hello', fromSite()), REST_UNAUTHORIZED);
  });

  test('the 403 for an unknown route carries them, with or without a bearer token', async () => {
    await assertRestError(await gateway.call('/rest/prod/nowhere', fromSite()), REST_MISSING_TOKEN);
    await assertRestError(await gateway.call('/rest/prod/nowhere', fromSite({ authorization: 'Bearer abc.def.ghi' })), {
      status: 403,
      body: `{"message":"'abc.def.ghi' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc.def.ghi'."}`,
      errorType: 'IncompleteSignatureException',
    });
  });

  test('the 413 for a body past the payload limit carries them', async () => {
    await assertRestError(await gateway.call('/rest/prod/answer', { method: 'POST', headers: { origin: SITE }, body: TOO_LARGE }), {
      status: 413,
      body: '{"message":"Request Too Long"}',
    });
  });

  test('a 502 carries the DEFAULT_5XX headers', async () => {
    await assertRestError(await gateway.call('/rest/prod/faults/error', fromSite()), {
      status: 502,
      body: '{"message": "Internal server error"}',
      errorType: 'InternalServerErrorException',
    });
  });

  test('a 504 carries the DEFAULT_5XX headers', BOUND, async (t) => {
    const answer = gateway.call('/rest/prod/held', { ...fromSite(), signal: t.signal });
    const invocation = await nextHeld(t.signal);
    gateway.timers.fire(50);
    await assertRestError(await answer, { status: 504, body: '{"message": "Endpoint request timed out"}' });
    invocation.release();
  });

  test("a function's answer carries the function's own CORS headers, plus Server-Timing exposed", async () => {
    const response = await gateway.call('/rest/prod/hello', fromSite({ authorization: await issuer.idToken() }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-expose-headers'), 'x-amzn-RequestId,x-amz-apigw-id,apigw-requestid,Server-Timing');
    assert.equal(response.headers.get('timing-allow-origin'), '*');
  });
});

describe('HTTP API', () => {
  test('answers preflights itself, before any route or authorizer', async () => {
    for (const path of ['/http/hello', '/http/not-a-route']) {
      const response = await gateway.call(path, preflight);
      assert.equal(response.status, 204, path);
      assert.equal(await response.text(), '');
      assertHeaders(
        response,
        {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET,OPTIONS',
          'access-control-allow-headers': 'authorization,content-type',
          'access-control-max-age': '600',
          'access-control-expose-headers': 'Server-Timing',
          'timing-allow-origin': '*',
          'apigw-requestid': /^[A-Za-z0-9]{15}=$/,
          'server-timing': serverTiming(() => requestIdOf(response)),
          'content-length': null,
        },
        'wire',
      );
    }
  });

  test('its 401 from the authorizer carries the CORS headers', async () => {
    await assertHttpError(await gateway.call('/http/hello', fromSite()), { ...HTTP_UNAUTHORIZED, cors: true });
  });

  test('its 403 for a missing scope carries them', async () => {
    await assertHttpError(await gateway.call('/http/scoped', fromSite({ authorization: await issuer.idToken() })), {
      status: 403,
      body: '{"message":"Forbidden"}',
      cors: true,
    });
  });

  test('its 404 for an unknown route carries them', async () => {
    await assertHttpError(await gateway.call('/http/nowhere', fromSite()), { status: 404, body: '{"message":"Not Found"}', cors: true });
  });

  test('its 413 for a body past the payload limit carries them', async () => {
    await assertHttpError(await gateway.call('/http/answer', { method: 'POST', headers: { origin: SITE }, body: TOO_LARGE }), {
      status: 413,
      body: '{"message":"Request Entity Too Large"}',
      cors: true,
    });
  });

  test('its 500 and 503 carry them', BOUND, async (t) => {
    await assertHttpError(await gateway.call('/http/faults/error', fromSite()), { status: 500, body: '{"message":"Internal Server Error"}', cors: true });
    const answer = gateway.call('/http/held', { ...fromSite(), signal: t.signal });
    const invocation = await nextHeld(t.signal);
    gateway.timers.fire(50);
    await assertHttpError(await answer, { status: 503, body: '{"message":"Service Unavailable"}', cors: true });
    invocation.release();
  });

  test('no Origin, no CORS headers: not on answers, not on errors', async () => {
    const response = await gateway.call('/http/public');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null, "the function's own header is dropped too");
    await assertHttpError(await gateway.call('/http/nowhere'), { status: 404, body: '{"message":"Not Found"}' });
  });

  test("with a list of origins: an allowed origin is echoed, others get nothing, and the function's CORS headers are replaced", async () => {
    const listed = await startGateway(issuer, { definition: withRoutes({ httpCors: { allowOrigins: [SITE] } }) });
    try {
      const allowed = await listed.call('/http/public', fromSite());
      assert.equal(allowed.headers.get('access-control-allow-origin'), SITE);
      assert.equal(allowed.headers.get('access-control-expose-headers'), EXPOSED_HEADERS);
      assert.equal(allowed.headers.get('vary'), 'origin');
      assert.equal(allowed.headers.get('timing-allow-origin'), SITE);
      const other = await listed.call('/http/public', { headers: { origin: 'https://elsewhere.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null, "the function's '*' is dropped");
      const refused = await listed.call('/http/hello', { ...preflight, headers: { ...preflight.headers, origin: 'https://elsewhere.example' } });
      assert.equal(refused.status, 204);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      // The gateway's own errors follow the same rule.
      await assertHttpError(await listed.call('/http/nowhere', fromSite()), { status: 404, body: '{"message":"Not Found"}', cors: { origin: SITE } });
      await assertHttpError(await listed.call('/http/nowhere', { headers: { origin: 'https://elsewhere.example' } }), {
        status: 404,
        body: '{"message":"Not Found"}',
      });
    } finally {
      await listed.close();
    }
  });
});

test('the plain 404 outside both APIs is not an API Gateway answer: no CORS', async () => {
  const response = await gateway.call('/favicon.ico', fromSite());
  assert.equal(response.status, 404);
  assert.equal(await response.text(), 'Not Found');
  assertHeaders(response, { 'content-type': 'text/plain; charset=UTF-8', 'content-length': '9' }, 'wire');
});
