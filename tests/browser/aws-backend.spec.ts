/**
 * The site against AWS, with no AWS account: built from a fixture
 * deployment's outputs (tests/fixtures/aws/outputs.json) as `npm run
 * aws:deploy` and `npm run aws:build` make it, then checked in Chromium for
 * its configuration (the embedded backend, the badge, Amplify's requests),
 * its Content-Security-Policy and every request it sends. Each request to
 * the deployment's AWS hosts is intercepted and answered by the test; any
 * other request that would leave the machine is aborted and fails the test.
 */
import { expect } from '@playwright/test';
import { fakeToken } from './widget-helpers.ts';
import { FIXTURE_CONFIG, JSON_CORS, test, type AwsStandIn } from './aws-site.ts';

test.describe.configure({ timeout: 120_000 });

const REGION = FIXTURE_CONFIG.region;
const POOL = FIXTURE_CONFIG.userPoolId;
const COGNITO = `https://cognito-idp.${REGION}.amazonaws.com/`;
const ISSUER = `${COGNITO}${POOL}`;
const JWKS = `${ISSUER}/.well-known/jwks.json`;
const REST = FIXTURE_CONFIG.apis.rest;
const HTTP = FIXTURE_CONFIG.apis.http;
const REST_JWT = FIXTURE_CONFIG.apis.restJwt;
// What the definition's gateway responses and HTTP API let a page read (src/stack/api.ts).
const EXPOSE = 'x-amzn-RequestId,x-amzn-ErrorType,x-amz-apigw-id,apigw-requestid';

/** Two RSA public keys, as a pool publishes them (made-up moduli: nothing verifies here). */
const KEY_SET = {
  keys: ['id-key', 'access-key'].map((kid, index) => ({
    alg: 'RS256',
    e: 'AQAB',
    kid: `${kid}-${index}`,
    kty: 'RSA',
    n: Buffer.from([0xc1, ...Array.from({ length: 255 }, (_, i) => (i * 7 + index) % 256)]).toString('base64url'),
    use: 'sig',
  })),
};

/** What AWS answers when nothing goes wrong: the pool's keys (Cognito sends CORS headers for them) and the public route. */
function healthyAws(aws: AwsStandIn): void {
  aws.answer(JWKS, (_, route) => route.fulfill({ status: 200, headers: JSON_CORS, body: JSON.stringify(KEY_SET) }));
  aws.answer(`${REST}/public`, (_, route) =>
    route.fulfill({
      status: 200,
      headers: { ...JSON_CORS, 'x-amzn-requestid': 'c0ffee00-0000-4000-8000-000000000001', 'access-control-expose-headers': EXPOSE },
      body: '{"message":"Hello from a public route: no token needed."}',
    }),
  );
}

test.afterEach(({ aws }) => {
  // Nothing but the site's own origin and the deployment's AWS hosts was asked for.
  expect(aws.escaped).toEqual([]);
});

test('the page is built for the fixture deployment: its backend, its badge, its CSP, no demo stack', async ({ page, aws, awsSite }) => {
  healthyAws(aws);
  await page.goto(`${awsSite.url}/steps/authorizer/`);
  const embedded = await page.evaluate(() => JSON.parse(document.getElementById('tt-backend')!.textContent!));
  expect(embedded).toEqual({
    kind: 'aws',
    region: REGION,
    userPoolId: POOL,
    userPoolClientId: FIXTURE_CONFIG.userPoolClientId,
    userPoolEndpoint: null,
    issuer: ISSUER,
    jwksUri: JWKS,
    apis: { rest: REST, http: HTTP, restJwt: REST_JWT },
    local: null,
  });

  const badge = page.locator('[data-backend-badge]');
  await expect(badge).toHaveAttribute('data-backend-kind', 'aws');
  await expect(badge).toContainText('AWS');
  await expect(badge).toHaveAttribute('title', `User pool ${POOL} in ${REGION}`);
  // The connection check asked the real pool and API, answered by the test.
  await expect(badge).toHaveAttribute('data-status', 'up');
  expect(aws.requests.map((request) => `${request.method} ${request.url}`).sort()).toEqual([`GET ${JWKS}`, `GET ${REST}/public`]);

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const connect = csp!
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .find(([name]) => name === 'connect-src')!
    .slice(1);
  expect(connect.sort()).toEqual(["'self'", COGNITO.replace(/\/$/, ''), new URL(REST).origin, new URL(HTTP).origin, new URL(REST_JWT).origin].sort());

  // No demo stack: no reset button, no Service Worker, no local endpoints.
  await expect(page.getByRole('button', { name: 'Reset the demo stack' })).toHaveCount(0);
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((registrations) => registrations.length))).toBe(0);
  expect(await page.evaluate(() => document.body.innerHTML.includes('_local'))).toBe(false);
});

test("sign-in: Amplify calls the real pool's endpoint with the deployment's app client", async ({ page, aws, awsSite }) => {
  healthyAws(aws);
  aws.answer(COGNITO, (_, route) =>
    route.fulfill({
      status: 400,
      headers: { ...JSON_CORS, 'x-amzn-errortype': 'NotAuthorizedException:', 'x-amzn-requestid': 'c0ffee00-0000-4000-8000-000000000002' },
      body: '{"__type":"NotAuthorizedException","message":"Incorrect username or password."}',
    }),
  );
  await page.goto(`${awsSite.url}/steps/sign-in/`);
  const signIn = page.locator('tt-sign-in');
  await expect(signIn).toContainText(`your AWS user pool ${POOL}`);
  // No published users to pick from: the pool is the reader's own.
  await expect(signIn.getByRole('radio')).toHaveCount(0);
  await signIn.getByLabel('Username', { exact: true }).fill('alice');
  await signIn.getByLabel('Password', { exact: true }).fill('Alice-demo-1');
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(signIn.getByRole('status')).toContainText('The user pool refused: Incorrect username or password. (NotAuthorizedException)');

  const calls = aws.requests.filter((request) => request.url === COGNITO && request.method === 'POST');
  expect(calls).toHaveLength(1);
  const [call] = calls;
  expect(call!.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
  expect(call!.headers['content-type']).toBe('application/x-amz-json-1.1');
  const body = JSON.parse(call!.body!) as { AuthFlow: string; ClientId: string; AuthParameters: Record<string, string> };
  expect(body).toMatchObject({ AuthFlow: 'USER_SRP_AUTH', ClientId: FIXTURE_CONFIG.userPoolClientId, AuthParameters: { USERNAME: 'alice' } });
  expect(body.AuthParameters.SRP_A).toMatch(/^[0-9a-f]+$/);
  // SRP: the password itself never leaves the page.
  expect(call!.body).not.toContain('Alice-demo-1');
});

test("API call: the deployment's URLs, the token in the header, and what AWS does not show in place of the trace", async ({ page, aws, awsSite }) => {
  healthyAws(aws);
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: '5f1c0000-0000-4000-8000-00000000a11c',
    iss: ISSUER,
    aud: FIXTURE_CONFIG.userPoolClientId,
    token_use: 'id',
    'cognito:username': 'alice',
    'cognito:groups': ['admin'],
    iat: now,
    exp: now + 3600,
  };
  const idToken = fakeToken({ alg: 'RS256', kid: KEY_SET.keys[0]!.kid }, claims);
  const accessToken = fakeToken({ alg: 'RS256', kid: KEY_SET.keys[1]!.kid }, { ...claims, token_use: 'access', client_id: claims.aud, aud: undefined });
  // A reader signed in: the tokens where the widgets keep them.
  await page.addInitScript(
    (tokens) => sessionStorage.setItem('tt:tokens', JSON.stringify({ current: { ...tokens, username: 'alice', storedAt: Date.now() }, earlier: [] })),
    { idToken, accessToken },
  );
  aws.answer(`${REST}/hello`, (_, route) =>
    route.fulfill({
      status: 200,
      // A REST proxy integration passes the function's headers through: ours sends these (src/stack/functions/respond.ts).
      headers: {
        ...JSON_CORS,
        'access-control-expose-headers': 'x-amzn-RequestId,x-amz-apigw-id,apigw-requestid',
        'x-amzn-requestid': 'c0ffee00-0000-4000-8000-000000000003',
      },
      body: JSON.stringify({
        message: 'Hello, alice!',
        event: {
          resource: '/hello',
          path: '/hello',
          httpMethod: 'GET',
          requestContext: { stage: 'prod', authorizer: { claims: { ...claims, 'cognito:groups': 'admin', exp: 'Thu Jan 01 00:00:00 UTC 2099' } } },
        },
      }),
    }),
  );
  aws.answer(`${HTTP}/hello`, (_, route) =>
    route.fulfill({
      status: 401,
      headers: {
        ...JSON_CORS,
        'access-control-expose-headers': EXPOSE,
        'apigw-requestid': 'Fx7aBcDeFgHiJk=',
        'www-authenticate': 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"',
      },
      body: '{"message":"Unauthorized"}',
    }),
  );

  await page.goto(`${awsSite.url}/steps/authorizer/`);
  const api = page.locator('tt-api-call').first();
  await api.getByLabel('REST API (v1), Cognito authorizer').check();
  await api.getByLabel('Route', { exact: true }).selectOption('/hello');
  await api.getByLabel('Token', { exact: true }).selectOption('id');
  await api.getByRole('button', { name: 'Send the request' }).click();
  await expect(api.locator('.tt-trace__verdict')).toContainText('✓ 200: allowed.');
  const sent = aws.requests.find((request) => request.url === `${REST}/hello`)!;
  expect(sent.headers.authorization).toBe(`Bearer ${idToken}`);

  const instead = api.locator('[data-aws-trace]');
  await expect(instead).toContainText('What AWS does not show a page');
  for (const label of ['Authorization header', 'Token decoded', "Issuer's public keys (JWKS)", 'Signature verified', 'Claims checked', "Authorizer's decision"])
    await expect(instead).toContainText(label);
  await expect(instead).toContainText('request id c0ffee00-0000-4000-8000-000000000003');
  await expect(api.getByText('What the function echoes instead')).toBeVisible();
  await expect(api.getByLabel('The claims the function received')).toContainText('"cognito:username": "alice"');
  await expect(api.locator('.tt-trace')).toHaveCount(0);

  // The HTTP API refuses: the page reads the status and what CORS exposes, not www-authenticate.
  await api.getByLabel('HTTP API (v2), JWT authorizer').check();
  await api.getByLabel('Route', { exact: true }).selectOption('/hello');
  await api.getByRole('button', { name: 'Send the request' }).click();
  await expect(api.locator('.tt-trace__verdict')).toContainText('401: refused (this API keeps no trace that says by which check).');
  await expect(instead).toContainText('HTTP 401');
  await expect(instead).toContainText('request id Fx7aBcDeFgHiJk=');
  await expect(instead).not.toContainText('www-authenticate');
  await expect(api.getByText('The function did not run')).toBeVisible();
  expect(aws.requests.find((request) => request.url === `${HTTP}/hello`)!.headers.authorization).toBe(`Bearer ${idToken}`);
});

test.describe('JWKS viewer', () => {
  test('a JWKS with CORS headers: the keys, fetched from the real pool', async ({ page, aws, awsSite }) => {
    healthyAws(aws);
    await page.goto(`${awsSite.url}/steps/authorizer/`);
    const viewer = page.locator('tt-jwks-viewer');
    await viewer.getByRole('button', { name: 'Fetch the keys' }).click();
    await expect(viewer.getByRole('status')).toContainText('2 keys fetched');
    await expect(viewer.locator('.tt-jwks__key')).toHaveCount(2);
    await expect(viewer).toContainText(JWKS);
    // The rotation panel is the demo stack's: a real pool rotates on its own.
    await expect(viewer.getByRole('button', { name: "Rotate the pool's keys" })).toHaveCount(0);
  });

  test('a JWKS whose CORS headers do not admit the site: the viewer says so, says how to see the keys, and shows pasted ones without a request', async ({
    page,
    aws,
    awsSite,
  }) => {
    healthyAws(aws);
    // Playwright adds Access-Control-Allow-Origin to an answer it fulfills
    // without one (microsoft/playwright#12929), so "no CORS" is played by
    // another origin's header: Chromium's own CORS check then refuses the
    // page the answer, exactly as it would refuse one without the header.
    aws.answer(JWKS, (_, route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'application/json', 'access-control-allow-origin': 'https://console.aws.example' },
        body: JSON.stringify(KEY_SET),
      }),
    );
    await page.goto(`${awsSite.url}/steps/authorizer/`);
    // The connection check tells an answer without CORS from no answer.
    await expect(page.locator('[data-backend-badge]')).toHaveAttribute('data-status', 'up');

    const viewer = page.locator('tt-jwks-viewer');
    await viewer.getByRole('button', { name: 'Fetch the keys' }).click();
    await expect(viewer.getByRole('status')).toContainText(`The pool answered at ${JWKS}, but without CORS headers that admit this site`);
    const panel = viewer.locator('[data-jwks-without-cors]');
    await expect(panel.getByRole('link', { name: 'open the JWKS in a new tab' })).toHaveAttribute('href', JWKS);
    await expect(panel).toContainText(`curl ${JWKS}`);

    const before = aws.requests.length;
    await panel.getByLabel('Paste the key set').fill('not json');
    await panel.getByRole('button', { name: 'Show these keys' }).click();
    await expect(viewer.getByRole('status')).toContainText('That is not JSON');
    await panel.getByLabel('Paste the key set').fill(JSON.stringify(KEY_SET, null, 2));
    await panel.getByRole('button', { name: 'Show these keys' }).click();
    await expect(viewer.getByRole('status')).toContainText('2 pasted keys shown.');
    await expect(viewer.locator('.tt-jwks__key')).toHaveCount(2);
    await expect(viewer).toContainText(`${JWKS} (pasted)`);
    expect(aws.requests.length).toBe(before);
  });
});
