/**
 * The decision rules of both authorizers, on the demo routes of the
 * checked-in definition (with the test issuer; the end-to-end version with Amplify and the real pool is e2e-amplify.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertHttpError, assertRefusedBy, assertRestError, httpInvalidToken, REST_UNAUTHORIZED } from './fixtures/expect.ts';
import { withRoutes } from './fixtures/definitions.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { CLIENT_ID, OTHER_CLIENT_ID, startIssuer, type TestIssuer } from './fixtures/issuer.ts';

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

const get = (path: string, authorization?: string) => gateway.call(path, { headers: authorization === undefined ? {} : { authorization } });

async function assertEcho(response: Response): Promise<Record<string, unknown>> {
  assert.equal(response.status, 200);
  const body = (await response.json()) as { message: string; event: Record<string, unknown> };
  assert.equal(body.message, 'Hello, jane!');
  return body.event;
}

describe('REST API, Cognito user pool authorizer', () => {
  test('an ID token on /hello gets 200 and the echoed event, raw or as Bearer', async () => {
    for (const authorization of [await issuer.idToken(), `Bearer ${await issuer.idToken()}`]) {
      const event = await assertEcho(await get('/rest/prod/hello', authorization));
      assert.equal((event.headers as Record<string, string>).authorization, authorization);
      const claims = (event.requestContext as { authorizer: { claims: Record<string, string> } }).authorizer.claims;
      assert.equal(claims.token_use, 'id');
    }
  });

  test('an access token on /hello gets 401: an unscoped method takes ID tokens only', async () => {
    const response = await get('/rest/prod/hello', await issuer.accessToken());
    await assertRestError(response, REST_UNAUTHORIZED);
    assertRefusedBy(await gateway.trace(requestIdOf(response)), 'token_use');
  });

  test('an access token carrying the scope on /scoped gets 200, raw or as Bearer', async () => {
    for (const authorization of [await issuer.accessToken(), `Bearer ${await issuer.accessToken()}`]) {
      const event = await assertEcho(await get('/rest/prod/scoped', authorization));
      const claims = (event.requestContext as { authorizer: { claims: Record<string, string> } }).authorizer.claims;
      assert.equal(claims.scope, 'aws.cognito.signin.user.admin');
    }
  });

  test('an ID token on /scoped gets 401', async () => {
    const response = await get('/rest/prod/scoped', await issuer.idToken());
    await assertRestError(response, REST_UNAUTHORIZED);
    assertRefusedBy(await gateway.trace(requestIdOf(response)), 'token_use');
  });

  test('any app client of the pool is accepted: no audience check without identityValidationExpression', async () => {
    await assertEcho(await get('/rest/prod/hello', await issuer.idToken({ clientId: 'anyappclientofthepool0001' })));
  });

  test('a user outside admin gets 403 from /admin, set by the function', async () => {
    const response = await get('/rest/prod/admin', await issuer.idToken({ groups: ['editors'] }));
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), null, 'not a gateway response');
    assert.deepEqual(await response.json(), { message: 'Forbidden: this route requires the admin group.', groups: ['editors'] });
    const trace = await gateway.trace(requestIdOf(response));
    assert.equal(trace.failure, undefined, 'the gateway let it through');
    assert.equal(trace.hops.find((hop) => hop.name === 'decision')?.ok, true);
  });

  test('a user in admin gets 200 from /admin', async () => {
    const response = await get('/rest/prod/admin', await issuer.idToken({ groups: ['editors', 'admin'] }));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { message: 'Welcome, jane.', groups: ['editors', 'admin'] });
  });

  test('/public needs no token, and ignores a bad one', async () => {
    for (const authorization of [undefined, 'garbage']) {
      const response = await get('/rest/prod/public', authorization);
      assert.equal(response.status, 200);
      const trace = await gateway.trace(requestIdOf(response));
      assert.equal(
        trace.hops.some((hop) => hop.name === 'header'),
        false,
      );
    }
  });
});

describe('HTTP API, JWT authorizer', () => {
  test('either token on /hello gets 200, raw or as Bearer: token_use is not checked', async () => {
    for (const token of [await issuer.idToken(), await issuer.accessToken()]) {
      for (const authorization of [token, `Bearer ${token}`]) {
        const event = await assertEcho(await get('/http/hello', authorization));
        assert.equal((event.requestContext as { authorizer: { jwt: { scopes: unknown } } }).authorizer.jwt.scopes, null);
      }
    }
  });

  test('the access token with the scope on /scoped gets 200, with the token scopes in the event', async () => {
    const event = await assertEcho(await get('/http/scoped', await issuer.accessToken({}, { scope: 'openid aws.cognito.signin.user.admin' })));
    assert.deepEqual((event.requestContext as { authorizer: { jwt: { scopes: unknown } } }).authorizer.jwt.scopes, ['openid', 'aws.cognito.signin.user.admin']);
  });

  test('aud is checked before client_id: a bad aud fails even with a good client_id', async () => {
    const response = await get('/http/hello', await issuer.accessToken({}, { aud: 'someoneelse' }));
    await assertHttpError(response, {
      status: 401,
      body: '{"message":"Unauthorized"}',
      wwwAuthenticate: httpInvalidToken('the token does not have a valid audience'),
    });
    const trace = await gateway.trace(requestIdOf(response));
    assertRefusedBy(trace, 'aud');
  });

  test('every app client the pool lists is an accepted audience', async () => {
    await assertEcho(await get('/http/hello', await issuer.idToken({ clientId: OTHER_CLIENT_ID })));
    await assertEcho(await get('/http/hello', await issuer.accessToken({ clientId: CLIENT_ID })));
  });

  test('a user outside admin gets 403 from /admin, set by the function', async () => {
    const response = await get('/http/admin', await issuer.accessToken({ groups: ['editors'] }));
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), { message: 'Forbidden: this route requires the admin group.', groups: ['editors'] });
    const ok = await get('/http/admin', await issuer.accessToken({ groups: ['admin'] }));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { message: 'Welcome, jane.', groups: ['admin'] });
  });
});

describe('configurable rules', () => {
  test('clock skew: an iat 30 s ahead is refused with no skew and accepted with 60 s', async () => {
    const ahead = await issuer.idToken({ iat: issuer.clock.seconds() + 30 });
    const refused = await get('/rest/prod/hello', ahead);
    await assertRestError(refused, REST_UNAUTHORIZED);
    assertRefusedBy(await gateway.trace(requestIdOf(refused)), 'iat');
    const lenient = await startGateway(issuer, { clockSkewSeconds: 60 });
    try {
      await assertEcho(await lenient.call('/rest/prod/hello', { headers: { authorization: ahead } }));
    } finally {
      await lenient.close();
    }
  });

  test('identityValidationExpression: the ID token aud must match it in full', async () => {
    const strict = await startGateway(issuer, { definition: withRoutes({ restAuthorizer: { identityValidationExpression: CLIENT_ID } }) });
    try {
      await assertEcho(await strict.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken({ clientId: CLIENT_ID }) } }));
      const bad = await strict.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken({ clientId: `${CLIENT_ID}x` }) } });
      await assertRestError(bad, REST_UNAUTHORIZED);
      assertRefusedBy(await strict.trace(requestIdOf(bad)), 'aud');
    } finally {
      await strict.close();
    }
  });

  test('the token size cap is configurable', async () => {
    const small = await startGateway(issuer, { maxTokenBytes: 100 });
    try {
      const response = await small.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } });
      await assertRestError(response, REST_UNAUTHORIZED);
      assertRefusedBy(await small.trace(requestIdOf(response)), 'token-size');
    } finally {
      await small.close();
    }
  });
});
