/**
 * The real aws-amplify v6, configured with nothing but the pool's endpoint,
 * through every flow the tutorial uses. Amplify keeps one signed-in user per
 * process (or page): every case starts signed out, with users of its own.
 *
 * The pool's clock stands still at the time the suite started and moves only
 * by what a case asks (the second the refresh case needs, the six minutes of
 * the expiry case); admin calls are signed at the pool's time.
 *
 * Runtime-neutral: tests/userpool/amplify.test.ts runs these cases against
 * the Node pool over loopback, tests/browser/conformance.spec.ts against the
 * in-browser stack's Service Worker, with Amplify in the page.
 */
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
import type { Case, Suite } from './cases.ts';
import { uniqueName } from './cases.ts';
import { deepEqual, equal, match, notEqual, ok, rejects } from './check.ts';
import { adminCall, assertError, callPool, createClient, createUser, latestCode, passwordSignIn, signUpUser, type PoolTarget } from './pool-target.ts';

let configured: string | undefined;

/** Points Amplify at the pool and an app client (the seeded one unless given); once, not before every case. */
function configureFor(target: PoolTarget, clientId = target.clientId) {
  const settings = { userPoolId: target.poolId, userPoolClientId: clientId, userPoolEndpoint: target.endpoint };
  if (configured === JSON.stringify(settings)) return;
  Amplify.configure({ Auth: { Cognito: settings } });
  configured = JSON.stringify(settings);
}

async function tokens() {
  const session = await fetchAuthSession();
  ok(session.tokens?.accessToken, 'signed in');
  return session.tokens;
}

async function rejectsWith(promise: Promise<unknown>, name: string, message: string) {
  await rejects(
    promise,
    (error) => deepEqual({ name: (error as Error).name, message: (error as Error).message }, { name, message }, 'the error'),
    `expected ${name}`,
  );
}

const cases: Case<PoolTarget>[] = [
  {
    name: 'the default sign-in (USER_SRP_AUTH) succeeds',
    async run(target) {
      const user = await createUser(target);
      const result = await signIn({ username: user.username, password: user.password });
      deepEqual(result, { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, 'signIn');
      const current = await getCurrentUser();
      equal(current.username, user.username, 'the current user');
      equal(current.userId, decodeJwt((await tokens())!.idToken!.toString()).sub, 'the user id is the ID token sub');
    },
  },
  {
    name: 'a wrong password is refused with NotAuthorizedException: Incorrect username or password.',
    async run(target) {
      const user = await createUser(target);
      await rejectsWith(signIn({ username: user.username, password: 'Not-the-password-1' }), 'NotAuthorizedException', 'Incorrect username or password.');
    },
  },
  {
    name: 'fetchUserAttributes reads the user through GetUser',
    async run(target) {
      const user = await createUser(target, { attributes: { name: 'Ada Amplify' } });
      await signIn(user);
      const attributes = await fetchUserAttributes();
      deepEqual({ ...attributes, sub: undefined }, { email: user.email, email_verified: 'true', name: 'Ada Amplify', sub: undefined }, 'the attributes');
      match(attributes.sub ?? '', /^[0-9a-f-]{36}$/, 'sub');
    },
  },
  {
    name: 'fetchAuthSession({ forceRefresh: true }) returns new tokens from the same sign-in',
    async run(target) {
      const user = await createUser(target);
      await signIn(user);
      const first = (await tokens())!;
      // Token times are whole seconds: a second later on the pool's clock, the refreshed tokens' iat is later.
      await target.clock.advance(1000);
      const second = (await fetchAuthSession({ forceRefresh: true })).tokens!;
      notEqual(second.accessToken.toString(), first.accessToken.toString(), 'a new access token');
      notEqual(second.accessToken.payload.jti, first.accessToken.payload.jti, 'a new jti');
      equal(second.accessToken.payload.origin_jti, first.accessToken.payload.origin_jti, 'the access token origin_jti');
      equal(second.idToken?.payload.origin_jti, first.idToken?.payload.origin_jti, 'the ID token origin_jti');
      equal(second.accessToken.payload.auth_time, first.accessToken.payload.auth_time, 'auth_time');
      equal(Number(second.accessToken.payload.iat), Number(first.accessToken.payload.iat) + 1, 'iat');
    },
  },
  {
    name: 'signOut() revokes: GetUser with the old access token is then refused',
    async run(target) {
      const user = await createUser(target);
      await signIn(user);
      const accessToken = (await tokens())!.accessToken.toString();
      equal((await callPool(target, 'GetUser', { AccessToken: accessToken })).status, 200, 'GetUser before signOut');
      await signOut();
      assertError(await callPool(target, 'GetUser', { AccessToken: accessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
    },
  },
  {
    name: 'signOut({ global: true }) revokes every session of the user',
    async run(target) {
      const user = await createUser(target);
      await signIn(user);
      const firstAccess = (await tokens())!.accessToken.toString();
      // A second sign-in of the same user, as from another device.
      const other = await passwordSignIn(target, user.username, user.password);
      equal(other.status, 200, other.text);
      await signOut({ global: true });
      for (const token of [firstAccess, other.json!.AuthenticationResult.AccessToken]) {
        assertError(await callPool(target, 'GetUser', { AccessToken: token }), 'NotAuthorizedException', 'Access Token has been revoked');
      }
      const refresh = await callPool(target, 'GetTokensFromRefreshToken', {
        ClientId: target.clientId,
        RefreshToken: other.json!.AuthenticationResult.RefreshToken,
      });
      assertError(refresh, 'NotAuthorizedException', 'Refresh Token has been revoked');
    },
  },
  {
    name: 'USER_PASSWORD_AUTH works',
    async run(target) {
      const user = await createUser(target);
      const result = await signIn({ ...user, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      deepEqual(result, { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, 'signIn');
      equal(decodeJwt((await tokens())!.accessToken.toString()).username, user.username, 'the access token username');
    },
  },
  {
    name: 'signUp, then confirmSignUp with the code from the local mailbox, then signIn',
    async run(target) {
      const username = uniqueName('dave');
      const password = 'Dave-demo-123';
      const signedUp = await signUp({ username, password, options: { userAttributes: { email: `${username}@example.com` } } });
      equal(signedUp.isSignUpComplete, false, 'isSignUpComplete');
      equal(signedUp.nextStep.signUpStep, 'CONFIRM_SIGN_UP', 'signUpStep');
      const early = await signIn({ username, password });
      equal(early.nextStep.signInStep, 'CONFIRM_SIGN_UP', 'an unconfirmed user is sent to confirm first');
      const confirmed = await confirmSignUp({ username, confirmationCode: await latestCode(target, username) });
      equal(confirmed.isSignUpComplete, true, 'confirmed');
      const signedIn = await signIn({ username, password });
      equal(signedIn.isSignedIn, true, 'signed in');
      equal((await fetchUserAttributes()).email_verified, 'true', 'email_verified');
    },
  },
  {
    name: 'resetPassword and confirmResetPassword, with the code from the mailbox',
    async run(target) {
      const user = await createUser(target);
      const reset = await resetPassword({ username: user.username });
      deepEqual(
        reset,
        {
          isPasswordReset: false,
          nextStep: {
            resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
            codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'u***@e***', attributeName: 'email' },
          },
        },
        'resetPassword',
      );
      await confirmResetPassword({ username: user.username, newPassword: 'Erin-new-456', confirmationCode: await latestCode(target, user.username) });
      await rejectsWith(signIn({ username: user.username, password: user.password }), 'NotAuthorizedException', 'Incorrect username or password.');
      equal((await signIn({ username: user.username, password: 'Erin-new-456' })).isSignedIn, true, 'signed in with the new password');
    },
  },
  {
    name: 'an admin-created user completes NEW_PASSWORD_REQUIRED through confirmSignIn',
    async run(target) {
      const username = uniqueName('carol');
      await adminCall(target, 'AdminCreateUser', {
        UserPoolId: target.poolId,
        Username: username,
        TemporaryPassword: 'Carol-temp-1',
        MessageAction: 'SUPPRESS',
      });
      const first = await signIn({ username, password: 'Carol-temp-1' });
      equal(first.isSignedIn, false, 'not signed in yet');
      equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', 'signInStep');
      await rejectsWith(
        confirmSignIn({ challengeResponse: 'weak' }),
        'InvalidPasswordException',
        'Password did not conform with policy: Password not long enough',
      );
      const done = await confirmSignIn({ challengeResponse: 'Carol-chosen-2' });
      equal(done.isSignedIn, true, 'signed in');
      equal((await getCurrentUser()).username, username, 'the current user');
      await signOut();
      equal((await signIn({ username, password: 'Carol-chosen-2' })).isSignedIn, true, 'signed in with the chosen password');
    },
  },
  {
    name: 'fetchAuthSession() refreshes tokens it finds expired, through the refresh token',
    async run(target) {
      // Amplify decides expiry with Date.now(), corrected by the drift it
      // measured between its clock and the token's iat at sign-in, so moving
      // the pool's clock alone would not make it see an expired token. The
      // client's Date stands still at the pool's time from before the sign-in
      // (no drift), then both move by the same six minutes, past a
      // five-minute lifetime: both sides agree the access token has expired,
      // without waiting.
      const { clientId } = await createClient(target, {
        AccessTokenValidity: 5,
        IdTokenValidity: 5,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' },
      });
      const user = await signUpUser(target);
      configureFor(target, clientId);
      target.clientDate.freeze(await target.clock.now());
      try {
        await signIn(user);
        const first = (await tokens())!;
        equal(Number(first.accessToken.payload.exp) - Number(first.accessToken.payload.iat), 300, 'a five-minute lifetime');

        target.clientDate.advance(6 * 60_000);
        await target.clock.advance(6 * 60_000);
        assertError(await callPool(target, 'GetUser', { AccessToken: first.accessToken.toString() }), 'NotAuthorizedException', 'Access Token has expired');

        const second = (await fetchAuthSession()).tokens!;
        notEqual(second.accessToken.payload.jti, first.accessToken.payload.jti, 'new tokens');
        equal(second.accessToken.payload.origin_jti, first.accessToken.payload.origin_jti, 'of the same sign-in');
        equal(Number(second.accessToken.payload.iat), Math.floor((await target.clock.now()) / 1000), 'issued now');
        equal((await callPool(target, 'GetUser', { AccessToken: second.accessToken.toString() })).json!.Username, user.username, 'GetUser with the new token');
      } finally {
        await signOut().catch(() => {});
        target.clientDate.restore();
        configureFor(target);
      }
    },
  },
];

export const amplifySuite: Suite<PoolTarget> = {
  name: 'aws-amplify v6 against the pool',
  cases,
  async beforeEach(target) {
    configureFor(target);
    await signOut().catch(() => {});
  },
};
