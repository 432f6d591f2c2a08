import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Amplify } from 'aws-amplify';
import {
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  resetPassword,
  signIn,
  signOut,
  signUp,
} from 'aws-amplify/auth';
import { decodeJwt } from 'jose';
import { callPool, demoUser, latestCode, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

// The real aws-amplify v6, configured with nothing but the pool's endpoint.
let pool: TestUserPool;

before(async () => {
  pool = await startUserPool();
  Amplify.configure({ Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, userPoolEndpoint: pool.endpoint } } });
});

after(async () => {
  await signOut().catch(() => {});
  await pool.close({ removeData: true });
});

async function tokens() {
  const session = await fetchAuthSession();
  assert.ok(session.tokens?.accessToken, 'signed in');
  return session.tokens;
}

describe('aws-amplify v6 against the local pool', () => {
  test('the default sign-in (USER_SRP_AUTH) succeeds', async () => {
    const alice = demoUser('alice');
    const result = await signIn({ username: alice.username, password: alice.password });
    assert.equal(result.isSignedIn, true);
    assert.equal(result.nextStep.signInStep, 'DONE');
    const user = await getCurrentUser();
    assert.equal(user.username, 'alice');
    await signOut();
  });

  test('a wrong password is refused with NotAuthorizedException: Incorrect username or password.', async () => {
    await assert.rejects(signIn({ username: 'alice', password: 'Not-her-password-1' }), (error: Error) => {
      assert.equal(error.name, 'NotAuthorizedException');
      assert.equal(error.message, 'Incorrect username or password.');
      return true;
    });
  });

  test('fetchUserAttributes reads the user through GetUser', async () => {
    await signIn(demoUser('alice'));
    const attributes = await fetchUserAttributes();
    assert.equal(attributes.email, 'alice@example.com');
    assert.equal(attributes.email_verified, 'true');
    assert.match(attributes.sub ?? '', /^[0-9a-f-]{36}$/);
    await signOut();
  });

  test('fetchAuthSession({ forceRefresh: true }) returns new tokens from the same sign-in', async () => {
    await signIn(demoUser('bob'));
    const first = await tokens();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const session = await fetchAuthSession({ forceRefresh: true });
    const second = session.tokens!;
    assert.notEqual(second.accessToken.toString(), first!.accessToken.toString());
    assert.notEqual(second.accessToken.payload.jti, first!.accessToken.payload.jti);
    assert.equal(second.accessToken.payload.origin_jti, first!.accessToken.payload.origin_jti);
    assert.equal(second.idToken?.payload.origin_jti, first!.idToken?.payload.origin_jti);
    assert.equal(second.accessToken.payload.auth_time, first!.accessToken.payload.auth_time);
    assert.ok(Number(second.accessToken.payload.iat) > Number(first!.accessToken.payload.iat));
    await signOut();
  });

  test('signOut() revokes: GetUser with the old access token is then refused', async () => {
    await signIn(demoUser('alice'));
    const { accessToken } = (await tokens())!;
    const before = await callPool(pool.endpoint, 'GetUser', { AccessToken: accessToken.toString() });
    assert.equal(before.status, 200);
    await signOut();
    const afterSignOut = await callPool(pool.endpoint, 'GetUser', { AccessToken: accessToken.toString() });
    assert.equal(afterSignOut.status, 400);
    assert.deepEqual(afterSignOut.json, { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
  });

  test('signOut({ global: true }) revokes every session of the user', async () => {
    await signIn(demoUser('bob'));
    const firstAccess = (await tokens())!.accessToken.toString();
    // A second sign-in of the same user, as from another device.
    const other = await callPool(pool.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { USERNAME: 'bob', PASSWORD: demoUser('bob').password },
    });
    assert.equal(other.status, 200);
    await signOut({ global: true });
    for (const token of [firstAccess, other.json!.AuthenticationResult.AccessToken]) {
      const response = await callPool(pool.endpoint, 'GetUser', { AccessToken: token });
      assert.equal(response.json!.message, 'Access Token has been revoked');
    }
    const refresh = await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: other.json!.AuthenticationResult.RefreshToken });
    assert.deepEqual(refresh.json, { __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  test('USER_PASSWORD_AUTH works', async () => {
    const result = await signIn({ ...demoUser('alice'), options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    assert.equal(result.isSignedIn, true);
    assert.equal(decodeJwt((await tokens())!.accessToken.toString()).username, 'alice');
    await signOut();
  });

  test('signUp, then confirmSignUp with the code from the local mailbox, then signIn', async () => {
    const username = `dave${Date.now()}`;
    const password = 'Dave-demo-123';
    const signedUp = await signUp({ username, password, options: { userAttributes: { email: `${username}@example.com` } } });
    assert.equal(signedUp.isSignUpComplete, false);
    assert.equal(signedUp.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
    const early = await signIn({ username, password });
    assert.equal(early.nextStep.signInStep, 'CONFIRM_SIGN_UP', 'an unconfirmed user is sent to confirm first');
    const confirmed = await confirmSignUp({ username, confirmationCode: await latestCode(pool.url, username) });
    assert.equal(confirmed.isSignUpComplete, true);
    const signedIn = await signIn({ username, password });
    assert.equal(signedIn.isSignedIn, true);
    const attributes = await fetchUserAttributes();
    assert.equal(attributes.email_verified, 'true');
    await signOut();
  });

  test('resetPassword and confirmResetPassword, with the code from the mailbox', async () => {
    const username = `erin${Date.now()}`;
    await signUp({ username, password: 'Erin-demo-123', options: { userAttributes: { email: `${username}@example.com` } } });
    await confirmSignUp({ username, confirmationCode: await latestCode(pool.url, username) });
    const reset = await resetPassword({ username });
    assert.equal(reset.nextStep.resetPasswordStep, 'CONFIRM_RESET_PASSWORD_WITH_CODE');
    assert.equal(reset.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
    await confirmResetPassword({ username, newPassword: 'Erin-new-456', confirmationCode: await latestCode(pool.url, username) });
    await assert.rejects(signIn({ username, password: 'Erin-demo-123' }), { name: 'NotAuthorizedException' });
    assert.equal((await signIn({ username, password: 'Erin-new-456' })).isSignedIn, true);
    await signOut();
  });

  test('an admin-created user completes NEW_PASSWORD_REQUIRED through confirmSignIn', async () => {
    const carol = demoUser('carol');
    const first = await signIn(carol);
    assert.equal(first.isSignedIn, false);
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    await assert.rejects(confirmSignIn({ challengeResponse: 'weak' }), { name: 'InvalidPasswordException' });
    const done = await confirmSignIn({ challengeResponse: 'Carol-chosen-2' });
    assert.equal(done.isSignedIn, true);
    assert.equal((await getCurrentUser()).username, 'carol');
    await signOut();
    assert.equal((await signIn({ username: 'carol', password: 'Carol-chosen-2' })).isSignedIn, true);
    await signOut();
  });
});
