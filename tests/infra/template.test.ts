/**
 * `cdk synth` of infra/, checked against the API definition
 * (src/stack/api.ts) and the local pool's settings, resource by resource:
 * every route and method with its authorizer and scopes, the three
 * authorizers (the REST API's JWT authorizer through the escape hatch), the
 * pool, its group and its client, the functions (their bundles included),
 * CORS on preflights and on the gateway's own answers, and the outputs. One
 * synthesis for the whole file, with CDK's CloudFormation schema check on.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { api, PARTNER_ISSUER, routesOf, type ApiName, type Route } from '../../src/stack/api.ts';
import { CLIENT_DEFAULTS } from '../../src/stack/userpool/operations/admin-pools.ts';
import { DEFAULT_PASSWORD_POLICY } from '../../src/stack/userpool/password-policy.ts';
import SEED from '../../src/stack/userpool/seed.json' with { type: 'json' };
import { OUTPUT_NAMES } from '../../infra/outputs.ts';
import type { TokenTrailStack } from '../../infra/token-trail-stack.ts';
import { demoStack, methodPath, refsIn, resourcesOf, restPaths, synthesize, TEST_ENV, validationReport, type CfnResource, type Synthesized } from './synth.ts';

let synth: Synthesized<TokenTrailStack>;
before(() => {
  synth = synthesize(demoStack(api));
});
after(() => synth.close());

const ISSUER = (poolId: unknown) => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [poolId, 'ProviderURL'] }]] });
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** The REST API (v1) whose routes `name` serves, with its logical id. */
function restApi(name: Exclude<ApiName, 'http'>): { id: string; definition: (typeof api)[typeof name] } {
  return { id: synth.logicalId(name === 'rest' ? synth.stack.restApi : synth.stack.restJwtApi), definition: api[name] };
}

function functionId(name: string): string {
  return synth.logicalId(synth.stack.functions.get(name)!);
}

function restMethods(apiId: string): Array<{ path: string; method: CfnResource }> {
  const paths = restPaths(synth.json, apiId);
  return resourcesOf(synth.json, 'AWS::ApiGateway::Method')
    .filter(([, method]) => refsIn(method.Properties.RestApiId).includes(apiId))
    .map(([, method]) => ({ path: methodPath(method, paths), method }));
}

describe('the template is valid CloudFormation', () => {
  test("CDK's schema check finds nothing, the escape hatch's acknowledged warning aside", () => {
    const reports = validationReport(synth.outdir).pluginReports ?? [];
    for (const report of reports) assert.deepEqual(report.violations, [], JSON.stringify(report.violations, null, 2));
  });

  test('the only warning is the undeployable second issuer, said once', () => {
    const warnings = Annotations.fromStack(synth.stack).findWarning('*', Match.anyValue());
    assert.deepEqual(
      warnings.map((warning) => String(warning.entry.data)),
      [
        `Authorizer "demo": issuer ${PARTNER_ISSUER} is left out. Its name never resolves, and API Gateway reads an issuer's OpenID configuration when it creates the authorizer. [ack: token-trail:undeployable-issuer:demo]`,
      ],
    );
  });
});

describe('routes and methods, per API', () => {
  for (const name of ['rest', 'restJwt'] as const) {
    test(`${name}: every route of the definition is a method, with its function, authorizer, scopes and timeout; nothing else but preflights`, () => {
      const { id } = restApi(name);
      const methods = restMethods(id);
      const routes = routesOf(api, name);
      const served = methods.filter(({ method }) => method.Properties.HttpMethod !== 'OPTIONS');
      assert.deepEqual(
        served.map(({ path, method }) => `${method.Properties.HttpMethod} ${path}`).sort(),
        routes.map((route) => `${route.method} ${route.path}`).sort(),
      );
      const authorizers = new Map(
        resourcesOf(synth.json, 'AWS::ApiGateway::Authorizer')
          .filter(([, a]) => refsIn(a.Properties.RestApiId).includes(id))
          .map(([authorizerId, a]) => [authorizerId, a.Properties.Name as string]),
      );
      for (const route of routes) {
        const { method } = served.find(({ path, method }) => path === route.path && method.Properties.HttpMethod === route.method)!;
        const what = `${name} ${route.method} ${route.path}`;
        const props = method.Properties;
        assert.equal(props.Integration.Type, 'AWS_PROXY', what);
        assert.equal(props.Integration.IntegrationHttpMethod, 'POST', what);
        assert.ok(refsIn(props.Integration.Uri).includes(functionId(route.function)), `${what} integrates ${route.function}`);
        assert.equal(props.Integration.TimeoutInMillis, route.timeoutMs, `${what}: timeout`);
        if (route.authorizer === undefined) {
          assert.equal(props.AuthorizationType, 'NONE', what);
          assert.equal(props.AuthorizerId, undefined, what);
        } else {
          assert.equal(props.AuthorizationType, name === 'rest' ? 'COGNITO_USER_POOLS' : 'JWT', what);
          assert.equal(authorizers.get(props.AuthorizerId.Ref), route.authorizer, `${what}: authorizer`);
        }
        assert.deepEqual(props.AuthorizationScopes, route.authorizationScopes, `${what}: scopes`);
      }
    });
  }

  test('http: every route of the definition is a route, with its function (payload 2.0), authorizer, scopes and timeout; nothing else', () => {
    const apiId = synth.logicalId(synth.stack.httpApi);
    const routes = resourcesOf(synth.json, 'AWS::ApiGatewayV2::Route').filter(([, route]) => refsIn(route.Properties.ApiId).includes(apiId));
    const expected = routesOf(api, 'http');
    assert.deepEqual(routes.map(([, route]) => route.Properties.RouteKey).sort(), expected.map((route) => `${route.method} ${route.path}`).sort());
    const authorizers = new Map(
      resourcesOf(synth.json, 'AWS::ApiGatewayV2::Authorizer').map(([authorizerId, a]) => [authorizerId, a.Properties.Name as string]),
    );
    for (const route of expected) {
      const what = `http ${route.method} ${route.path}`;
      const [, found] = routes.find(([, candidate]) => candidate.Properties.RouteKey === `${route.method} ${route.path}`)!;
      const integrationId = refsIn(found.Properties.Target)[0]!;
      const integration = synth.json.Resources[integrationId]!.Properties;
      assert.equal(integration.IntegrationType, 'AWS_PROXY', what);
      assert.equal(integration.PayloadFormatVersion, '2.0', what);
      assert.ok(refsIn(integration.IntegrationUri).includes(functionId(route.function)), `${what} integrates ${route.function}`);
      assert.equal(integration.TimeoutInMillis, route.timeoutMs, `${what}: timeout`);
      if (route.authorizer === undefined) assert.equal(found.Properties.AuthorizationType, 'NONE', what);
      else {
        assert.equal(found.Properties.AuthorizationType, 'JWT', what);
        assert.equal(authorizers.get(found.Properties.AuthorizerId.Ref), route.authorizer, `${what}: authorizer`);
      }
      assert.deepEqual(found.Properties.AuthorizationScopes, route.authorizationScopes, `${what}: scopes`);
    }
  });

  test('each REST API is Regional and deployed to its stage', () => {
    for (const name of ['rest', 'restJwt'] as const) {
      const { id, definition } = restApi(name);
      synth.template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: definition.name, EndpointConfiguration: { Types: ['REGIONAL'] } });
      const stages = resourcesOf(synth.json, 'AWS::ApiGateway::Stage').filter(([, stage]) => refsIn(stage.Properties.RestApiId).includes(id));
      assert.deepEqual(
        stages.map(([, stage]) => stage.Properties.StageName),
        [definition.stage],
      );
    }
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: api.http.stage, AutoDeploy: true });
  });
});

describe('the three authorizers', () => {
  const poolId = () => synth.logicalId(synth.stack.userPool);
  const clientId = () => synth.logicalId(synth.stack.userPoolClient);

  test('REST API: a Cognito user pools authorizer over the pool, without result caching', () => {
    for (const [name, authorizer] of Object.entries(api.rest.authorizers)) {
      synth.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
        Name: name,
        Type: 'COGNITO_USER_POOLS',
        RestApiId: { Ref: restApi('rest').id },
        ProviderARNs: [{ 'Fn::GetAtt': [poolId(), 'Arn'] }],
        IdentitySource: authorizer.identitySource,
        AuthorizerResultTtlInSeconds: authorizer.resultTtlSeconds,
      });
    }
  });

  test("HTTP API: a JWT authorizer whose issuer is the pool's and whose audience is the app client", () => {
    for (const [name, authorizer] of Object.entries(api.http.authorizers)) {
      synth.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        Name: name,
        AuthorizerType: 'JWT',
        IdentitySource: [authorizer.identitySource],
        JwtConfiguration: {
          Audience: [{ Ref: clientId() }],
          Issuer: { 'Fn::Join': ['', [`https://cognito-idp.${TEST_ENV.region}.amazonaws.com/`, { Ref: poolId() }]] },
        },
      });
    }
  });

  test("REST API's JWT authorizer: type JWT with the definition's JwtConfiguration, written through the escape hatch", () => {
    for (const [name, authorizer] of Object.entries(api.restJwt.authorizers)) {
      const issuers = authorizer.jwtConfiguration.issuers
        .filter((issuer) => issuer.issuer !== PARTNER_ISSUER)
        .map((issuer) => ({
          Issuer: typeof issuer.issuer === 'string' ? issuer.issuer : ISSUER(poolId()),
          Audiences: Array.isArray(issuer.audiences) ? issuer.audiences : [{ Ref: clientId() }],
          ...(issuer.additionalClaims
            ? {
                AdditionalClaims: issuer.additionalClaims.map((claim) => ({
                  ClaimName: claim.claimName,
                  Format: claim.format,
                  ExpectedValues: claim.expectedValues,
                  Required: claim.required,
                })),
              }
            : {}),
        }));
      synth.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
        Name: name,
        Type: 'JWT',
        RestApiId: { Ref: restApi('restJwt').id },
        IdentitySource: authorizer.identitySource,
        AuthorizerResultTtlInSeconds: authorizer.resultTtlSeconds,
        JwtConfiguration: Match.exact({ DefaultAlgorithms: authorizer.jwtConfiguration.defaultAlgorithms, Issuers: issuers }),
      });
    }
    // The definition's second issuer is in the definition, and left out on purpose.
    assert.ok(api.restJwt.authorizers.demo!.jwtConfiguration.issuers.some((issuer) => issuer.issuer === PARTNER_ISSUER));
    assert.ok(!JSON.stringify(synth.json).includes('partner.invalid'));
  });

  test("a change to the JWT authorizers' configuration makes a new deployment of the REST API", () => {
    // CloudFormation replaces a Deployment only when its logical id changes.
    const [deploymentId] = resourcesOf(synth.json, 'AWS::ApiGateway::Deployment').find(([, d]) =>
      refsIn(d.Properties.RestApiId).includes(restApi('restJwt').id),
    )!;
    const changed = structuredClone(api);
    changed.restJwt.authorizers.demo!.jwtConfiguration.defaultAlgorithms = ['RS256'];
    const other = synthesize(demoStack(changed), { validation: false });
    try {
      const ids = resourcesOf(other.json, 'AWS::ApiGateway::Deployment').map(([id]) => id);
      assert.ok(!ids.includes(deploymentId), `${deploymentId} should have a new name`);
    } finally {
      other.close();
    }
  });
});

describe('the user pool, its group and its client', () => {
  test("the local pool's password policy, the admin group, and a pool that aws:destroy removes", () => {
    const policy = DEFAULT_PASSWORD_POLICY;
    synth.template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: SEED.pool.name,
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.MinimumLength,
          RequireLowercase: policy.RequireLowercase,
          RequireUppercase: policy.RequireUppercase,
          RequireNumbers: policy.RequireNumbers,
          RequireSymbols: policy.RequireSymbols,
          TemporaryPasswordValidityDays: policy.TemporaryPasswordValidityDays,
        },
      },
      AutoVerifiedAttributes: ['email'],
    });
    synth.template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    for (const group of SEED.groups) {
      synth.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
        GroupName: group.name,
        Description: group.description,
        Precedence: group.precedence,
        UserPoolId: { Ref: synth.logicalId(synth.stack.userPool) },
      });
    }
    assert.equal(resourcesOf(synth.json, 'AWS::Cognito::UserPoolGroup').length, SEED.groups.length);
  });

  test("the app client: no secret, the seed's flows, PreventUserExistenceErrors ENABLED, the local lifetimes, no OAuth", () => {
    const [[, client]] = resourcesOf(synth.json, 'AWS::Cognito::UserPoolClient') as [[string, CfnResource]];
    const props = client.Properties;
    assert.equal(props.ClientName, SEED.client.name);
    assert.equal(props.GenerateSecret, false);
    assert.deepEqual([...props.ExplicitAuthFlows].sort(), [...SEED.client.explicitAuthFlows].sort());
    assert.equal(props.PreventUserExistenceErrors, 'ENABLED');
    assert.equal(SEED.client.preventUserExistenceErrors, 'ENABLED');
    const seconds = (value: number, unit: string) => value * UNIT_SECONDS[unit]!;
    assert.equal(seconds(props.AccessTokenValidity, props.TokenValidityUnits.AccessToken), CLIENT_DEFAULTS.accessTokenValidity);
    assert.equal(seconds(props.IdTokenValidity, props.TokenValidityUnits.IdToken), CLIENT_DEFAULTS.idTokenValidity);
    assert.equal(seconds(props.RefreshTokenValidity, props.TokenValidityUnits.RefreshToken), CLIENT_DEFAULTS.refreshTokenValidity);
    assert.equal(props.AuthSessionValidity, CLIENT_DEFAULTS.authSessionValidity);
    assert.equal(props.EnableTokenRevocation, CLIENT_DEFAULTS.enableTokenRevocation);
    // Sign-in goes through the user-pools API; the definition asks for no scope of its own.
    assert.equal(props.AllowedOAuthFlows, undefined);
    assert.equal(props.CallbackURLs, undefined);
    assert.equal(resourcesOf(synth.json, 'AWS::Cognito::UserPoolResourceServer').length, 0);
  });
});

describe('the functions', () => {
  test('each function of the definition: its handler, runtime, memory, timeout and description, and logs that go with the stack', () => {
    assert.equal(resourcesOf(synth.json, 'AWS::Lambda::Function').length, Object.keys(api.functions).length);
    for (const [name, fn] of Object.entries(api.functions)) {
      const props = synth.json.Resources[functionId(name)]!.Properties;
      assert.equal(props.Handler, `index.${fn.handler}`, name);
      assert.equal(props.Runtime, fn.runtime, name);
      assert.equal(props.MemorySize, fn.memoryMb, name);
      assert.equal(props.Timeout, fn.timeoutSeconds, name);
      assert.equal(props.Description, fn.description, name);
      const logs = synth.json.Resources[refsIn(props.LoggingConfig.LogGroup)[0]!]!;
      assert.equal(logs.Type, 'AWS::Logs::LogGroup');
    }
    synth.template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });

  test('each bundle exports its handler, and the public one answers as the source does', async () => {
    for (const [name, fn] of Object.entries(api.functions)) {
      const key: string = synth.json.Resources[functionId(name)]!.Properties.Code.S3Key;
      const bundle = join(synth.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.js');
      assert.ok(existsSync(bundle), `${name}: ${bundle}`);
      const module = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
      const exported = (module.default as Record<string, unknown> | undefined)?.[fn.handler] ?? module[fn.handler];
      assert.equal(typeof exported, 'function', `${name} exports ${fn.handler}`);
      if (name === 'public') {
        const source = (await import(pathToFileURL(join(import.meta.dirname, '../..', fn.entry)).href)) as Record<string, (event: unknown) => Promise<unknown>>;
        const event = { requestContext: {} };
        assert.deepEqual(await (exported as (event: unknown) => Promise<unknown>)(event), await source[fn.handler]!(event));
      }
    }
  });
});

describe('CORS', () => {
  for (const name of ['rest', 'restJwt'] as const) {
    test(`${name}: every resource answers a preflight with the definition's headers`, () => {
      const { id, definition } = restApi(name);
      const methods = restMethods(id);
      const paths = new Set([
        '/',
        ...routesOf(api, name).flatMap((route: Route) =>
          route.path
            .split('/')
            .slice(1)
            .map((_, index, parts) => `/${parts.slice(0, index + 1).join('/')}`),
        ),
      ]);
      const preflights = methods.filter(({ method }) => method.Properties.HttpMethod === 'OPTIONS');
      assert.deepEqual(preflights.map(({ path }) => path).sort(), [...paths].sort());
      for (const { path, method } of preflights) {
        const integration = method.Properties.Integration;
        assert.equal(integration.Type, 'MOCK', path);
        assert.equal(method.Properties.AuthorizationType ?? 'NONE', 'NONE', `${path}: a preflight carries no token`);
        const [response] = integration.IntegrationResponses;
        assert.equal(response.StatusCode, String(definition.cors.statusCode), path);
        assert.deepEqual(
          response.ResponseParameters,
          {
            'method.response.header.Access-Control-Allow-Headers': `'${definition.cors.allowHeaders.join(',')}'`,
            'method.response.header.Access-Control-Allow-Origin': `'${definition.cors.allowOrigins.join(',')}'`,
            'method.response.header.Access-Control-Allow-Methods': `'${definition.cors.allowMethods.join(',')}'`,
          },
          path,
        );
      }
    });

    test(`${name}: the gateway's own 4XX and 5XX answers carry the CORS headers, so a page can read a refusal`, () => {
      const { id, definition } = restApi(name);
      const responses = resourcesOf(synth.json, 'AWS::ApiGateway::GatewayResponse').filter(([, response]) =>
        refsIn(response.Properties.RestApiId).includes(id),
      );
      assert.deepEqual(responses.map(([, response]) => response.Properties.ResponseType).sort(), Object.keys(definition.gatewayResponses).sort());
      for (const [type, { headers }] of Object.entries(definition.gatewayResponses)) {
        const [, response] = responses.find(([, candidate]) => candidate.Properties.ResponseType === type)!;
        assert.deepEqual(
          response.Properties.ResponseParameters,
          Object.fromEntries(Object.entries(headers).map(([header, value]) => [`gatewayresponse.header.${header}`, `'${value}'`])),
          type,
        );
      }
      assert.equal(definition.gatewayResponses.DEFAULT_4XX?.headers['Access-Control-Allow-Origin'], '*');
    });
  }

  test("http: the API's CORS configuration is the definition's", () => {
    const cors = api.http.cors;
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: api.http.name,
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: cors.allowOrigins,
        AllowMethods: cors.allowMethods,
        AllowHeaders: cors.allowHeaders,
        ExposeHeaders: cors.exposeHeaders,
        MaxAge: cors.maxAgeSeconds,
      },
    });
  });
});

test('outputs: the Region, the pool, the client and every API URL', () => {
  const outputs = synth.json.Outputs;
  for (const name of Object.values(OUTPUT_NAMES)) assert.ok(outputs[name], name);
  assert.equal(outputs[OUTPUT_NAMES.region]!.Value, TEST_ENV.region);
  assert.deepEqual(outputs[OUTPUT_NAMES.userPoolId]!.Value, { Ref: synth.logicalId(synth.stack.userPool) });
  assert.deepEqual(outputs[OUTPUT_NAMES.userPoolClientId]!.Value, { Ref: synth.logicalId(synth.stack.userPoolClient) });
  assert.ok(refsIn(outputs[OUTPUT_NAMES.restApiUrl]!.Value).includes(restApi('rest').id));
  assert.ok(refsIn(outputs[OUTPUT_NAMES.restJwtApiUrl]!.Value).includes(restApi('restJwt').id));
  assert.ok(refsIn(outputs[OUTPUT_NAMES.httpApiUrl]!.Value).includes(synth.logicalId(synth.stack.httpApi)));
});
