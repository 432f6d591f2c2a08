/**
 * Which backend the site is built for (src/config/backend.ts), in its
 * order: real AWS from PUBLIC_*, else the backend TOKEN_TRAIL_BACKEND names
 * (AWS from the aws.json that aws:deploy writes), else the Node stack's
 * stack.json, else the demo stack in the reader's browser; what each page's
 * CSP admits for it;
 * and how a page makes the in-browser stack's URLs absolute.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkAwsSiteConfig } from '../../src/config/aws-site-config.ts';
import { loadBackend, nodeStackDefaults } from '../../src/config/backend.ts';
import { siteConfigFromOutputs, stackOutputs } from '../../infra/outputs.ts';
import { backendApis, backendOrigins, resolveBackend, type Backend } from '../../src/lib/backend.ts';
import { browserStackUrls } from '../../src/lib/stack-urls.ts';
import { api, restStages } from '../../src/stack/api.ts';
import type { StackInfo } from '../../src/stack/stack-info.ts';
import SEED from '../../src/stack/userpool/seed.json' with { type: 'json' };

const AWS_ENV = {
  PUBLIC_COGNITO_USER_POOL_ID: 'eu-west-2_AbCdEfGhI',
  PUBLIC_COGNITO_CLIENT_ID: '1example23456789abcdefghij',
  PUBLIC_REST_API_URL: 'https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com/prod/',
  PUBLIC_HTTP_API_URL: 'https://f6g7h8i9j0.execute-api.eu-west-2.amazonaws.com',
};

/** A data folder with the stack.json a Node stack on ports 9490 and 9491 writes. */
function dataWithStack(): string {
  const dir = mkdtempSync(join(tmpdir(), 'token-trail-backend-'));
  const info: StackInfo = {
    region: 'us-east-1',
    userPoolId: 'us-east-1_TrailDemo',
    userPoolClientId: 'client-from-stack-json',
    userPoolEndpoint: 'http://127.0.0.1:9490/',
    issuer: 'http://127.0.0.1:9490/us-east-1_TrailDemo',
    jwksUri: 'http://127.0.0.1:9490/us-east-1_TrailDemo/.well-known/jwks.json',
    demoUsers: [{ username: 'alice', password: 'Alice-demo-1', groups: ['admin'], note: 'n' }],
    admin: { accessKeyId: 'AKIASECRET', secretAccessKey: 'very-secret' },
    mailbox: 'http://127.0.0.1:9490/_local/mailbox',
    apis: { rest: 'http://127.0.0.1:9491/rest/prod', http: 'http://127.0.0.1:9491/http', restJwt: 'http://127.0.0.1:9491/rest-jwt/prod' },
    trace: { byId: 'http://127.0.0.1:9491/_trace/{requestId}', stream: 'http://127.0.0.1:9491/_trace/stream' },
  };
  writeFileSync(join(dir, 'stack.json'), JSON.stringify(info));
  return dir;
}

const emptyData = () => mkdtempSync(join(tmpdir(), 'token-trail-no-stack-'));

describe('the order: AWS, then the Node stack, then the stack in the browser', () => {
  test('PUBLIC_* set: AWS, even when a stack.json is there', () => {
    const backend = loadBackend({ ...AWS_ENV, TOKEN_TRAIL_DATA: dataWithStack() });
    assert.equal(backend.kind, 'aws');
    assert.equal(backend.region, 'eu-west-2');
    assert.equal(backend.userPoolEndpoint, null);
    assert.equal(backend.issuer, 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_AbCdEfGhI');
    assert.equal(backend.apis.rest, 'https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com/prod');
    assert.equal(backend.apis.restJwt, null, 'no PUBLIC_REST_JWT_API_URL: no third API');
    assert.deepEqual(backendApis(backend), ['rest', 'http']);
    assert.equal(backend.local, null);
    assert.deepEqual(backendOrigins(backend), [
      'https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com',
      'https://cognito-idp.eu-west-2.amazonaws.com',
      'https://f6g7h8i9j0.execute-api.eu-west-2.amazonaws.com',
    ]);
  });

  test('PUBLIC_REST_JWT_API_URL adds the REST API with a JWT authorizer, and its origin to connect-src', () => {
    const backend = loadBackend({ ...AWS_ENV, PUBLIC_REST_JWT_API_URL: 'https://k1l2m3n4o5.execute-api.eu-west-2.amazonaws.com/prod/' });
    assert.equal(backend.apis.restJwt, 'https://k1l2m3n4o5.execute-api.eu-west-2.amazonaws.com/prod');
    assert.deepEqual(backendApis(backend), ['rest', 'http', 'restJwt']);
    assert.ok(backendOrigins(backend).includes('https://k1l2m3n4o5.execute-api.eu-west-2.amazonaws.com'));
  });

  test('PUBLIC_COGNITO_USER_POOL_ID without the rest is a clear error', () => {
    assert.throws(
      () => loadBackend({ PUBLIC_COGNITO_USER_POOL_ID: 'eu-west-2_x' }),
      /PUBLIC_COGNITO_CLIENT_ID must be set along with PUBLIC_COGNITO_USER_POOL_ID/,
    );
  });

  test('no PUBLIC_*, a stack.json: the Node stack it describes (what npm start builds against), without its admin credentials', () => {
    const backend = loadBackend({ TOKEN_TRAIL_DATA: dataWithStack() });
    assert.equal(backend.kind, 'local');
    assert.equal(backend.userPoolClientId, 'client-from-stack-json');
    assert.equal(backend.userPoolEndpoint, 'http://127.0.0.1:9490/');
    assert.deepEqual(backend.apis, {
      rest: 'http://127.0.0.1:9491/rest/prod',
      http: 'http://127.0.0.1:9491/http',
      restJwt: 'http://127.0.0.1:9491/rest-jwt/prod',
    });
    assert.equal(backend.local?.reset, null, 'the Node stack resets from its command line');
    assert.equal(backend.local?.rotateKeys, 'http://127.0.0.1:9490/_local/pools/us-east-1_TrailDemo/rotate-keys');
    assert.doesNotMatch(JSON.stringify(backend), /AKIASECRET|very-secret/);
    assert.deepEqual(backendOrigins(backend), ['http://127.0.0.1:9490', 'http://127.0.0.1:9491']);
  });

  test('neither: the demo stack in the browser, at paths under the site root, admitting no origin but the site', () => {
    const backend = loadBackend({ TOKEN_TRAIL_DATA: emptyData() });
    assert.equal(backend.kind, 'browser');
    assert.equal(backend.userPoolId, SEED.pool.id);
    assert.equal(backend.userPoolClientId, SEED.client.id);
    assert.equal(backend.userPoolEndpoint, '/_stack/cognito/');
    assert.equal(backend.issuer, `/_stack/cognito/${SEED.pool.id}`);
    assert.equal(backend.jwksUri, `/_stack/cognito/${SEED.pool.id}/.well-known/jwks.json`);
    assert.deepEqual(backend.apis, { rest: '/_stack/gateway/rest/prod', http: '/_stack/gateway/http', restJwt: '/_stack/gateway/rest-jwt/prod' });
    assert.equal(backend.local?.reset, '/_stack/reset');
    assert.deepEqual(
      backend.local?.demoUsers.map((user) => `${user.username} / ${user.password}`),
      ['alice / Alice-demo-1', 'bob / Bob-demo-1', 'carol / Carol-temp-1'],
    );
    assert.deepEqual(backendOrigins(backend), [], "connect-src is 'self' and nothing else");
  });

  test('under SITE_BASE, the stack in the browser lives under the base', () => {
    const backend = loadBackend({ TOKEN_TRAIL_DATA: emptyData(), SITE_BASE: 'token-trail' });
    assert.equal(backend.userPoolEndpoint, '/token-trail/_stack/cognito/');
    assert.equal(backend.local?.mailbox, '/token-trail/_stack/cognito/_local/mailbox');
    assert.equal(backend.local?.reset, '/token-trail/_stack/reset');
  });
});

describe('a page makes the stack in the browser absolute on its own origin', () => {
  test('every URL, as the stack itself names them (browserStackUrls), the trace placeholder kept', () => {
    for (const base of ['/', '/token-trail/']) {
      const origin = 'https://reader.github.io';
      const resolved = resolveBackend(loadBackend({ TOKEN_TRAIL_DATA: emptyData(), SITE_BASE: base }), origin);
      const urls = browserStackUrls(origin, base, SEED.pool.id, restStages(api));
      assert.equal(resolved.userPoolEndpoint, urls.userPoolEndpoint);
      assert.equal(resolved.issuer, urls.issuer);
      assert.equal(resolved.jwksUri, urls.jwksUri);
      assert.deepEqual(resolved.apis, urls.apis);
      assert.equal(resolved.local?.mailbox, urls.mailbox);
      assert.equal(resolved.local?.rotateKeys, urls.rotateKeys);
      assert.equal(resolved.local?.traceById, urls.trace.byId);
      assert.equal(resolved.local?.traceStream, urls.trace.stream);
      assert.equal(resolved.local?.reset, urls.reset);
    }
  });

  test('the Node stack and AWS are absolute already and stay as they are', () => {
    const local = loadBackend({ TOKEN_TRAIL_DATA: dataWithStack() });
    const aws = loadBackend(AWS_ENV);
    assert.equal(resolveBackend(local, 'https://elsewhere.example'), local);
    assert.equal(resolveBackend(aws, 'https://elsewhere.example'), aws);
  });

  test('a browser backend whose URL would leave the page origin is refused', () => {
    const forged: Backend = { ...loadBackend({ TOKEN_TRAIL_DATA: emptyData() }), jwksUri: '//evil.example/keys' };
    assert.throws(() => resolveBackend(forged, 'https://reader.github.io'), /not on this site's origin/);
  });
});

test("the code snippets' backend when the site uses the stack in the browser: the Node stack at npm run stack's defaults", () => {
  const node = nodeStackDefaults();
  assert.equal(node.kind, 'local');
  assert.equal(node.userPoolEndpoint, 'http://127.0.0.1:9400/');
  assert.equal(node.issuer, `http://127.0.0.1:9400/${SEED.pool.id}`);
  assert.deepEqual(node.apis, { rest: 'http://127.0.0.1:9401/rest/prod', http: 'http://127.0.0.1:9401/http', restJwt: 'http://127.0.0.1:9401/rest-jwt/prod' });
  assert.equal(node.userPoolClientId, SEED.client.id);
});

/** The site configuration `npm run aws:deploy` writes, made from the fixture deployment's outputs. */
const FIXTURE_OUTPUTS = join(import.meta.dirname, '../fixtures/aws/outputs.json');
function dataWithAwsConfig(dir = emptyData()): string {
  const config = siteConfigFromOutputs(stackOutputs(JSON.parse(readFileSync(FIXTURE_OUTPUTS, 'utf8'))));
  writeFileSync(join(dir, 'aws.json'), JSON.stringify(config));
  return dir;
}

describe('TOKEN_TRAIL_BACKEND chooses by name; aws reads what aws:deploy wrote', () => {
  test('aws: the pool, client and APIs of the outputs, the issuer and JWKS where Cognito has them, nothing local', () => {
    const backend = loadBackend({ TOKEN_TRAIL_BACKEND: 'aws', TOKEN_TRAIL_DATA: dataWithAwsConfig(dataWithStack()) });
    assert.deepEqual(backend, {
      kind: 'aws',
      region: 'eu-west-2',
      userPoolId: 'eu-west-2_Fx7Tr41lD',
      userPoolClientId: '3fixture0client0id000000ab',
      userPoolEndpoint: null,
      issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Fx7Tr41lD',
      jwksUri: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Fx7Tr41lD/.well-known/jwks.json',
      apis: {
        rest: 'https://r3stf1xtur.execute-api.eu-west-2.amazonaws.com/prod',
        http: 'https://h77pf1xtur.execute-api.eu-west-2.amazonaws.com',
        restJwt: 'https://j3tf1xture0.execute-api.eu-west-2.amazonaws.com/prod',
      },
      local: null,
    });
  });

  test('an aws.json beside a stack.json is not read unless asked for: npm start stays local', () => {
    assert.equal(loadBackend({ TOKEN_TRAIL_DATA: dataWithAwsConfig(dataWithStack()) }).kind, 'local');
    assert.equal(loadBackend({ TOKEN_TRAIL_DATA: dataWithAwsConfig() }).kind, 'browser');
  });

  test('local and browser by name; a missing file or an unknown name is a sentence', () => {
    assert.equal(loadBackend({ TOKEN_TRAIL_BACKEND: 'browser', TOKEN_TRAIL_DATA: dataWithStack() }).kind, 'browser');
    assert.equal(loadBackend({ TOKEN_TRAIL_BACKEND: 'local', TOKEN_TRAIL_DATA: dataWithStack() }).kind, 'local');
    assert.throws(
      () => loadBackend({ TOKEN_TRAIL_BACKEND: 'aws', TOKEN_TRAIL_DATA: emptyData() }),
      /TOKEN_TRAIL_BACKEND=aws, but there is no .*aws\.json\. Deploy first \(npm run aws:deploy\)/,
    );
    assert.throws(
      () => loadBackend({ TOKEN_TRAIL_BACKEND: 'local', TOKEN_TRAIL_DATA: emptyData() }),
      /TOKEN_TRAIL_BACKEND=local, but there is no .*stack\.json/,
    );
    assert.throws(() => loadBackend({ TOKEN_TRAIL_BACKEND: 'cloud' }), /TOKEN_TRAIL_BACKEND must be one of aws, local, browser, not "cloud"/);
  });

  test('PUBLIC_* still come first', () => {
    assert.equal(
      loadBackend({ ...AWS_ENV, TOKEN_TRAIL_BACKEND: 'aws', TOKEN_TRAIL_DATA: dataWithAwsConfig() }).userPoolId,
      AWS_ENV.PUBLIC_COGNITO_USER_POOL_ID,
    );
  });

  test('a hand-edited aws.json fails the build with a sentence', () => {
    const good = siteConfigFromOutputs(stackOutputs(JSON.parse(readFileSync(FIXTURE_OUTPUTS, 'utf8'))));
    assert.throws(
      () => checkAwsSiteConfig({ ...good, apis: { ...good.apis, rest: 'http://example.com/prod' } }, 'aws.json'),
      /aws\.json: "rest" must be an https:\/\/ URL/,
    );
    assert.throws(() => checkAwsSiteConfig({ ...good, region: 'us-east-1' }, 'aws.json'), /the pool eu-west-2_Fx7Tr41lD is not in us-east-1/);
    assert.throws(() => checkAwsSiteConfig({ ...good, userPoolClientId: '' }, 'aws.json'), /"userPoolClientId" must be a non-empty string/);
    assert.throws(() => stackOutputs({ TokenTrail: { Region: 'eu-west-2' } }), /has no output UserPoolId for the stack TokenTrail/);
  });
});
