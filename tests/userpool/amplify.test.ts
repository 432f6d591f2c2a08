import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { AdminCreateUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
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
import { testClock } from '../helpers/clock.ts';
import { uniqueName } from '../helpers/names.ts';
import { adminClient, assertError, createClient, createUser, passwordSignIn, signUpUser } from '../helpers/pool-actors.ts';
import { callPool, latestCode, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

/**
 * The real aws-amplify v6, configured with nothing but the pool's endpoint,
 * through every flow the tutorial uses. Amplify keeps one signed-in user per
 * process: each test starts signed out, with users of its own.
 *
 * The pool runs on a test clock that starts at the real time and moves only
 * by the second the refresh test needs; admin calls (signed by the SDK with
 * the real clock) stay well inside their 5-minute window for the few seconds
 * this file runs.
 */

const clock = testClock();
let pool: TestUserPool;
let admin: CognitoIdentityProviderClient;

function configureFor(target: TestUserPool, clientId = target.clientId) {
  Amplify.configure({ Auth: { Cognito: { userPoolId: target.poolId, userPoolClientId: clientId, userPoolEndpoint: target.endpoint } } });
}

before(async () => {
  pool = await startUserPool({ now: clock.now });
  admin = adminClient(pool);
  configureFor(pool);
});
beforeEach(async () => {
  await signOut().catch(() => {});
});
after(async () => {
  await signOut().catch(() => {});
  admin.destroy();
  await pool.close({ removeData: true });
});

async function tokens() {
  const session = await fetchAuthSession();
  assert.ok(session.tokens?.accessToken, 'signed in');
  return session.tokens;
}

async function rejectsWith(promise: Promise<unknown>, name: string, message: string) {
  await assert.rejects(promise, (error: Error) => {
    assert.deepEqual({ name: error.name, message: error.message }, { name, message });
    return true;
  });
}

describe('aws-amplify v6 against the local pool', () => {
  test('the default sign-in (USER_SRP_AUTH) succeeds', async () => {
    const user = await createUser(pool, admin);
    const result = await signIn({ username: user.username, password: user.password });
    assert.deepEqual(result, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const current = await getCurrentUser();
    assert.equal(current.username, user.username);
    assert.equal(current.userId, decodeJwt((await tokens())!.idToken!.toString()).sub);
  });

  test('a wrong password is refused with NotAuthorizedException: Incorrect username or password.', async () => {
    const user = await createUser(pool, admin);
    await rejectsWith(signIn({ username: user.username, password: 'Not-the-password-1' }), 'NotAuthorizedException', 'Incorrect username or password.');
  });

  test('fetchUserAttributes reads the user through GetUser', async () => {
    const user = await createUser(pool, admin, { attributes: { name: 'Ada Amplify' } });
    await signIn(user);
    const attributes = await fetchUserAttributes();
    assert.deepEqual({ ...attributes, sub: undefined }, { email: user.email, email_verified: 'true', name: 'Ada Amplify', sub: undefined });
    assert.match(attributes.sub ?? '', /^[0-9a-f-]{36}$/);
  });

  test('fetchAuthSession({ forceRefresh: true }) returns new tokens from the same sign-in', async () => {
    const user = await createUser(pool, admin);
    await signIn(user);
    const first = (await tokens())!;
    // Token times are whole seconds: a second later on the pool's clock, the refreshed tokens' iat is later.
    clock.advance(1000);
    const second = (await fetchAuthSession({ forceRefresh: true })).tokens!;
    assert.notEqual(second.accessToken.toString(), first.accessToken.toString());
    assert.notEqual(second.accessToken.payload.jti, first.accessToken.payload.jti);
    assert.equal(second.accessToken.payload.origin_jti, first.accessToken.payload.origin_jti);
    assert.equal(second.idToken?.payload.origin_jti, first.idToken?.payload.origin_jti);
    assert.equal(second.accessToken.payload.auth_time, first.accessToken.payload.auth_time);
    assert.equal(Number(second.accessToken.payload.iat), Number(first.accessToken.payload.iat) + 1);
  });

  test('signOut() revokes: GetUser with the old access token is then refused', async () => {
    const user = await createUser(pool, admin);
    await signIn(user);
    const accessToken = (await tokens())!.accessToken.toString();
    assert.equal((await callPool(pool.endpoint, 'GetUser', { AccessToken: accessToken })).status, 200);
    await signOut();
    assertError(await callPool(pool.endpoint, 'GetUser', { AccessToken: accessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
  });

  test('signOut({ global: true }) revokes every session of the user', async () => {
    const user = await createUser(pool, admin);
    await signIn(user);
    const firstAccess = (await tokens())!.accessToken.toString();
    // A second sign-in of the same user, as from another device.
    const other = await passwordSignIn(pool, user.username, user.password);
    assert.equal(other.status, 200, other.text);
    await signOut({ global: true });
    for (const token of [firstAccess, other.json!.AuthenticationResult.AccessToken]) {
      assertError(await callPool(pool.endpoint, 'GetUser', { AccessToken: token }), 'NotAuthorizedException', 'Access Token has been revoked');
    }
    const refresh = await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: other.json!.AuthenticationResult.RefreshToken });
    assertError(refresh, 'NotAuthorizedException', 'Refresh Token has been revoked');
  });

  test('USER_PASSWORD_AUTH works', async () => {
    const user = await createUser(pool, admin);
    const result = await signIn({ ...user, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    assert.deepEqual(result, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    assert.equal(decodeJwt((await tokens())!.accessToken.toString()).username, user.username);
  });

  test('signUp, then confirmSignUp with the code from the local mailbox, then signIn', async () => {
    const username = uniqueName('dave');
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
    assert.equal((await fetchUserAttributes()).email_verified, 'true');
  });

  test('resetPassword and confirmResetPassword, with the code from the mailbox', async () => {
    const user = await createUser(pool, admin);
    const reset = await resetPassword({ username: user.username });
    assert.deepEqual(reset, {
      isPasswordReset: false,
      nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'u***@e***', attributeName: 'email' } },
    });
    await confirmResetPassword({ username: user.username, newPassword: 'Erin-new-456', confirmationCode: await latestCode(pool.url, user.username) });
    await rejectsWith(signIn({ username: user.username, password: user.password }), 'NotAuthorizedException', 'Incorrect username or password.');
    assert.equal((await signIn({ username: user.username, password: 'Erin-new-456' })).isSignedIn, true);
  });

  test('an admin-created user completes NEW_PASSWORD_REQUIRED through confirmSignIn', async () => {
    const username = uniqueName('carol');
    await admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, TemporaryPassword: 'Carol-temp-1', MessageAction: 'SUPPRESS' }));
    const first = await signIn({ username, password: 'Carol-temp-1' });
    assert.equal(first.isSignedIn, false);
    assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    await rejectsWith(confirmSignIn({ challengeResponse: 'weak' }), 'InvalidPasswordException', 'Password did not conform with policy: Password not long enough');
    const done = await confirmSignIn({ challengeResponse: 'Carol-chosen-2' });
    assert.equal(done.isSignedIn, true);
    assert.equal((await getCurrentUser()).username, username);
    await signOut();
    assert.equal((await signIn({ username, password: 'Carol-chosen-2' })).isSignedIn, true);
  });

  test('fetchAuthSession() refreshes tokens it finds expired, through the refresh token', async (t) => {
    // Amplify decides expiry with Date.now(), corrected by the drift it
    // measured between its clock and the token's iat at sign-in, so moving the
    // pool's clock alone would not make it see an expired token. This test
    // mocks Date (node:test's mock timers, for this test only) and moves the
    // pool's clock by the same six minutes, past a five-minute lifetime: both
    // sides agree the access token has expired, without waiting.
    // Its own pool and clock, so that the six minutes move no other test's admin calls out of their window.
    const ownClock = testClock();
    const own = await startUserPool({ now: ownClock.now });
    const ownAdmin = adminClient(own);
    try {
      const { clientId } = await createClient(own, ownAdmin, { AccessTokenValidity: 5, IdTokenValidity: 5, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' } });
      const user = await signUpUser(own);
      configureFor(own, clientId);
      await signIn(user);
      const first = (await tokens())!;
      assert.equal(Number(first.accessToken.payload.exp) - Number(first.accessToken.payload.iat), 300);

      t.mock.timers.enable({ apis: ['Date'], now: ownClock.now() });
      t.mock.timers.tick(6 * 60_000);
      ownClock.advance(6 * 60_000);
      assertError(await callPool(own.endpoint, 'GetUser', { AccessToken: first.accessToken.toString() }), 'NotAuthorizedException', 'Access Token has expired');

      const second = (await fetchAuthSession()).tokens!;
      assert.notEqual(second.accessToken.payload.jti, first.accessToken.payload.jti, 'new tokens');
      assert.equal(second.accessToken.payload.origin_jti, first.accessToken.payload.origin_jti, 'of the same sign-in');
      assert.equal(Number(second.accessToken.payload.iat), Math.floor(ownClock.now() / 1000));
      assert.equal((await callPool(own.endpoint, 'GetUser', { AccessToken: second.accessToken.toString() })).json!.Username, user.username);
    } finally {
      await signOut().catch(() => {});
      configureFor(pool);
      ownAdmin.destroy();
      await own.close({ removeData: true });
    }
  });
});
