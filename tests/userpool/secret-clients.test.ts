import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { uniqueName } from '../helpers/names.ts';
import {
  adminClient,
  assertError,
  assertShape,
  createClient,
  createUser,
  passwordSignIn,
  REFRESHED,
  SIGNED_IN,
  srpSignIn,
  type TestUser,
  type Tokens,
} from '../helpers/pool-actors.ts';
import { srpAnswer, srpStart } from '../helpers/srp-client.ts';
import { callPool, latestCode, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

/**
 * App clients with a secret: every unauthenticated call must prove the
 * client holds it, with SECRET_HASH = base64(HMAC-SHA256(secret, username ‖
 * client id)) (computed here with node:crypto, not the pool's code), and the
 * token endpoints take the secret itself. Each test makes its own client and
 * users; the pool keeps the real clock, and nothing here depends on time.
 */

let pool: TestUserPool;
let admin: CognitoIdentityProviderClient;

before(async () => {
  pool = await startUserPool();
  admin = adminClient(pool);
});
after(async () => {
  admin.destroy();
  await pool.close({ removeData: true });
});

interface SecretClient {
  clientId: string;
  secret: string;
  hash(username: string): string;
  /** Cognito's answer to a missing or wrong secret or hash. */
  refusal: string;
}

async function secretClient(): Promise<SecretClient> {
  const { clientId, secret } = await createClient(pool, admin, { GenerateSecret: true, PreventUserExistenceErrors: 'ENABLED' });
  assert.ok(secret, 'the client has a secret');
  return {
    clientId,
    secret,
    hash: (username) => createHmac('sha256', secret).update(`${username}${clientId}`, 'utf8').digest('base64'),
    refusal: `Unable to verify secret hash for client ${clientId}`,
  };
}

async function signedIn(client: SecretClient, user: TestUser): Promise<Tokens> {
  const response = await passwordSignIn(pool, user.username, user.password, { clientId: client.clientId, secretHash: client.hash(user.username) });
  assert.equal(response.status, 200, response.text);
  return response.json!.AuthenticationResult as Tokens;
}

describe('SECRET_HASH in sign-in', () => {
  test('USER_PASSWORD_AUTH: the right SECRET_HASH signs in; a wrong or missing one is NotAuthorizedException', async () => {
    const client = await secretClient();
    const user = await createUser(pool, admin);
    const signIn = (secretHash?: string) => passwordSignIn(pool, user.username, user.password, { clientId: client.clientId, secretHash });
    assertShape((await signIn(client.hash(user.username))).json, SIGNED_IN);
    assertError(await signIn(), 'NotAuthorizedException', client.refusal);
    assertError(await signIn(client.hash(`${user.username}x`)), 'NotAuthorizedException', client.refusal);
    assertError(
      await signIn(createHmac('sha256', 'not-the-secret').update(`${user.username}${client.clientId}`).digest('base64')),
      'NotAuthorizedException',
      client.refusal,
    );
  });

  test('USER_SRP_AUTH: SECRET_HASH in InitiateAuth and again in the answer; without it either step is NotAuthorizedException', async () => {
    const client = await secretClient();
    const user = await createUser(pool, admin);
    assertShape((await srpSignIn(pool, user.username, user.password, { clientId: client.clientId, secretHash: client.hash })).answered.json, SIGNED_IN);

    const start = (AuthParameters: Record<string, string>) =>
      callPool(pool.endpoint, 'InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: client.clientId, AuthParameters });
    const srp = srpStart();
    assertError(await start({ USERNAME: user.username, SRP_A: srp.SRP_A }), 'NotAuthorizedException', client.refusal);
    assertError(await start({ USERNAME: user.username, SRP_A: srp.SRP_A, SECRET_HASH: client.hash('someone-else') }), 'NotAuthorizedException', client.refusal);

    const started = await start({ USERNAME: user.username, SRP_A: srp.SRP_A, SECRET_HASH: client.hash(user.username) });
    assert.equal(started.status, 200, started.text);
    const proof = srpAnswer(pool.poolId, srp, started.json!.ChallengeParameters, user.password);
    const answer = (extra: Record<string, string>) =>
      callPool(pool.endpoint, 'RespondToAuthChallenge', {
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: client.clientId,
        ChallengeResponses: { ...proof, ...extra },
      });
    assertError(await answer({}), 'NotAuthorizedException', client.refusal);
    assertError(await answer({ SECRET_HASH: client.hash('someone-else') }), 'NotAuthorizedException', client.refusal);
    assertShape(
      (await answer({ SECRET_HASH: client.hash(started.json!.ChallengeParameters.USER_ID_FOR_SRP) })).json,
      SIGNED_IN,
      'the refused answers spent nothing',
    );
  });

  test('REFRESH_TOKEN_AUTH: SECRET_HASH of the username, or NotAuthorizedException', async () => {
    const client = await secretClient();
    const user = await createUser(pool, admin);
    const { RefreshToken } = await signedIn(client, user);
    const refresh = (SECRET_HASH?: string) =>
      callPool(pool.endpoint, 'InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: client.clientId,
        AuthParameters: { REFRESH_TOKEN: RefreshToken, ...(SECRET_HASH && { SECRET_HASH }) },
      });
    assertShape((await refresh(client.hash(user.username))).json, { ChallengeParameters: {}, AuthenticationResult: REFRESHED });
    assertError(await refresh(), 'NotAuthorizedException', client.refusal);
    assertError(await refresh(client.hash('someone-else')), 'NotAuthorizedException', client.refusal);
  });
});

describe('the client secret on the token endpoints', () => {
  test('GetTokensFromRefreshToken: the right ClientSecret refreshes; a wrong or missing one is NotAuthorizedException', async () => {
    const client = await secretClient();
    const user = await createUser(pool, admin);
    const { RefreshToken } = await signedIn(client, user);
    const refresh = (ClientSecret?: string) =>
      callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: client.clientId, RefreshToken, ...(ClientSecret && { ClientSecret }) });
    assertShape((await refresh(client.secret)).json, { AuthenticationResult: REFRESHED });
    assertError(await refresh(), 'NotAuthorizedException', client.refusal);
    assertError(
      await refresh(`${client.secret.slice(0, -1)}${client.secret.endsWith('x') ? 'y' : 'x'}`),
      'NotAuthorizedException',
      client.refusal,
      'the last character changed',
    );
  });

  test('RevokeToken: the right ClientSecret revokes; a wrong or missing one is UnauthorizedException, and revokes nothing', async () => {
    const client = await secretClient();
    const user = await createUser(pool, admin);
    const { RefreshToken } = await signedIn(client, user);
    const revoke = (ClientSecret?: string) =>
      callPool(pool.endpoint, 'RevokeToken', { ClientId: client.clientId, Token: RefreshToken, ...(ClientSecret && { ClientSecret }) });
    assertError(await revoke(), 'UnauthorizedException', client.refusal);
    assertError(await revoke('x'.repeat(51)), 'UnauthorizedException', client.refusal);
    const refresh = () => callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: client.clientId, RefreshToken, ClientSecret: client.secret });
    assertShape((await refresh()).json, { AuthenticationResult: REFRESHED }, 'not revoked yet');
    const revoked = await revoke(client.secret);
    assert.equal(revoked.status, 200, revoked.text);
    assertShape(revoked.json, {});
    assertError(await refresh(), 'NotAuthorizedException', 'Refresh Token has been revoked');
  });
});

describe('SecretHash in account operations', () => {
  test('SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword and ConfirmForgotPassword refuse a missing or wrong SecretHash, and work with the right one', async () => {
    const client = await secretClient();
    const username = uniqueName('user');
    const email = `${username}@example.com`;
    const call = async (operation: string, body: Record<string, unknown>) => {
      const base = { ClientId: client.clientId, Username: username, ...body };
      assertError(await callPool(pool.endpoint, operation, base), 'NotAuthorizedException', client.refusal);
      assertError(await callPool(pool.endpoint, operation, { ...base, SecretHash: client.hash('someone-else') }), 'NotAuthorizedException', client.refusal);
      const answer = await callPool(pool.endpoint, operation, { ...base, SecretHash: client.hash(username) });
      assert.equal(answer.status, 200, `${operation}: ${answer.text}`);
      return answer;
    };
    const signedUp = await call('SignUp', { Password: 'Valid-pass-1', UserAttributes: [{ Name: 'email', Value: email }] });
    assert.equal(signedUp.json!.UserConfirmed, false);
    // Without the secret, a taken name is not told apart from a free one.
    assertError(
      await callPool(pool.endpoint, 'SignUp', { ClientId: client.clientId, Username: username, Password: 'Valid-pass-1' }),
      'NotAuthorizedException',
      client.refusal,
    );
    await call('ResendConfirmationCode', {});
    await call('ConfirmSignUp', { ConfirmationCode: await latestCode(pool.url, username) });
    await call('ForgotPassword', {});
    await call('ConfirmForgotPassword', { ConfirmationCode: await latestCode(pool.url, username), Password: 'Reset-pass-2' });
    const signIn = await passwordSignIn(pool, username, 'Reset-pass-2', { clientId: client.clientId, secretHash: client.hash(username) });
    assertShape(signIn.json, SIGNED_IN, 'the reset password signs in');
  });
});
