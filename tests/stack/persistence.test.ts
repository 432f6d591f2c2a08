import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { callPool, latestCode } from '../helpers/user-pool.ts';
import { portOf, spawnStack, stopStack, type StackProcess } from '../helpers/stack-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-persist-'));
let stack: StackProcess | undefined;
after(async () => {
  if (stack) await stopStack(stack);
  rmSync(dataDir, { recursive: true, force: true });
});

test('after kill -9 and a restart, users, keys and refresh tokens are all still valid', async () => {
  stack = await spawnStack(dataDir, ['--userpool-port', '0', '--gateway-port', '0']);
  const first = stack.info;
  const url = first.userPoolEndpoint.replace(/\/$/, '');

  // Committed writes of every kind: a new user, a session, the keys.
  const signUp = await callPool(first.userPoolEndpoint, 'SignUp', {
    ClientId: first.userPoolClientId,
    Username: 'durable',
    Password: 'Durable-pass-1',
    UserAttributes: [{ Name: 'email', Value: 'durable@example.com' }],
  });
  assert.equal(signUp.status, 200);
  const confirm = await callPool(first.userPoolEndpoint, 'ConfirmSignUp', { ClientId: first.userPoolClientId, Username: 'durable', ConfirmationCode: await latestCode(url, 'durable') });
  assert.equal(confirm.status, 200);
  const signIn = await callPool(first.userPoolEndpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: first.userPoolClientId,
    AuthParameters: { USERNAME: 'durable', PASSWORD: 'Durable-pass-1' },
  });
  const tokens = signIn.json!.AuthenticationResult;
  const jwksBefore = await (await fetch(first.jwksUri)).json();

  assert.equal(await stopStack(stack, 'SIGKILL'), null);
  stack = await spawnStack(dataDir, ['--userpool-port', portOf(first.userPoolEndpoint), '--gateway-port', portOf(first.apis.rest)]);
  const second = stack.info;

  assert.deepEqual(await (await fetch(second.jwksUri)).json(), jwksBefore, 'the same keys');
  await jwtVerify(tokens.IdToken, createRemoteJWKSet(new URL(second.jwksUri)), { issuer: second.issuer });
  const user = await callPool(second.userPoolEndpoint, 'GetUser', { AccessToken: tokens.AccessToken });
  assert.equal(user.json!.Username, 'durable', 'the access token and its session survived');
  const refreshed = await callPool(second.userPoolEndpoint, 'GetTokensFromRefreshToken', { ClientId: second.userPoolClientId, RefreshToken: tokens.RefreshToken });
  assert.equal(refreshed.status, 200, refreshed.text);
  const again = await callPool(second.userPoolEndpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: second.userPoolClientId,
    AuthParameters: { USERNAME: 'durable', PASSWORD: 'Durable-pass-1' },
  });
  assert.equal(again.status, 200, 'the new user signs in again');
  assert.equal(second.admin.accessKeyId, first.admin.accessKeyId, 'the admin credentials persist too');
});

test('--reset starts over from the seed', async () => {
  if (stack) await stopStack(stack);
  stack = await spawnStack(dataDir, ['--userpool-port', '0', '--gateway-port', '0', '--reset']);
  const response = await callPool(stack.info.userPoolEndpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack.info.userPoolClientId,
    AuthParameters: { USERNAME: 'durable', PASSWORD: 'Durable-pass-1' },
  });
  assert.equal(response.json!.__type, 'NotAuthorizedException', 'the user created before the reset is gone');
  const alice = stack.info.demoUsers.find((u) => u.username === 'alice')!;
  const seeded = await callPool(stack.info.userPoolEndpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack.info.userPoolClientId,
    AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
  });
  assert.equal(seeded.status, 200);
});
