/**
 * The URL layout of the gateway's port, and API Gateway's answers for
 * requests that match no route.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertHttpError, assertRestError } from './fixtures/expect.ts';
import { startGateway, type TestGateway } from './fixtures/gateway.ts';
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

const MISSING_TOKEN = { status: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException' };

test('anything outside /rest, /http and /_trace is a plain 404', async () => {
  for (const path of ['/', '/favicon.ico', '/prod/hello', '/restful']) {
    const response = await fetch(`${gateway.url}${path}`);
    assert.equal(response.status, 404, path);
    assert.equal(await response.text(), 'Not Found');
  }
});

test('REST: an unknown route, method or stage is 403 Missing Authentication Token', async () => {
  for (const [path, method] of [['/rest/prod/nowhere', 'GET'], ['/rest/prod/hello', 'POST'], ['/rest/dev/hello', 'GET'], ['/rest', 'GET']] as const) {
    await assertRestError(await gateway.call(path, { method }), MISSING_TOKEN);
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
  for (const [path, method] of [['/http/nowhere', 'GET'], ['/http/hello', 'DELETE'], ['/http', 'GET']] as const) {
    await assertHttpError(await gateway.call(path, { method }), { status: 404, body: '{"message":"Not Found"}' });
  }
});

test('a trailing slash matches the route, as on API Gateway', async () => {
  assert.equal((await gateway.call('/rest/prod/public/')).status, 200);
  assert.equal((await gateway.call('/http/public/')).status, 200);
});

test('over the wire, the APIs answer at the URLs urls() gives', async () => {
  assert.equal((await fetch(`${gateway.rest}/public`)).status, 200);
  assert.equal((await fetch(`${gateway.http}/public`)).status, 200);
});
