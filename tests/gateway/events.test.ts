/**
 * Acceptance 3: the Lambda events are faithful to what AWS records, in keys
 * and value formats, and claims are stringified value by value as AWS does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpClaims, javaDate, restClaims } from '../../src/stack/gateway/events/claims-format.ts';
import snapshots from './fixtures/aws-snapshots.json' with { type: 'json' };
import referenceV2 from './fixtures/reference-v2-event.json' with { type: 'json' };
import { testClock } from '../helpers/clock.ts';
import { withRoutes } from './fixtures/definitions.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { CLIENT_ID, startIssuer, type TestIssuer } from './fixtures/issuer.ts';

type Event = Record<string, any>;

// 2025-11-26 02:41 UTC: one minute after the tokens below were issued.
const ISSUED = 1764124800;
const NOW_MS = (ISSUED + 60) * 1000;

let issuer: TestIssuer;
let gateway: TestGateway;

before(async () => {
  issuer = await startIssuer({ clock: testClock(NOW_MS) });
  gateway = await startGateway(issuer, {
    definition: withRoutes({
      restStage: 'stage',
      rest: [
        { method: 'GET', path: '/{proxy+}', function: 'hello' },
        { method: 'POST', path: '/{proxy+}', function: 'hello' },
        { method: 'GET', path: '/hardcoded', function: 'hello' },
      ],
      http: [
        { method: 'GET', path: '/orders/{id}', function: 'hello', authorizer: 'demo', authorizationScopes: ['openid'] },
        { method: 'GET', path: '/echo', function: 'hello' },
      ],
    }),
  });
});
after(async () => {
  await gateway.close();
  await issuer.close();
});

/**
 * Calls the gateway with header names spelled as given, as Node's rawHeaders
 * would carry them. In process, because the client here is at an IPv4-mapped
 * address (::ffff:127.0.0.1), which the gateway's IPv4 socket never reports.
 */
async function echo(path: string, headers: Array<[string, string]>, init: RequestInit = {}): Promise<{ event: Event; response: Response }> {
  const response = await gateway.callInProcess(path, { ...init, headers }, { remoteAddress: '::ffff:127.0.0.1', rawHeaders: headers.flat() });
  assert.equal(response.status, 200, await response.clone().text());
  return { event: ((await response.json()) as { event: Event }).event, response };
}

const keys = (value: object) => Object.keys(value).sort();
const CLIENT_HEADERS: Array<[string, string]> = [
  ['Host', 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'],
  ['User-Agent', 'python-requests/testing'],
  ['Accept', '*/*'],
  ['Accept-Encoding', 'gzip, deflate'],
  ['Authorization', 'random-value'],
  ['tEsT-HEADeR', 'aValUE'],
];

describe('REST API events (payload 1.0) against the AWS-recorded snapshots', () => {
  const recorded = snapshots.v1Events;

  test('the keys of the event, requestContext and identity are those AWS records', async () => {
    const { event } = await echo('/rest/stage/hardcoded', CLIENT_HEADERS);
    const snapshot = recorded['invocation-hardcoded'];
    assert.deepEqual(keys(event), keys(snapshot));
    assert.deepEqual(keys(event.requestContext), keys(snapshot.requestContext));
    assert.deepEqual(keys(event.requestContext.identity), keys(snapshot.requestContext.identity));
  });

  test('value formats: ids, times, stage in requestContext.path only, nulls for absent parts', async () => {
    const { event, response } = await echo('/rest/stage/hardcoded', CLIENT_HEADERS);
    const context = event.requestContext;
    assert.equal(event.resource, '/hardcoded');
    assert.equal(event.path, '/hardcoded');
    assert.equal(context.path, '/stage/hardcoded');
    assert.equal(context.resourcePath, '/hardcoded');
    assert.equal(context.stage, 'stage');
    assert.equal(event.httpMethod, 'GET');
    assert.equal(context.httpMethod, 'GET');
    assert.equal(event.queryStringParameters, null);
    assert.equal(event.multiValueQueryStringParameters, null);
    assert.equal(event.pathParameters, null);
    assert.equal(event.stageVariables, null);
    assert.equal(event.body, null);
    assert.equal(event.isBase64Encoded, false);
    assert.equal(context.requestId, response.headers.get('x-amzn-requestid'));
    assert.equal(context.extendedRequestId, response.headers.get('x-amz-apigw-id'));
    assert.equal(context.requestTime, '26/Nov/2025:02:41:00 +0000');
    assert.equal(context.requestTimeEpoch, NOW_MS);
    assert.equal(context.protocol, 'HTTP/1.1');
    assert.match(context.accountId, /^\d{12}$/);
    assert.match(context.apiId, /^[a-z0-9]{10}$/);
    assert.match(context.resourceId, /^[a-z0-9]{6}$/);
    assert.match(context.deploymentId, /^[a-z0-9]{6}$/);
    assert.equal(context.identity.sourceIp, '127.0.0.1');
    assert.equal(context.identity.userAgent, 'python-requests/testing');
    assert.equal(context.identity.cognitoIdentityId, null);
    assert.equal(context.authorizer, undefined, 'no authorizer block on an open method');
  });

  test('header names keep their spelling; AWS adds X-Forwarded-* and X-Amzn-Trace-Id; multiValueHeaders are lists', async () => {
    const { event } = await echo('/rest/stage/hardcoded', CLIENT_HEADERS);
    const snapshot = recorded['invocation-hardcoded'];
    for (const name of ['Accept', 'Accept-Encoding', 'Authorization', 'Host', 'User-Agent', 'tEsT-HEADeR']) {
      assert.equal(event.headers[name], (snapshot.headers as Record<string, string>)[name] === '<host:1>' ? CLIENT_HEADERS[0]![1] : (snapshot.headers as Record<string, string>)[name]);
      assert.deepEqual(event.multiValueHeaders[name], [event.headers[name]]);
    }
    for (const name of ['X-Amzn-Trace-Id', 'X-Forwarded-For', 'X-Forwarded-Port', 'X-Forwarded-Proto']) assert.ok(name in snapshot.headers && name in event.headers, name);
    assert.match(event.headers['X-Amzn-Trace-Id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(event.headers['X-Forwarded-For'], '127.0.0.1');
    assert.equal(event.headers['X-Forwarded-Proto'], 'http');
  });

  test('query strings decode as recorded: + is a space, %2B a plus; the last value wins in queryStringParameters', async () => {
    const query = 'dateTimeOffset=2023-06-12T18:05:10.123456+00:00&email=test%2Balias%40gmail.com&plus=test+alias@gmail.com&url=https://www.google.com/&whitespace=foo%20bar&zhash=abort/';
    const { event } = await echo(`/rest/stage/proxy-value/api?${query}`, CLIENT_HEADERS);
    const snapshot = recorded['invocation-payload-with-params-encoding'];
    assert.deepEqual(event.queryStringParameters, snapshot.queryStringParameters);
    assert.deepEqual(event.multiValueQueryStringParameters, snapshot.multiValueQueryStringParameters);
    assert.equal(event.path, snapshot.path);
    assert.deepEqual(event.pathParameters, snapshot.pathParameters);
    assert.equal(event.resource, snapshot.resource);
  });

  test('repeated query parameters and a POST body', async () => {
    const snapshot = recorded['invocation-payload-with-params-encoding-multi'];
    const { event } = await echo('/rest/stage/proxy-value?category=electronics&category=books&price=10&price=20&price=30', [...CLIENT_HEADERS, ['Content-Type', 'application/json;charset=utf-8']], {
      method: 'POST',
      body: JSON.stringify(snapshot.body),
    });
    assert.deepEqual(event.queryStringParameters, snapshot.queryStringParameters);
    assert.deepEqual(event.multiValueQueryStringParameters, snapshot.multiValueQueryStringParameters);
    assert.equal(typeof event.body, 'string');
    assert.deepEqual(JSON.parse(event.body), snapshot.body);
    assert.equal(event.httpMethod, 'POST');
  });

  for (const [name, path] of [
    ['invocation-payload-with-path-encoded-email', '/rest/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com'],
    ['invocation-payload-with-trailing-slash', '/rest/stage/proxy-value/'],
    ['invocation-payload-with-double-slash', '/rest/stage/proxy-value//double-slash'],
    ['invocation-payload-with-prepended-slash', '/rest/stage//proxy-value'],
  ] as const) {
    test(`paths as recorded: ${name.replace('invocation-payload-', '')}`, async () => {
      const { event } = await echo(path, CLIENT_HEADERS);
      const snapshot = recorded[name];
      assert.equal(event.path, snapshot.path);
      assert.equal(event.requestContext.path, snapshot.requestContext.path);
      assert.deepEqual(event.pathParameters, snapshot.pathParameters);
      assert.equal(event.resource, snapshot.resource);
    });
  }
});

describe('HTTP API events (payload 2.0) against the reference example', () => {
  const reference = referenceV2.event;

  test('keys and value formats, on a scoped route with a path parameter and a query', async () => {
    const token = issuer.accessToken({ iat: ISSUED, groups: ['admins', 'editors'] }, { scope: 'openid https://api.example.com/orders.read', version: 2 });
    const { event, response } = await echo('/http/orders/42?expand=items', [
      ['Accept', 'application/json'],
      ['Authorization', `Bearer ${token}`],
      ['User-Agent', 'curl/8.5.0'],
      ['Host', 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'],
    ]);
    assert.deepEqual(keys(event), keys(reference));
    assert.deepEqual(keys(event.requestContext), keys(reference.requestContext));
    assert.deepEqual(keys(event.requestContext.http), keys(reference.requestContext.http));
    assert.deepEqual(keys(event.requestContext.authorizer.jwt), keys(reference.requestContext.authorizer.jwt));
    assert.deepEqual(keys(event.requestContext.authorizer.jwt.claims), keys(reference.requestContext.authorizer.jwt.claims));

    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, reference.routeKey);
    assert.equal(event.rawPath, reference.rawPath);
    assert.equal(event.rawQueryString, reference.rawQueryString);
    assert.deepEqual(event.queryStringParameters, reference.queryStringParameters);
    assert.deepEqual(event.pathParameters, reference.pathParameters);
    for (const name of Object.keys(event.headers)) assert.equal(name, name.toLowerCase());
    assert.equal(event.headers.authorization, `Bearer ${token}`);
    assert.equal(event.headers['user-agent'], 'curl/8.5.0');
    assert.equal(event.requestContext.stage, '$default');
    assert.equal(event.requestContext.routeKey, reference.requestContext.routeKey);
    assert.deepEqual(event.requestContext.http, { ...reference.requestContext.http, sourceIp: '127.0.0.1' });
    assert.equal(event.requestContext.requestId, response.headers.get('apigw-requestid'));
    assert.match(event.requestContext.requestId, /^[A-Za-z0-9]{15}=$/);
    assert.equal(event.requestContext.time, '26/Nov/2025:02:41:00 +0000');
    assert.equal(event.requestContext.timeEpoch, NOW_MS);
    assert.deepEqual(event.requestContext.authorizer.jwt.scopes, reference.requestContext.authorizer.jwt.scopes);
    assert.equal(event.isBase64Encoded, false);
    assert.equal('body' in event, false);
    assert.equal('cookies' in event, false);
  });

  test('cookies come apart from the headers, and repeated query parameters join with commas', async () => {
    const { event } = await echo('/http/echo?a=1&a=2', [['Cookie', 'theme=dark; session=abc']]);
    assert.deepEqual(event.cookies, ['theme=dark', 'session=abc']);
    assert.equal(event.headers.cookie, undefined);
    assert.deepEqual(event.queryStringParameters, { a: '1,2' });
    assert.equal(event.requestContext.authorizer, undefined);
  });
});

describe('claim stringification, value by value', () => {
  const expectedCommon = (claims: Record<string, unknown>) => ({
    sub: claims.sub,
    iss: issuer.issuer,
    origin_jti: claims.origin_jti,
    event_id: claims.event_id,
    jti: claims.jti,
    auth_time: '1764124800',
  });

  async function claimsFrom(path: string, payload: Record<string, unknown>, key: 'id' | 'access'): Promise<Record<string, string>> {
    const token = issuer.signRaw({ kid: issuer.keys[key].kid, alg: 'RS256' }, payload, issuer.keys[key].privateKey);
    const response = await gateway.call(path, { headers: { authorization: token } });
    assert.equal(response.status, 200, await response.clone().text());
    const { event } = (await response.json()) as { event: Event };
    return path.startsWith('/rest') ? event.requestContext.authorizer.claims : event.requestContext.authorizer.jwt.claims;
  }

  test('REST, ID token: Java dates for exp and iat, "a,b" groups, "true", epoch auth_time', async () => {
    const payload = issuer.idClaims({ iat: ISSUED, groups: ['admins', 'editors'] });
    assert.deepEqual(await claimsFrom('/rest/stage/hello', payload, 'id'), {
      ...expectedCommon(payload),
      'cognito:groups': 'admins,editors',
      email_verified: 'true',
      'cognito:username': 'jane',
      aud: CLIENT_ID,
      token_use: 'id',
      exp: 'Wed Nov 26 03:40:00 UTC 2025',
      iat: 'Wed Nov 26 02:40:00 UTC 2025',
      email: 'jane@example.com',
    });
  });

  test('REST, access token: a single group stays plain, scope stays space-separated, numbers are decimal', async () => {
    const payload = { ...issuer.accessClaims({ iat: ISSUED, groups: ['admins'] }), version: 2 };
    assert.deepEqual(await claimsFrom('/rest/stage/scoped', payload, 'access'), {
      ...expectedCommon(payload),
      'cognito:groups': 'admins',
      client_id: CLIENT_ID,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      exp: 'Wed Nov 26 03:40:00 UTC 2025',
      iat: 'Wed Nov 26 02:40:00 UTC 2025',
      username: 'jane',
      version: '2',
    });
  });

  test('HTTP, ID token: epoch strings, "[a b]" groups, "true"', async () => {
    const payload = issuer.idClaims({ iat: ISSUED, groups: ['admins', 'editors'] });
    assert.deepEqual(await claimsFrom('/http/hello', payload, 'id'), {
      ...expectedCommon(payload),
      'cognito:groups': '[admins editors]',
      email_verified: 'true',
      'cognito:username': 'jane',
      aud: CLIENT_ID,
      token_use: 'id',
      exp: '1764128400',
      iat: '1764124800',
      email: 'jane@example.com',
    });
  });

  test('HTTP, access token: a single group in brackets, scope unchanged', async () => {
    const payload = { ...issuer.accessClaims({ iat: ISSUED, groups: ['admins'] }), version: 2 };
    assert.deepEqual(await claimsFrom('/http/hello', payload, 'access'), {
      ...expectedCommon(payload),
      'cognito:groups': '[admins]',
      client_id: CLIENT_ID,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      exp: '1764128400',
      iat: '1764124800',
      username: 'jane',
      version: '2',
    });
  });

  test('the renderers, on values Cognito tokens rarely carry', () => {
    const payload = { n: 1.5, f: false, o: { a: [1] }, z: null, list: [1, true, 'x'], exp: 1583392027 };
    assert.deepEqual(restClaims(payload), { n: '1.5', f: 'false', o: '{"a":[1]}', list: '1,true,x', exp: 'Thu Mar 05 07:07:07 UTC 2020' });
    assert.deepEqual(httpClaims(payload), { n: '1.5', f: 'false', o: '{"a":[1]}', list: '[1 true x]', exp: '1583392027' });
    assert.equal(javaDate(ISSUED), 'Wed Nov 26 02:40:00 UTC 2025');
  });
});

test('the trace of an authorized request carries the event the function received', async () => {
  const response = await gateway.call('/rest/stage/hello', { headers: { authorization: issuer.idToken({ iat: ISSUED }) } });
  const { event } = (await response.json()) as { event: Event };
  const trace = await gateway.trace(requestIdOf(response));
  assert.deepEqual(trace.hops.find((hop) => hop.name === 'lambda-event')?.detail.event, event);
});
