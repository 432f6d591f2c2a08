/**
 * One definition, two consumers. A route added to a copy of the API
 * definition appears in the local gateway (it answers there, with its
 * authorizer and scope, on all three APIs) and in the synthesized template
 * (a method on both REST APIs, a route on the HTTP API, and the resource
 * server its scope needs), with nothing else changed by hand.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, routesOf, type ApiDefinition, type ApiName, type Route } from '../../src/stack/api.ts';
import type { TokenTrailStack } from '../../infra/token-trail-stack.ts';
import { startGateway, type TestGateway } from '../gateway/fixtures/gateway.ts';
import { startIssuer, type TestIssuer } from '../gateway/fixtures/issuer.ts';
import { demoStack, methodPath, refsIn, resourcesOf, restPaths, synthesize, type Synthesized } from './synth.ts';

const SCOPE = 'trail/orders.read';
const ADDED: Route = { method: 'GET', path: '/orders', function: 'hello', authorizer: 'demo', authorizationScopes: [SCOPE], summary: 'added by a test' };

/** A copy of the checked-in definition with one more route: the only change. */
function withAddedRoute(definition: ApiDefinition): ApiDefinition {
  const copy = structuredClone(definition);
  copy.routes.push(ADDED);
  return copy;
}

const changed = withAddedRoute(api);
let issuer: TestIssuer;
let original: TestGateway;
let gateway: TestGateway;
let synth: Synthesized<TokenTrailStack>;
before(async () => {
  // The schema check is the template test's business: here, the route.
  synth = synthesize(demoStack(changed), { validation: false });
  issuer = await startIssuer();
  original = await startGateway(issuer);
  gateway = await startGateway(issuer, { definition: changed });
});
after(async () => {
  synth?.close();
  await gateway?.close();
  await original?.close();
  await issuer?.close();
});

test('the copy differs from the checked-in definition by the one route, which every API serves', () => {
  assert.equal(changed.routes.length, api.routes.length + 1);
  assert.deepEqual(changed.routes.slice(0, -1), api.routes);
  for (const name of ['rest', 'http', 'restJwt'] as const) assert.ok(routesOf(changed, name).includes(changed.routes.at(-1)!), name);
});

const BASES: Record<ApiName, (g: TestGateway) => string> = { rest: (g) => g.rest, http: (g) => g.http, restJwt: (g) => g.restJwt };

test('the local gateway: the added route answers on all three APIs, behind its authorizer and scope', async () => {
  const withScope = await issuer.accessToken({}, { scope: SCOPE });
  const withoutScope = await issuer.accessToken();
  for (const name of ['rest', 'http', 'restJwt'] as const) {
    const url = `${BASES[name](gateway)}${ADDED.path}`;
    const allowed = await fetch(url, { headers: { authorization: `Bearer ${withScope}` } });
    assert.equal(allowed.status, 200, `${name}: ${await allowed.clone().text()}`);
    const body = (await allowed.json()) as { event: { resource?: string; routeKey?: string } };
    // The function ran for the new route: the event names it.
    assert.equal(name === 'http' ? body.event.routeKey : body.event.resource, name === 'http' ? `GET ${ADDED.path}` : ADDED.path, name);
    const refused = await fetch(url, { headers: { authorization: `Bearer ${withoutScope}` } });
    assert.ok(refused.status === 401 || refused.status === 403, `${name}: a token without the scope is refused (${refused.status})`);
    assert.equal((await fetch(url)).status, 401, `${name}: no token, no entry`);
  }
});

test('the checked-in definition has no such route: the same requests find nothing', async () => {
  const expected: Record<ApiName, number> = { rest: 403, http: 404, restJwt: 403 };
  for (const name of ['rest', 'http', 'restJwt'] as const) {
    const response = await fetch(`${BASES[name](original)}${ADDED.path}`);
    assert.equal(response.status, expected[name], `${name}: no route`);
  }
});

test('the template: a method on both REST APIs and a route on the HTTP API, with the authorizer and the scope', () => {
  for (const [name, restApi] of [
    ['rest', synth.stack.restApi],
    ['restJwt', synth.stack.restJwtApi],
  ] as const) {
    const apiId = synth.logicalId(restApi);
    const paths = restPaths(synth.json, apiId);
    const methods = resourcesOf(synth.json, 'AWS::ApiGateway::Method').filter(
      ([, method]) => refsIn(method.Properties.RestApiId).includes(apiId) && method.Properties.HttpMethod === 'GET',
    );
    const added = methods.filter(([, method]) => methodPath(method, paths) === ADDED.path);
    assert.equal(added.length, 1, name);
    const props = added[0]![1].Properties;
    assert.equal(props.AuthorizationType, name === 'rest' ? 'COGNITO_USER_POOLS' : 'JWT', name);
    assert.deepEqual(props.AuthorizationScopes, [SCOPE], name);
    assert.ok(refsIn(props.Integration.Uri).includes(synth.logicalId(synth.stack.functions.get(ADDED.function)!)), name);
    assert.equal(methods.length, routesOf(changed, name).length, `${name}: one GET method per route`);
  }
  const httpRoutes = resourcesOf(synth.json, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
  const route = httpRoutes.find((candidate) => candidate.RouteKey === `GET ${ADDED.path}`);
  assert.ok(route, 'http: GET /orders');
  assert.equal(route.AuthorizationType, 'JWT');
  assert.deepEqual(route.AuthorizationScopes, [SCOPE]);
  assert.equal(httpRoutes.length, routesOf(changed, 'http').length);
});

test('the template: the scope gets its resource server, and the app client may ask for it', () => {
  synth.template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
    Identifier: 'trail',
    Scopes: [{ ScopeName: 'orders.read', ScopeDescription: 'orders.read, asked for by the API definition' }],
  });
  const [, client] = resourcesOf(synth.json, 'AWS::Cognito::UserPoolClient')[0]!;
  assert.deepEqual(client.Properties.AllowedOAuthFlows, ['code']);
  assert.ok(JSON.stringify(client.Properties.AllowedOAuthScopes).includes('/orders.read'), JSON.stringify(client.Properties.AllowedOAuthScopes));
  assert.deepEqual(client.Properties.CallbackURLs, ['http://localhost:4321/']);
});
