import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { StackInfo } from '../../src/stack/stack-info.ts';
import { callPool, latestCode } from '../helpers/user-pool.ts';
import { portOf, spawnStack, stopStack, type StackProcess } from '../helpers/stack-process.ts';

/**
 * The stack as `npm run stack` runs it, across restarts. Each test has its
 * own data folder and its own stack, and makes the data it checks: neither
 * depends on the other having run, or run first.
 */

// Two or three stack starts, a few sign-ins: seconds; bounded all the same.
const TEST_MS = 400_000;
const FREE_PORTS = ['--userpool-port', '0', '--gateway-port', '0'];

/** A data folder, and a way to start stacks on it that the test stops at its end, whatever happens. */
function dataFolder(t: TestContext, name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `token-trail-${name}-`));
  const running = new Set<StackProcess>();
  t.after(async () => {
    for (const stack of running) await stopStack(stack);
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    async start(args: string[]): Promise<StackProcess> {
      const stack = await spawnStack(dataDir, args);
      running.add(stack);
      stack.child.once('exit', () => running.delete(stack));
      return stack;
    },
  };
}

const signIn = (info: StackInfo, username: string, password: string) =>
  callPool(info.userPoolEndpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: info.userPoolClientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });

/** Signs a new user up and confirms it with the code from the mailbox: a committed write of a user. */
async function signUpConfirmed(info: StackInfo, username: string, password: string): Promise<void> {
  const signUp = await callPool(info.userPoolEndpoint, 'SignUp', {
    ClientId: info.userPoolClientId,
    Username: username,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  assert.equal(signUp.status, 200, signUp.text);
  const code = await latestCode(info.userPoolEndpoint.replace(/\/$/, ''), username);
  const confirm = await callPool(info.userPoolEndpoint, 'ConfirmSignUp', { ClientId: info.userPoolClientId, Username: username, ConfirmationCode: code });
  assert.equal(confirm.status, 200, confirm.text);
}

const jwks = async (info: StackInfo) => (await fetch(info.jwksUri, { signal: AbortSignal.timeout(10_000) })).json() as Promise<{ keys: { kid: string }[] }>;

test('after kill -9 and a restart, users, keys and refresh tokens are all still valid', { timeout: TEST_MS }, async (t) => {
  const folder = dataFolder(t, 'persist');
  let stack = await folder.start(FREE_PORTS);
  const first = stack.info;

  // Committed writes of every kind: a new user, a session, the keys.
  await signUpConfirmed(first, 'durable', 'Durable-pass-1');
  const signedIn = await signIn(first, 'durable', 'Durable-pass-1');
  assert.equal(signedIn.status, 200, signedIn.text);
  const tokens = signedIn.json!.AuthenticationResult;
  const jwksBefore = await jwks(first);

  assert.equal(await stopStack(stack, 'SIGKILL'), null);
  stack = await folder.start(['--userpool-port', portOf(first.userPoolEndpoint), '--gateway-port', portOf(first.apis.rest)]);
  const second = stack.info;

  assert.deepEqual(await jwks(second), jwksBefore, 'the same keys');
  await jwtVerify(tokens.IdToken, createRemoteJWKSet(new URL(second.jwksUri), { timeoutDuration: 10_000 }), { issuer: second.issuer });
  const user = await callPool(second.userPoolEndpoint, 'GetUser', { AccessToken: tokens.AccessToken });
  assert.equal(user.json!.Username, 'durable', 'the access token and its session survived');
  const refreshed = await callPool(second.userPoolEndpoint, 'GetTokensFromRefreshToken', {
    ClientId: second.userPoolClientId,
    RefreshToken: tokens.RefreshToken,
  });
  assert.equal(refreshed.status, 200, refreshed.text);
  const again = await signIn(second, 'durable', 'Durable-pass-1');
  assert.equal(again.status, 200, 'the new user signs in again');
  assert.equal(second.admin.accessKeyId, first.admin.accessKeyId, 'the admin credentials persist too');
});

test('--reset starts over from the seed', { timeout: TEST_MS }, async (t) => {
  const folder = dataFolder(t, 'reset');
  let stack = await folder.start(FREE_PORTS);
  const before = stack.info;
  // What the reset must remove, made here: a user of its own, and the keys it holds.
  await signUpConfirmed(before, 'before-reset', 'Before-reset-1');
  const kidsBefore = (await jwks(before)).keys.map((key) => key.kid);
  await stopStack(stack);

  // Without --reset, a restart keeps all of it: what follows is the reset's doing.
  stack = await folder.start(FREE_PORTS);
  assert.equal((await signIn(stack.info, 'before-reset', 'Before-reset-1')).status, 200, 'the user is there before the reset');
  await stopStack(stack);

  stack = await folder.start([...FREE_PORTS, '--reset']);
  const after = stack.info;
  const response = await signIn(after, 'before-reset', 'Before-reset-1');
  assert.equal(response.json!.__type, 'NotAuthorizedException', 'the user created before the reset cannot sign in');
  const signUpAgain = await callPool(after.userPoolEndpoint, 'SignUp', {
    ClientId: after.userPoolClientId,
    Username: 'before-reset',
    Password: 'Before-reset-1',
    UserAttributes: [{ Name: 'email', Value: 'before-reset@example.com' }],
  });
  assert.equal(signUpAgain.status, 200, `the name is free again: ${signUpAgain.text}`);
  const kidsAfter = (await jwks(after)).keys.map((key) => key.kid);
  assert.equal(kidsAfter.filter((kid) => kidsBefore.includes(kid)).length, 0, 'new signing keys');
  assert.notEqual(after.admin.accessKeyId, before.admin.accessKeyId, 'new admin credentials');

  const alice = after.demoUsers.find((u) => u.username === 'alice')!;
  const seeded = await signIn(after, alice.username, alice.password);
  assert.equal(seeded.status, 200, 'the seeded demo users are there');
});
