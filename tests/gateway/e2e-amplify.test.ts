/**
 * End to end: Amplify signs in on the local user pool (SRP, as
 * in a browser), then calls both demo APIs through the local gateway with the
 * tokens it got, over HTTP on loopback.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { startStack } from '../../src/stack/stack.ts';
import type { DemoUser, StackInfo } from '../../src/stack/stack-info.ts';
import { TEST_SITE_ORIGIN } from '../helpers/user-pool.ts';
import { assertRestError, REST_UNAUTHORIZED } from './fixtures/expect.ts';

let stack: { info: StackInfo; close(): Promise<void> };
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'trail-e2e-'));
  stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [TEST_SITE_ORIGIN] });
  const { userPoolId, userPoolClientId, userPoolEndpoint } = stack.info;
  Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint } } });
});
after(async () => {
  await stack.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Signs the user in with Amplify's default flow and returns the raw tokens. */
async function tokensOf(user: DemoUser): Promise<{ id: string; access: string }> {
  await signOut();
  const result = await signIn({ username: user.username, password: user.password });
  assert.equal(result.isSignedIn, true, `${user.username}: ${result.nextStep.signInStep}`);
  const { tokens } = await fetchAuthSession();
  assert.ok(tokens?.idToken && tokens.accessToken);
  return { id: tokens.idToken.toString(), access: tokens.accessToken.toString() };
}

const demoUser = (inAdmin: boolean) => {
  const user = stack.info.demoUsers.find((candidate) => candidate.groups.includes('admin') === inAdmin && !/NEW_PASSWORD_REQUIRED/.test(candidate.note));
  assert.ok(user, `a demo user ${inAdmin ? 'in' : 'outside'} admin`);
  return user;
};

const call = (base: string, path: string, authorization: string) => fetch(`${base}${path}`, { headers: { authorization } });

describe('Amplify tokens from the local pool, through the local gateway', () => {
  let tokens: { id: string; access: string };
  before(async () => {
    tokens = await tokensOf(demoUser(false));
  });

  test('REST /hello: the ID token gets 200 with the echoed event, raw or as Bearer', async () => {
    for (const authorization of [tokens.id, `Bearer ${tokens.id}`]) {
      const response = await call(stack.info.apis.rest, '/hello', authorization);
      assert.equal(response.status, 200);
      const { event } = (await response.json()) as {
        event: { requestContext: { authorizer: { claims: Record<string, string> } }; headers: Record<string, string> };
      };
      const claims = event.requestContext.authorizer.claims;
      assert.equal(claims.token_use, 'id');
      assert.equal(claims.iss, stack.info.issuer);
      assert.match(claims.exp!, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    }
  });

  test('REST /hello: the access token gets 401', async () => {
    await assertRestError(await call(stack.info.apis.rest, '/hello', tokens.access), REST_UNAUTHORIZED);
  });

  test('REST /scoped: the access token gets 200, raw or as Bearer', async () => {
    for (const authorization of [tokens.access, `Bearer ${tokens.access}`]) {
      assert.equal((await call(stack.info.apis.rest, '/scoped', authorization)).status, 200);
    }
  });

  test('REST /scoped: the ID token gets 401', async () => {
    await assertRestError(await call(stack.info.apis.rest, '/scoped', tokens.id), REST_UNAUTHORIZED);
  });

  test('HTTP /hello: either token gets 200, raw or as Bearer', async () => {
    for (const token of [tokens.id, tokens.access]) {
      for (const authorization of [token, `Bearer ${token}`]) {
        assert.equal((await call(stack.info.apis.http, '/hello', authorization)).status, 200);
      }
    }
  });

  test('/admin: a user outside admin gets 403 from the function, on both APIs', async () => {
    for (const [base, token] of [
      [stack.info.apis.rest, tokens.id],
      [stack.info.apis.http, tokens.access],
    ] as const) {
      const response = await call(base, '/admin', token);
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('x-amzn-errortype'), null, 'the function answered, not the gateway');
      assert.deepEqual(await response.json(), { message: 'Forbidden: this route requires the admin group.', groups: [] });
    }
  });

  test('the trace of each call is served by request id', async () => {
    const response = await call(stack.info.apis.rest, '/hello', tokens.id);
    const id = response.headers.get('x-amzn-requestid')!;
    const trace = await fetch(stack.info.trace.byId.replace('{requestId}', id));
    assert.equal(trace.status, 200);
    assert.equal(((await trace.json()) as { status: number }).status, 200);
  });
});

test('/admin: a user in admin gets 200 on both APIs', async () => {
  const tokens = await tokensOf(demoUser(true));
  assert.equal((await call(stack.info.apis.rest, '/admin', tokens.id)).status, 200);
  assert.equal((await call(stack.info.apis.http, '/admin', tokens.access)).status, 200);
});
