/**
 * The REST API's JWT authorizer (/rest-jwt/prod), case by case: ID and
 * access tokens, each audience of each issuer, each additional claim, the
 * algorithms, two trusted issuers, scopes hit and missed (403), the claims in
 * the Lambda event with their JSON types, the identity source, the errors and
 * the key cache. Every answer is read off a loopback socket and checked
 * exactly (status, body, every header), and the trace names the check that
 * decided. The expected answers are written here, not taken from the gateway:
 * AWS documents the 403 for a missing scope
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html);
 * the 401 body and headers are the gateway's inferred choice (README, "What
 * the gateway implements").
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, PARTNER_ISSUER, type ApiDefinition } from '../../src/stack/api.ts';
import type { HopName } from '../../src/lib/trace/hops.ts';
import type { HopNamed, Trace } from '../../src/lib/trace/types.ts';
import { assertHeaders, assertRefusedBy, assertRestError, REST_FORBIDDEN, REST_MISSING_TOKEN, REST_UNAUTHORIZED, serverTiming } from './fixtures/expect.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import {
  CLIENT_ID,
  newAlgorithmKey,
  OTHER_CLIENT_ID,
  POOL_ID,
  signToken,
  startIssuer,
  type KeyAlgorithm,
  type SigningKey,
  type TestIssuer,
} from './fixtures/issuer.ts';

const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';
const PARTNER_AUDIENCES = ['partner-api', 'partner-reports'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const APIGW_ID = /^[A-Za-z0-9]{15}=$/;
const INFERRED = /^inferred: /;

/**
 * The checked-in API, with the REST JWT authorizer "demo" trusting the demo
 * pool and a partner issuer (a second test issuer) with audiences and
 * additional claims of its own, three algorithms, and a route whose scopes
 * are written in both styles (Cognito's `resource/scope`, others' `resource:scope`).
 */
const definition: ApiDefinition = {
  ...api,
  routes: [
    ...api.routes,
    { method: 'GET', path: '/orders', function: 'hello', authorizer: 'demo', authorizationScopes: ['orders/read', 'orders:read'], apis: ['restJwt'] },
  ],
  restJwt: {
    ...api.restJwt,
    authorizers: {
      ...api.restJwt.authorizers,
      demo: {
        type: 'JWT',
        identitySource: 'method.request.header.Authorization',
        resultTtlSeconds: 0,
        jwtConfiguration: {
          defaultAlgorithms: ['RS256', 'RS384', 'ES256'],
          issuers: [
            { issuer: { userPool: 'demo' }, audiences: { appClientsOf: 'demo' } },
            {
              issuer: { userPool: 'partner' },
              audiences: PARTNER_AUDIENCES,
              additionalClaims: [
                { claimName: 'tenant', format: 'SINGLE_STRING', expectedValues: ['acme', 'globex'], required: true },
                { claimName: 'department', format: 'SINGLE_STRING' },
              ],
            },
          ],
        },
      },
    },
  },
};

let issuer: TestIssuer;
let partner: TestIssuer;
let stranger: TestIssuer;
let keys: Record<'rs384' | 'rs512' | 'es256' | 'es384', SigningKey>;
let gateway: TestGateway;

const trustedPools = (gatewayIssuer: TestIssuer) => ({
  demo: { userPoolId: POOL_ID, issuer: gatewayIssuer.issuer, jwksUri: gatewayIssuer.jwksUri, clientIds: [CLIENT_ID, OTHER_CLIENT_ID] },
  partner: { userPoolId: POOL_ID, issuer: partner.issuer, jwksUri: partner.jwksUri, clientIds: [] },
});

before(async () => {
  issuer = await startIssuer();
  // The partner and a stranger issue on the same clock, so that their tokens are fresh when the demo pool's are.
  partner = await startIssuer({ clock: issuer.clock });
  stranger = await startIssuer({ clock: issuer.clock });
  keys = {
    rs384: await newAlgorithmKey('RS384', 'demo-rs384'),
    rs512: await newAlgorithmKey('RS512', 'demo-rs512'),
    es256: await newAlgorithmKey('ES256', 'demo-es256'),
    es384: await newAlgorithmKey('ES384', 'demo-es384'),
  };
  for (const key of Object.values(keys)) issuer.publish(key);
  gateway = await startGateway(issuer, { definition, userPools: trustedPools(issuer) });
});
after(async () => {
  await gateway.close();
  await Promise.all([issuer.close(), partner.close(), stranger.close()]);
});

const now = () => issuer.clock.seconds();
const get = (path: string, authorization?: string) => gateway.call(`/rest-jwt/prod${path}`, { headers: authorization === undefined ? {} : { authorization } });

/** A token of the partner issuer: a service token with an audience, a tenant and scopes in `scp`, as non-Cognito issuers write them. */
function partnerToken(extra: Record<string, unknown> = {}): Promise<string> {
  const claims = {
    iss: partner.issuer,
    sub: 'svc-reporting',
    aud: 'partner-api',
    tenant: 'acme',
    scp: ['orders:read'],
    iat: now(),
    exp: now() + 900,
    ...extra,
  };
  return partner.signRaw({ kid: partner.keys.access.kid, alg: 'RS256' }, claims, partner.keys.access);
}

/** A demo ID token signed with one of the extra keys, under its kid and algorithm. */
function demoTokenWith(key: SigningKey, alg: KeyAlgorithm): Promise<string> {
  return signToken(key, alg, { kid: key.kid, alg }, issuer.idClaims());
}

/** A 200 from the function, exactly as the client receives it: the function's headers, the ids, the trace id and Server-Timing. */
async function assertAllowed(response: Response): Promise<{ message: string; event: { requestContext: { authorizer: { claims: Record<string, unknown> } } } }> {
  assert.equal(response.status, 200);
  const text = await response.text();
  assertHeaders(
    response,
    {
      'content-type': 'application/json',
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'x-amzn-RequestId,x-amz-apigw-id,apigw-requestid,Server-Timing',
      'timing-allow-origin': '*',
      'x-amzn-requestid': UUID,
      'x-amz-apigw-id': APIGW_ID,
      'x-amzn-trace-id': /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/,
      'server-timing': serverTiming(() => requestIdOf(response)),
      'content-length': String(Buffer.byteLength(text)),
    },
    'wire',
  );
  return JSON.parse(text);
}

const hop = <N extends HopName>(trace: Trace, name: N): HopNamed<N> => {
  const found = trace.hops.find((candidate): candidate is HopNamed<N> => candidate.name === name);
  assert.ok(found, `no ${name} hop`);
  return found;
};

/** A refusal: REST's shape, the DEFAULT_4XX headers, the check named in the trace, and the decision saying its shape is inferred. */
async function assertRefused(response: Response, expected: typeof REST_UNAUTHORIZED, check: Parameters<typeof assertRefusedBy>[1]): Promise<Trace> {
  await assertRestError(response, expected);
  const trace = await gateway.trace(requestIdOf(response));
  assertRefusedBy(trace, check);
  assert.equal(trace.api, 'restJwt');
  const decision = hop(trace, 'decision').detail;
  assert.deepEqual({ ...decision, inferred: undefined }, { allowed: false, status: expected.status, body: expected.body, check, inferred: undefined });
  assert.match(decision.inferred ?? '', INFERRED);
  assert.equal(
    trace.hops.some((candidate) => candidate.name === 'lambda-event'),
    false,
    'the function must not run',
  );
  return trace;
}

describe('ID and access tokens', () => {
  test('an ID token of either app client on /hello: 200, raw or after "Bearer "', async () => {
    for (const clientId of [CLIENT_ID, OTHER_CLIENT_ID]) {
      for (const scheme of ['', 'Bearer ']) {
        const body = await assertAllowed(await get('/hello', `${scheme}${await issuer.idToken({ clientId })}`));
        assert.equal(body.message, 'Hello, jane!');
        assert.equal(body.event.requestContext.authorizer.claims.aud, clientId);
      }
    }
  });

  test('the claims reach the function with their JSON types: numbers, booleans, lists, objects and null, under requestContext.authorizer.claims', async () => {
    const claims = { ...issuer.idClaims({ groups: ['admin', 'editors'] }), address: { locality: 'Springfield', codes: [1, 2] }, middle_name: null };
    const token = await issuer.signRaw({ kid: issuer.keys.id.kid, alg: 'RS256' }, claims, issuer.keys.id);
    const response = await get('/hello', token);
    const body = await assertAllowed(response);
    assert.equal(typeof body.event.requestContext.authorizer.claims.exp, 'number');
    assert.equal(body.event.requestContext.authorizer.claims.email_verified, true);
    assert.deepEqual(body.event.requestContext.authorizer, { claims });
    const event = hop(await gateway.trace(requestIdOf(response)), 'lambda-event').detail;
    assert.equal(event.payloadVersion, '1.0');
    assert.match(event.inferred ?? '', INFERRED, 'where the claims sit is the gateway’s choice');
    // The demo function reads the groups as a list.
    const admin = await assertAllowed(await get('/admin', token));
    assert.deepEqual(admin, { message: 'Welcome, jane.', groups: ['admin', 'editors'] });
  });

  test('an access token on /hello: 200; with no aud, its client_id is held to the audiences, and the trace says that choice is inferred', async () => {
    const response = await get('/hello', `Bearer ${await issuer.accessToken()}`);
    const body = await assertAllowed(response);
    assert.equal(body.event.requestContext.authorizer.claims.token_use, 'access');
    const trace = await gateway.trace(requestIdOf(response));
    const audience = hop(trace, 'claims').detail.checks.find((check) => check.check === 'aud');
    assert.deepEqual(
      { ...audience, inferred: undefined },
      {
        check: 'aud',
        claim: 'client_id',
        expected: `one of ${JSON.stringify([CLIENT_ID, OTHER_CLIENT_ID])} (checked because the token has no aud)`,
        actual: CLIENT_ID,
        ok: true,
        inferred: undefined,
      },
    );
    assert.match(audience?.inferred ?? '', INFERRED);
    assert.deepEqual(
      hop(trace, 'claims').detail.checks.map((check) => check.check),
      ['exp', 'nbf', 'iat', 'aud'],
    );
  });

  test('an access token of another app client: 401, refused by aud', async () => {
    await assertRefused(await get('/hello', await issuer.accessToken({ clientId: 'someotherappclient0000001' })), REST_UNAUTHORIZED, 'aud');
  });

  test('when a token has aud, aud decides: a wrong aud is refused whatever its client_id', async () => {
    await assertRefused(await get('/hello', await issuer.accessToken({}, { aud: 'someotherappclient0000001' })), REST_UNAUTHORIZED, 'aud');
  });

  test('/access takes access tokens only (additionalClaims: token_use must be "access"): the access token passes', async () => {
    const body = await assertAllowed(await get('/access', await issuer.accessToken()));
    assert.equal(body.event.requestContext.authorizer.claims.token_use, 'access');
  });

  test('/access: an ID token, token_use "ACCESS" (values are case-sensitive) and a token without token_use (required) are refused by additional-claim', async () => {
    for (const token of [
      await issuer.idToken(),
      await issuer.accessToken({}, { token_use: 'ACCESS' }),
      await issuer.accessToken({}, { token_use: undefined }),
    ]) {
      const trace = await assertRefused(await get('/access', token), REST_UNAUTHORIZED, 'additional-claim');
      const failed = hop(trace, 'claims').detail.checks.at(-1);
      assert.equal(failed?.claim, 'token_use');
      assert.equal(failed?.expected, 'a string, one of ["access"]');
    }
  });
});

describe('scopes', () => {
  test('an access token with the method’s scope on /scoped: 200', async () => {
    const body = await assertAllowed(await get('/scoped', await issuer.accessToken({}, { scope: `openid ${ADMIN_SCOPE}` })));
    assert.equal(body.event.requestContext.authorizer.claims.scope, `openid ${ADMIN_SCOPE}`);
  });

  test('an access token without the scope on /scoped: 403 Forbidden, refused by scope', async () => {
    await assertRefused(await get('/scoped', await issuer.accessToken({}, { scope: 'openid email' })), REST_FORBIDDEN, 'scope');
  });

  test('an ID token on /scoped (it has no scope claim): 403, refused by scope', async () => {
    await assertRefused(await get('/scoped', await issuer.idToken()), REST_FORBIDDEN, 'scope');
  });

  test('scp, as a list, is read too, and one matching scope of either style is enough', async () => {
    for (const scp of [['orders:read'], ['orders/read'], ['reports:read', 'orders:read']]) {
      const body = await assertAllowed(await get('/orders', await partnerToken({ scp })));
      assert.deepEqual(body.event.requestContext.authorizer.claims.scp, scp);
    }
  });

  test('a partner token without an orders scope: 403, refused by scope', async () => {
    for (const scp of [['reports:read'], []]) await assertRefused(await get('/orders', await partnerToken({ scp })), REST_FORBIDDEN, 'scope');
  });
});

describe('two trusted issuers', () => {
  test('a token of the second issuer is accepted with its own audiences; its keys were found through its OpenID configuration', async () => {
    for (const aud of [...PARTNER_AUDIENCES, ['unrelated', 'partner-reports']]) {
      const response = await get('/hello', await partnerToken({ aud }));
      const body = await assertAllowed(response);
      assert.equal(body.event.requestContext.authorizer.claims.sub, 'svc-reporting');
      const jwks = hop(await gateway.trace(requestIdOf(response)), 'jwks').detail;
      assert.equal(jwks.issuer, partner.issuer);
      assert.equal(jwks.url, partner.jwksUri);
      assert.equal(jwks.discovery, `jwks_uri found in ${partner.issuer}/.well-known/openid-configuration`);
    }
    assert.ok(gateway.fetched.includes(`${partner.issuer}/.well-known/openid-configuration`));
  });

  test('audiences belong to their issuer: the demo pool’s app client is no audience of the partner’s, nor the partner’s of the demo pool', async () => {
    await assertRefused(await get('/hello', await partnerToken({ aud: CLIENT_ID })), REST_UNAUTHORIZED, 'aud');
    await assertRefused(await get('/hello', await issuer.idToken({ clientId: 'partner-api' })), REST_UNAUTHORIZED, 'aud');
  });

  test('a token of an issuer the authorizer does not trust: 401, refused by iss, and nothing fetched from it', async () => {
    const trace = await assertRefused(await get('/hello', await stranger.idToken()), REST_UNAUTHORIZED, 'iss');
    assert.deepEqual(hop(trace, 'jwks').detail, { issuer: stranger.issuer, trusted: [issuer.issuer, partner.issuer] });
    assert.equal(
      gateway.fetched.some((url) => url.startsWith(stranger.baseUrl)),
      false,
    );
  });

  test('a token naming the demo pool, signed with the partner’s key under the demo pool’s kid: 401, refused by signature', async () => {
    const forged = await partner.signRaw({ kid: issuer.keys.id.kid, alg: 'RS256' }, issuer.idClaims(), partner.keys.id);
    await assertRefused(await get('/hello', forged), REST_UNAUTHORIZED, 'signature');
  });

  test('the checked-in second issuer lives under .invalid: its tokens are refused at the JWKS, which cannot be had (the gateway fails closed)', async () => {
    const checkedIn = await startGateway(issuer);
    try {
      const claims = { iss: PARTNER_ISSUER, sub: 'svc', aud: 'token-trail', iat: now(), exp: now() + 600 };
      const response = await checkedIn.call('/rest-jwt/prod/hello', {
        headers: { authorization: await partner.signRaw({ kid: 'k1', alg: 'RS256' }, claims, partner.keys.id) },
      });
      await assertRestError(response, REST_UNAUTHORIZED);
      const trace = await checkedIn.trace(requestIdOf(response));
      assertRefusedBy(trace, 'jwks');
      assert.deepEqual(checkedIn.fetched, [`${PARTNER_ISSUER}/.well-known/openid-configuration`]);
    } finally {
      await checkedIn.close();
    }
  });
});

describe('additional claims of the partner issuer', () => {
  test('tenant must be one of its expected values: acme and globex pass, initech is refused', async () => {
    for (const tenant of ['acme', 'globex']) await assertAllowed(await get('/hello', await partnerToken({ tenant })));
    const trace = await assertRefused(await get('/hello', await partnerToken({ tenant: 'initech' })), REST_UNAUTHORIZED, 'additional-claim');
    assert.deepEqual(hop(trace, 'claims').detail.checks.at(-1), {
      check: 'additional-claim',
      claim: 'tenant',
      expected: 'a string, one of ["acme","globex"]',
      actual: 'initech',
      ok: false,
    });
  });

  test('tenant is required: a token without it is refused', async () => {
    const trace = await assertRefused(await get('/hello', await partnerToken({ tenant: undefined })), REST_UNAUTHORIZED, 'additional-claim');
    assert.equal(trace.failure?.reason, 'tenant is missing, expected a string, one of ["acme","globex"]');
  });

  test('tenant is a single string: a list or a number is refused', async () => {
    for (const tenant of [['acme'], 7]) await assertRefused(await get('/hello', await partnerToken({ tenant })), REST_UNAUTHORIZED, 'additional-claim');
  });

  test('department is optional and any string: absent or "sales" passes, a number is refused', async () => {
    await assertAllowed(await get('/hello', await partnerToken()));
    await assertAllowed(await get('/hello', await partnerToken({ department: 'sales' })));
    const trace = await assertRefused(await get('/hello', await partnerToken({ department: 42 })), REST_UNAUTHORIZED, 'additional-claim');
    assert.deepEqual(hop(trace, 'claims').detail.checks.at(-1), {
      check: 'additional-claim',
      claim: 'department',
      expected: 'a string, or absent',
      actual: 42,
      ok: false,
    });
  });

  test('the demo pool’s tokens are not held to the partner’s claims: each issuer has its own', async () => {
    await assertAllowed(await get('/hello', await issuer.idToken()));
  });
});

describe('algorithms', () => {
  test('each of defaultAlgorithms verifies with its key: RS256, RS384 and ES256', async () => {
    for (const [token, alg] of [
      [await issuer.idToken(), 'RS256'],
      [await demoTokenWith(keys.rs384, 'RS384'), 'RS384'],
      [await demoTokenWith(keys.es256, 'ES256'), 'ES256'],
    ] as const) {
      const response = await get('/hello', token);
      await assertAllowed(response);
      assert.equal(hop(await gateway.trace(requestIdOf(response)), 'signature').detail.alg, alg);
    }
  });

  test('an algorithm outside defaultAlgorithms is refused before any key is looked up, though the JWKS has its key: RS512, ES384', async () => {
    for (const [key, alg] of [
      [keys.rs512, 'RS512'],
      [keys.es384, 'ES384'],
    ] as const) {
      const trace = await assertRefused(await get('/hello', await demoTokenWith(key, alg)), REST_UNAUTHORIZED, 'alg');
      assert.equal(trace.failure?.reason, `the algorithm "${alg}" is not one of ["RS256","RS384","ES256"]`);
      assert.equal(
        trace.hops.some((candidate) => candidate.name === 'jwks'),
        false,
      );
    }
  });

  test('HS256 and none are refused by alg', async () => {
    for (const alg of ['HS256', 'none']) {
      const [header, payload] = (await issuer.idToken()).split('.');
      const token = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header!, 'base64url').toString()), alg })).toString('base64url')}.${payload}.`;
      await assertRefused(await get('/hello', token), REST_UNAUTHORIZED, 'alg');
    }
  });

  test('ES256 claimed under the kid of an RSA key: 401, refused by kid, for no ES256 key has that kid', async () => {
    const token = await signToken(keys.es256, 'ES256', { kid: issuer.keys.id.kid, alg: 'ES256' }, issuer.idClaims());
    await assertRefused(await get('/hello', token), REST_UNAUTHORIZED, 'kid');
  });
});

describe('identity source and errors', () => {
  test('no Authorization header, or an empty one: 401, refused by identity-source', async () => {
    await assertRefused(await get('/hello'), REST_UNAUTHORIZED, 'identity-source');
    await assertRefused(await get('/hello', ''), REST_UNAUTHORIZED, 'identity-source');
  });

  test('the header hop says how "Bearer" is read, and that this is the gateway’s choice', async () => {
    const token = await issuer.idToken();
    const trace = await gateway.trace(requestIdOf(await get('/hello', `Bearer ${token}`)));
    const header = hop(trace, 'header').detail;
    assert.deepEqual(
      { ...header, inferred: undefined },
      { identitySource: 'Authorization', present: true, scheme: 'Bearer', tokenBytes: token.length, inferred: undefined },
    );
    assert.match(header.inferred ?? '', INFERRED);
  });

  test('an expired token: 401 Unauthorized (not the Cognito authorizer’s message), refused by exp', async () => {
    await assertRefused(await get('/hello', await issuer.idToken({ iat: now() - 7200 })), REST_UNAUTHORIZED, 'exp');
  });

  test('nbf or iat in the future: 401, refused by nbf and iat', async () => {
    await assertRefused(await get('/hello', await issuer.idToken({}, { nbf: now() + 60 })), REST_UNAUTHORIZED, 'nbf');
    await assertRefused(await get('/hello', await issuer.idToken({ iat: now() + 60 })), REST_UNAUTHORIZED, 'iat');
  });

  test('an unknown route or another stage: 403 Missing Authentication Token, as on every REST API', async () => {
    for (const path of ['/rest-jwt/prod/nowhere', '/rest-jwt/dev/hello']) {
      const response = await gateway.call(path);
      await assertRestError(response, REST_MISSING_TOKEN);
      assertRefusedBy(await gateway.trace(requestIdOf(response)), 'route');
    }
  });

  test('OPTIONS on a resource: the generated mock method, no authorizer', async () => {
    const response = await gateway.call('/rest-jwt/prod/access', {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:4321', 'access-control-request-method': 'GET' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-expose-headers'), 'Server-Timing');
    assert.deepEqual(
      (await gateway.trace(requestIdOf(response))).hops.map((entry) => entry.name),
      ['received', 'route', 'response'],
    );
  });

  test('the gateway’s own errors carry the DEFAULT_4XX headers, so a page on another origin can read them', async () => {
    // assertRestError checks them exactly: allow-origin *, the ids, the error type and Server-Timing exposed.
    await assertRestError(await gateway.call('/rest-jwt/prod/hello', { headers: { origin: 'http://127.0.0.1:4321' } }), REST_UNAUTHORIZED);
  });
});

describe('the issuers’ keys', () => {
  test('fetched once, kept up to an hour, then fetched again', async () => {
    const fresh = await startGateway(issuer, { definition, userPools: trustedPools(issuer) });
    try {
      const call = async () =>
        hop(await fresh.trace(requestIdOf(await fresh.call('/rest-jwt/prod/hello', { headers: { authorization: await issuer.idToken() } }))), 'jwks').detail;
      const requests = issuer.jwksRequests;
      assert.equal((await call()).cache, 'miss');
      fresh.clock.advance(3_600_000 - 1);
      const kept = await call();
      assert.deepEqual([kept.cache, kept.ageMs], ['hit', 3_600_000 - 1]);
      assert.equal(issuer.jwksRequests, requests + 1);
      fresh.clock.advance(1);
      assert.equal((await call()).cache, 'miss');
      assert.equal(issuer.jwksRequests, requests + 2);
      assert.deepEqual(fresh.fetched, [
        `${issuer.issuer}/.well-known/openid-configuration`,
        issuer.jwksUri,
        `${issuer.issuer}/.well-known/openid-configuration`,
        issuer.jwksUri,
      ]);
    } finally {
      await fresh.close();
    }
  });

  test('a key it has not seen makes it fetch the keys again (once the refetch cooldown is over)', async () => {
    const fresh = await startGateway(issuer, { definition, userPools: trustedPools(issuer) });
    try {
      await assertAllowed(await fresh.call('/rest-jwt/prod/hello', { headers: { authorization: await issuer.idToken() } }));
      const rotated = await newAlgorithmKey('RS256', 'demo-rotated');
      issuer.publish(rotated);
      fresh.clock.advance(10_000);
      const response = await fresh.call('/rest-jwt/prod/hello', {
        headers: { authorization: await signToken(rotated, 'RS256', { kid: rotated.kid, alg: 'RS256' }, issuer.idClaims()) },
      });
      await assertAllowed(response);
      assert.equal(hop(await fresh.trace(requestIdOf(response)), 'jwks').detail.cache, 'refetch');
    } finally {
      await fresh.close();
    }
  });
});
