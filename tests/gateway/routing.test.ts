/**
 * The URL layout of the gateway's port, and API Gateway's answers for
 * requests that match no route, read over the wire.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertHeaders, assertHttpError, assertRefusedBy, assertRestError, REST_MISSING_TOKEN } from './fixtures/expect.ts';
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

test('anything outside /rest, /http and /_trace is a plain 404', async () => {
  for (const path of ['/', '/favicon.ico', '/prod/hello', '/restful']) {
    const response = await fetch(`${gateway.url}${path}`);
    assert.equal(response.status, 404, path);
    assert.equal(await response.text(), 'Not Found');
    assertHeaders(response, { 'content-type': 'text/plain; charset=UTF-8', 'content-length': '9' }, 'wire');
  }
});

test('REST: an unknown route, method or stage is 403 Missing Authentication Token', async () => {
  for (const [path, method] of [
    ['/rest/prod/nowhere', 'GET'],
    ['/rest/prod/hello', 'POST'],
    ['/rest/dev/hello', 'GET'],
    ['/rest', 'GET'],
  ] as const) {
    const response = await gateway.call(path, { method });
    await assertRestError(response, REST_MISSING_TOKEN);
    assertRefusedBy(await gateway.trace(requestIdOf(response)), 'route');
  }
});

test('REST: a bearer token on an unknown route is read as a broken AWS signature', async () => {
  await assertRestError(await gateway.call('/rest/prod/helo', { headers: { authorization: 'Bearer abc.def.ghi' } }), {
    status: 403,
    body: `{"message":"'abc.def.ghi' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc.def.ghi'."}`,
    errorType: 'IncompleteSignatureException',
  });
  await assertRestError(await gateway.call('/rest/prod/helo', { headers: { authorization: 'abc.def.ghi' } }), {
    status: 403,
    body:
      `{"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. ` +
      `Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=abc.def.ghi"}`,
    errorType: 'IncompleteSignatureException',
  });
});

test('HTTP: an unknown route or method is 404 Not Found', async () => {
  for (const [path, method] of [
    ['/http/nowhere', 'GET'],
    ['/http/hello', 'DELETE'],
    ['/http', 'GET'],
  ] as const) {
    const response = await gateway.call(path, { method });
    await assertHttpError(response, { status: 404, body: '{"message":"Not Found"}' });
    assertRefusedBy(await gateway.trace(requestIdOf(response)), 'route');
  }
});

test('a trailing slash matches the route, as on API Gateway', async () => {
  for (const path of ['/rest/prod/public/', '/http/public/']) {
    const response = await gateway.call(path);
    assert.equal(response.status, 200, path);
    assert.equal(await response.text(), '{"message":"Hello from a public route: no token needed."}');
  }
});

test('over the wire, the APIs answer at the URLs urls() gives', async () => {
  assert.equal((await fetch(`${gateway.rest}/public`)).status, 200);
  assert.equal((await fetch(`${gateway.http}/public`)).status, 200);
});
