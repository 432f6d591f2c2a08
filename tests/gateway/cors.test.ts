/**
 * CORS as the definition declares it: the REST API's generated OPTIONS
 * methods and gateway-response headers, the HTTP API's automatic preflight
 * and headers. The tutorial site on another origin must be able to read 401
 * bodies, the request ids and Server-Timing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withRoutes } from './fixtures/definitions.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { startIssuer, type TestIssuer } from './fixtures/issuer.ts';

const SITE = 'http://127.0.0.1:4321';
const preflight = { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } };
const exposed = (response: Response) => (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(',');

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

describe('REST API', () => {
  test('OPTIONS on a resource is a mock answer: no authorizer, no function', async () => {
    const response = await gateway.call('/rest/prod/hello', preflight);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.equal(response.headers.get('access-control-allow-methods'), 'OPTIONS,GET');
    const trace = await gateway.trace(requestIdOf(response));
    assert.deepEqual(trace.hops.map((hop) => hop.name), ['received', 'route', 'response']);
  });

  test('OPTIONS on an unknown resource is still a missing token', async () => {
    assert.equal((await gateway.call('/rest/prod/nowhere', preflight)).status, 403);
  });

  test('a 401 carries the DEFAULT_4XX headers: the page can read the body, the ids and Server-Timing', async () => {
    const response = await gateway.call('/rest/prod/hello', { headers: { origin: SITE } });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    for (const header of ['x-amzn-requestid', 'x-amzn-errortype', 'x-amz-apigw-id', 'server-timing']) assert.ok(exposed(response).includes(header), header);
    assert.equal(response.headers.get('timing-allow-origin'), '*');
  });

  test('a 5xx carries the DEFAULT_5XX headers', async () => {
    const response = await gateway.call('/rest/prod/faults/error', { headers: { origin: SITE } });
    assert.equal(response.status, 502);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });

  test("a function's answer carries the function's own CORS headers, plus Server-Timing exposed", async () => {
    const response = await gateway.call('/rest/prod/hello', { headers: { origin: SITE, authorization: issuer.idToken() } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    for (const header of ['x-amzn-requestid', 'server-timing']) assert.ok(exposed(response).includes(header), header);
  });
});

describe('HTTP API', () => {
  test('answers preflights itself, before any route or authorizer', async () => {
    const response = await gateway.call('/http/hello', preflight);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-allow-headers'), 'authorization,content-type');
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET,OPTIONS');
    assert.equal(response.headers.get('access-control-max-age'), '600');
    assert.equal((await gateway.call('/http/not-a-route', preflight)).status, 204);
  });

  test('401 and 403 from the authorizer carry the CORS headers', async () => {
    const unauthorized = await gateway.call('/http/hello', { headers: { origin: SITE } });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers.get('access-control-allow-origin'), '*');
    assert.ok(exposed(unauthorized).includes('apigw-requestid'));
    assert.ok(exposed(unauthorized).includes('server-timing'));
    const forbidden = await gateway.call('/http/scoped', { headers: { origin: SITE, authorization: issuer.idToken() } });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.headers.get('access-control-allow-origin'), '*');
  });

  test('no Origin, no CORS headers', async () => {
    assert.equal((await gateway.call('/http/public')).headers.get('access-control-allow-origin'), null);
  });

  test("with a list of origins: an allowed origin is echoed, others get nothing, and the function's CORS headers are replaced", async () => {
    const listed = await startGateway(issuer, { definition: withRoutes({ httpCors: { allowOrigins: [SITE] } }) });
    try {
      const allowed = await listed.call('/http/public', { headers: { origin: SITE } });
      assert.equal(allowed.headers.get('access-control-allow-origin'), SITE);
      assert.equal(allowed.headers.get('vary'), 'origin');
      assert.equal(allowed.headers.get('timing-allow-origin'), SITE);
      const other = await listed.call('/http/public', { headers: { origin: 'https://elsewhere.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null, "the function's '*' is dropped");
      const refused = await listed.call('/http/hello', { ...preflight, headers: { ...preflight.headers, origin: 'https://elsewhere.example' } });
      assert.equal(refused.status, 204);
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
    } finally {
      await listed.close();
    }
  });
});
