/**
 * The Lambda events are faithful to what AWS records, in keys
 * and value formats, and claims are stringified value by value as AWS does.
 *
 * Runtime-neutral: tests/gateway/events.test.ts runs these cases against the
 * Node gateway, tests/browser/conformance.spec.ts against the same gateway
 * code in a Chromium Service Worker. The recorded events are AWS's
 * (tests/gateway/fixtures/aws-snapshots.json, reference-v2-event.json).
 */
import { httpClaims, javaDate, restClaims } from '../../src/stack/gateway/events/claims-format.ts';
import snapshots from '../gateway/fixtures/aws-snapshots.json' with { type: 'json' };
import referenceV2 from '../gateway/fixtures/reference-v2-event.json' with { type: 'json' };
import { withRoutes } from '../gateway/fixtures/definitions.ts';
import type { Case } from './cases.ts';
import { deepEqual, equal, match, ok } from './check.ts';
import { requestIdOf, type CallInit, type GatewaySuite, type GatewayTarget } from './gateway-target.ts';
import { CLIENT_ID } from './issuer.ts';

type Event = Record<string, any>;

// 2025-11-26 02:41 UTC: one minute after the tokens below were issued.
const ISSUED = 1764124800;
const NOW_MS = (ISSUED + 60) * 1000;

/**
 * Calls the gateway with header names spelled as given, as Node's rawHeaders
 * would carry them. In process, because the client here is at an IPv4-mapped
 * address (::ffff:127.0.0.1), which the gateway's IPv4 socket never reports,
 * and because a browser's fetch cannot send Host, User-Agent, Cookie or
 * Accept-Encoding.
 */
async function echo(
  target: GatewayTarget,
  path: string,
  headers: Array<[string, string]>,
  init: Omit<CallInit, 'headers'> = {},
): Promise<{ event: Event; response: Response }> {
  const response = await target.callInProcess(path, { ...init, headers }, { remoteAddress: '::ffff:127.0.0.1', rawHeaders: headers.flat() });
  equal(response.status, 200, await response.clone().text());
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

const recorded = snapshots.v1Events;
const reference = referenceV2.event;

const restCases: Case<GatewayTarget>[] = [
  {
    name: 'REST API events (payload 1.0): the keys of the event, requestContext and identity are those AWS records',
    async run(target) {
      const { event } = await echo(target, '/rest/stage/hardcoded', CLIENT_HEADERS);
      const snapshot = recorded['invocation-hardcoded'];
      deepEqual(keys(event), keys(snapshot), 'the event');
      deepEqual(keys(event.requestContext), keys(snapshot.requestContext), 'requestContext');
      deepEqual(keys(event.requestContext.identity), keys(snapshot.requestContext.identity), 'requestContext.identity');
    },
  },
  {
    name: 'REST API events (payload 1.0): value formats: ids, times, stage in requestContext.path only, nulls for absent parts',
    async run(target) {
      const { event, response } = await echo(target, '/rest/stage/hardcoded', CLIENT_HEADERS);
      const context = event.requestContext;
      equal(event.resource, '/hardcoded', 'resource');
      equal(event.path, '/hardcoded', 'path');
      equal(context.path, '/stage/hardcoded', 'requestContext.path');
      equal(context.resourcePath, '/hardcoded', 'resourcePath');
      equal(context.stage, 'stage', 'stage');
      equal(event.httpMethod, 'GET', 'httpMethod');
      equal(context.httpMethod, 'GET', 'requestContext.httpMethod');
      equal(event.queryStringParameters, null, 'queryStringParameters');
      equal(event.multiValueQueryStringParameters, null, 'multiValueQueryStringParameters');
      equal(event.pathParameters, null, 'pathParameters');
      equal(event.stageVariables, null, 'stageVariables');
      equal(event.body, null, 'body');
      equal(event.isBase64Encoded, false, 'isBase64Encoded');
      equal(context.requestId, response.headers.get('x-amzn-requestid'), 'requestId');
      equal(context.extendedRequestId, response.headers.get('x-amz-apigw-id'), 'extendedRequestId');
      equal(context.requestTime, '26/Nov/2025:02:41:00 +0000', 'requestTime');
      equal(context.requestTimeEpoch, NOW_MS, 'requestTimeEpoch');
      equal(context.protocol, 'HTTP/1.1', 'protocol');
      match(context.accountId, /^\d{12}$/, 'accountId');
      match(context.apiId, /^[a-z0-9]{10}$/, 'apiId');
      match(context.resourceId, /^[a-z0-9]{6}$/, 'resourceId');
      match(context.deploymentId, /^[a-z0-9]{6}$/, 'deploymentId');
      equal(context.identity.sourceIp, '127.0.0.1', 'sourceIp');
      equal(context.identity.userAgent, 'python-requests/testing', 'userAgent');
      equal(context.identity.cognitoIdentityId, null, 'cognitoIdentityId');
      equal(context.authorizer, undefined, 'no authorizer block on an open method');
    },
  },
  {
    name: 'REST API events (payload 1.0): header names keep their spelling; AWS adds X-Forwarded-* and X-Amzn-Trace-Id; multiValueHeaders are lists',
    async run(target) {
      const { event } = await echo(target, '/rest/stage/hardcoded', CLIENT_HEADERS);
      const snapshot = recorded['invocation-hardcoded'];
      for (const name of ['Accept', 'Accept-Encoding', 'Authorization', 'Host', 'User-Agent', 'tEsT-HEADeR']) {
        equal(
          event.headers[name],
          (snapshot.headers as Record<string, string>)[name] === '<host:1>' ? CLIENT_HEADERS[0]![1] : (snapshot.headers as Record<string, string>)[name],
          `headers.${name}`,
        );
        deepEqual(event.multiValueHeaders[name], [event.headers[name]], `multiValueHeaders.${name}`);
      }
      for (const name of ['X-Amzn-Trace-Id', 'X-Forwarded-For', 'X-Forwarded-Port', 'X-Forwarded-Proto'])
        ok(name in snapshot.headers && name in event.headers, name);
      match(event.headers['X-Amzn-Trace-Id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/, 'X-Amzn-Trace-Id');
      equal(event.headers['X-Forwarded-For'], '127.0.0.1', 'X-Forwarded-For');
      equal(event.headers['X-Forwarded-Proto'], 'http', 'X-Forwarded-Proto');
    },
  },
  {
    name: 'REST API events (payload 1.0): query strings decode as recorded: + is a space, %2B a plus; the last value wins in queryStringParameters',
    async run(target) {
      const query =
        'dateTimeOffset=2023-06-12T18:05:10.123456+00:00&email=test%2Balias%40gmail.com&plus=test+alias@gmail.com&url=https://www.google.com/&whitespace=foo%20bar&zhash=abort/';
      const { event } = await echo(target, `/rest/stage/proxy-value/api?${query}`, CLIENT_HEADERS);
      const snapshot = recorded['invocation-payload-with-params-encoding'];
      deepEqual(event.queryStringParameters, snapshot.queryStringParameters, 'queryStringParameters');
      deepEqual(event.multiValueQueryStringParameters, snapshot.multiValueQueryStringParameters, 'multiValueQueryStringParameters');
      equal(event.path, snapshot.path, 'path');
      deepEqual(event.pathParameters, snapshot.pathParameters, 'pathParameters');
      equal(event.resource, snapshot.resource, 'resource');
    },
  },
  {
    name: 'REST API events (payload 1.0): repeated query parameters and a POST body',
    async run(target) {
      const snapshot = recorded['invocation-payload-with-params-encoding-multi'];
      const { event } = await echo(
        target,
        '/rest/stage/proxy-value?category=electronics&category=books&price=10&price=20&price=30',
        [...CLIENT_HEADERS, ['Content-Type', 'application/json;charset=utf-8']],
        {
          method: 'POST',
          body: JSON.stringify(snapshot.body),
        },
      );
      deepEqual(event.queryStringParameters, snapshot.queryStringParameters, 'queryStringParameters');
      deepEqual(event.multiValueQueryStringParameters, snapshot.multiValueQueryStringParameters, 'multiValueQueryStringParameters');
      equal(typeof event.body, 'string', 'the body is a string');
      deepEqual(JSON.parse(event.body), snapshot.body, 'body');
      equal(event.httpMethod, 'POST', 'httpMethod');
    },
  },
  ...(
    [
      ['invocation-payload-with-path-encoded-email', '/rest/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com'],
      ['invocation-payload-with-trailing-slash', '/rest/stage/proxy-value/'],
      ['invocation-payload-with-double-slash', '/rest/stage/proxy-value//double-slash'],
      ['invocation-payload-with-prepended-slash', '/rest/stage//proxy-value'],
    ] as const
  ).map(
    ([name, path]): Case<GatewayTarget> => ({
      name: `REST API events (payload 1.0): paths as recorded: ${name.replace('invocation-payload-', '')}`,
      async run(target) {
        const { event } = await echo(target, path, CLIENT_HEADERS);
        const snapshot = recorded[name];
        equal(event.path, snapshot.path, 'path');
        equal(event.requestContext.path, snapshot.requestContext.path, 'requestContext.path');
        deepEqual(event.pathParameters, snapshot.pathParameters, 'pathParameters');
        equal(event.resource, snapshot.resource, 'resource');
      },
    }),
  ),
];

const httpCases: Case<GatewayTarget>[] = [
  {
    name: 'HTTP API events (payload 2.0): keys and value formats, on a scoped route with a path parameter and a query',
    async run(target) {
      const { issuer } = target.world;
      const token = await issuer.accessToken(
        { iat: ISSUED, groups: ['admins', 'editors'] },
        { scope: 'openid https://api.example.com/orders.read', version: 2 },
      );
      const { event, response } = await echo(target, '/http/orders/42?expand=items', [
        ['Accept', 'application/json'],
        ['Authorization', `Bearer ${token}`],
        ['User-Agent', 'curl/8.5.0'],
        ['Host', 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'],
      ]);
      deepEqual(keys(event), keys(reference), 'the event');
      deepEqual(keys(event.requestContext), keys(reference.requestContext), 'requestContext');
      deepEqual(keys(event.requestContext.http), keys(reference.requestContext.http), 'requestContext.http');
      deepEqual(keys(event.requestContext.authorizer.jwt), keys(reference.requestContext.authorizer.jwt), 'requestContext.authorizer.jwt');
      deepEqual(keys(event.requestContext.authorizer.jwt.claims), keys(reference.requestContext.authorizer.jwt.claims), 'the claims');

      equal(event.version, '2.0', 'version');
      equal(event.routeKey, reference.routeKey, 'routeKey');
      equal(event.rawPath, reference.rawPath, 'rawPath');
      equal(event.rawQueryString, reference.rawQueryString, 'rawQueryString');
      deepEqual(event.queryStringParameters, reference.queryStringParameters, 'queryStringParameters');
      deepEqual(event.pathParameters, reference.pathParameters, 'pathParameters');
      for (const name of Object.keys(event.headers)) equal(name, name.toLowerCase(), 'a header name');
      equal(event.headers.authorization, `Bearer ${token}`, 'headers.authorization');
      equal(event.headers['user-agent'], 'curl/8.5.0', 'headers.user-agent');
      equal(event.requestContext.stage, '$default', 'stage');
      equal(event.requestContext.routeKey, reference.requestContext.routeKey, 'requestContext.routeKey');
      deepEqual(event.requestContext.http, { ...reference.requestContext.http, sourceIp: '127.0.0.1' }, 'requestContext.http');
      equal(event.requestContext.requestId, response.headers.get('apigw-requestid'), 'requestId');
      match(event.requestContext.requestId, /^[A-Za-z0-9]{15}=$/, 'requestId');
      equal(event.requestContext.time, '26/Nov/2025:02:41:00 +0000', 'time');
      equal(event.requestContext.timeEpoch, NOW_MS, 'timeEpoch');
      deepEqual(event.requestContext.authorizer.jwt.scopes, reference.requestContext.authorizer.jwt.scopes, 'scopes');
      equal(event.isBase64Encoded, false, 'isBase64Encoded');
      equal('body' in event, false, 'no body');
      equal('cookies' in event, false, 'no cookies');
    },
  },
  {
    name: 'HTTP API events (payload 2.0): cookies come apart from the headers, and repeated query parameters join with commas',
    async run(target) {
      const { event } = await echo(target, '/http/echo?a=1&a=2', [['Cookie', 'theme=dark; session=abc']]);
      deepEqual(event.cookies, ['theme=dark', 'session=abc'], 'cookies');
      equal(event.headers.cookie, undefined, 'headers.cookie');
      deepEqual(event.queryStringParameters, { a: '1,2' }, 'queryStringParameters');
      equal(event.requestContext.authorizer, undefined, 'no authorizer');
    },
  },
];

async function claimsFrom(target: GatewayTarget, path: string, payload: Record<string, unknown>, key: 'id' | 'access'): Promise<Record<string, string>> {
  const { issuer } = target.world;
  const token = await issuer.signRaw({ kid: issuer.keys[key].kid, alg: 'RS256' }, payload, issuer.keys[key]);
  const response = await target.call(path, { headers: [['authorization', token]] });
  equal(response.status, 200, await response.clone().text());
  const { event } = (await response.json()) as { event: Event };
  return path.startsWith('/rest') ? event.requestContext.authorizer.claims : event.requestContext.authorizer.jwt.claims;
}

const expectedCommon = (target: GatewayTarget, claims: Record<string, unknown>) => ({
  sub: claims.sub,
  iss: target.world.issuer.issuer,
  origin_jti: claims.origin_jti,
  event_id: claims.event_id,
  jti: claims.jti,
  auth_time: '1764124800',
});

const claimCases: Case<GatewayTarget>[] = [
  {
    name: 'claim stringification: REST, ID token: Java dates for exp and iat, "a,b" groups, "true", epoch auth_time',
    async run(target) {
      const payload = target.world.issuer.idClaims({ iat: ISSUED, groups: ['admins', 'editors'] });
      deepEqual(await claimsFrom(target, '/rest/stage/hello', payload, 'id'), {
        ...expectedCommon(target, payload),
        'cognito:groups': 'admins,editors',
        email_verified: 'true',
        'cognito:username': 'jane',
        aud: CLIENT_ID,
        token_use: 'id',
        exp: 'Wed Nov 26 03:40:00 UTC 2025',
        iat: 'Wed Nov 26 02:40:00 UTC 2025',
        email: 'jane@example.com',
      });
    },
  },
  {
    name: 'claim stringification: REST, access token: a single group stays plain, scope stays space-separated, numbers are decimal',
    async run(target) {
      const payload = { ...target.world.issuer.accessClaims({ iat: ISSUED, groups: ['admins'] }), version: 2 };
      deepEqual(await claimsFrom(target, '/rest/stage/scoped', payload, 'access'), {
        ...expectedCommon(target, payload),
        'cognito:groups': 'admins',
        client_id: CLIENT_ID,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        exp: 'Wed Nov 26 03:40:00 UTC 2025',
        iat: 'Wed Nov 26 02:40:00 UTC 2025',
        username: 'jane',
        version: '2',
      });
    },
  },
  {
    name: 'claim stringification: HTTP, ID token: epoch strings, "[a b]" groups, "true"',
    async run(target) {
      const payload = target.world.issuer.idClaims({ iat: ISSUED, groups: ['admins', 'editors'] });
      deepEqual(await claimsFrom(target, '/http/hello', payload, 'id'), {
        ...expectedCommon(target, payload),
        'cognito:groups': '[admins editors]',
        email_verified: 'true',
        'cognito:username': 'jane',
        aud: CLIENT_ID,
        token_use: 'id',
        exp: '1764128400',
        iat: '1764124800',
        email: 'jane@example.com',
      });
    },
  },
  {
    name: 'claim stringification: HTTP, access token: a single group in brackets, scope unchanged',
    async run(target) {
      const payload = { ...target.world.issuer.accessClaims({ iat: ISSUED, groups: ['admins'] }), version: 2 };
      deepEqual(await claimsFrom(target, '/http/hello', payload, 'access'), {
        ...expectedCommon(target, payload),
        'cognito:groups': '[admins]',
        client_id: CLIENT_ID,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        exp: '1764128400',
        iat: '1764124800',
        username: 'jane',
        version: '2',
      });
    },
  },
  {
    name: 'claim stringification: the renderers, on values Cognito tokens rarely carry',
    async run() {
      const payload = { n: 1.5, f: false, o: { a: [1] }, z: null, list: [1, true, 'x'], exp: 1583392027 };
      deepEqual(restClaims(payload), { n: '1.5', f: 'false', o: '{"a":[1]}', list: '1,true,x', exp: 'Thu Mar 05 07:07:07 UTC 2020' }, 'restClaims');
      deepEqual(httpClaims(payload), { n: '1.5', f: 'false', o: '{"a":[1]}', list: '[1 true x]', exp: '1583392027' }, 'httpClaims');
      equal(javaDate(ISSUED), 'Wed Nov 26 02:40:00 UTC 2025', 'javaDate');
    },
  },
  {
    name: 'the trace of an authorized request carries the event the function received',
    async run(target) {
      const response = await target.call('/rest/stage/hello', { headers: [['authorization', await target.world.issuer.idToken({ iat: ISSUED })]] });
      const { event } = (await response.json()) as { event: Event };
      const trace = await target.trace(requestIdOf(response));
      deepEqual(trace.hops.find((hop) => hop.name === 'lambda-event')?.detail.event, event, 'the traced event');
    },
  },
];

export const lambdaEventSuite: GatewaySuite = {
  name: 'Lambda events',
  clockStart: NOW_MS,
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
  cases: [...restCases, ...httpCases, ...claimCases],
};
