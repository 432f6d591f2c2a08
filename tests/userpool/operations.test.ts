import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { OPERATIONS } from '../../src/stack/userpool/operations/index.ts';
import { testClock } from '../helpers/clock.ts';
import { uniqueName } from '../helpers/names.ts';
import {
  adminClient,
  assertError,
  assertShape,
  createClient,
  createUser,
  DELIVERED,
  passwordSignIn,
  REFRESHED,
  SIGNED_IN,
  signUpUser,
  srpSignIn,
  tokensOf,
  UUID,
  type TestUser,
  type Tokens,
} from '../helpers/pool-actors.ts';
import { callPool, latestCode, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

/**
 * Every operation the pool answers (OPERATIONS), over HTTP: a success, its
 * main Cognito errors, and, for each that takes an access token, that token
 * refused with Cognito's exact answer once revoked in each of the four ways.
 *
 * COVERAGE below is the table: for each operation, the tests of its
 * successes and of its errors, here or in another file of tests/userpool.
 * The guard tests at the end fail when an operation in OPERATIONS has no
 * entry (so a new operation cannot go untested), when an entry lacks a
 * success or an error, when a test it names does not exist, and when the
 * pool's own answers show an operation to be signed, or to take an access
 * token, without the table covering it so.
 *
 * Two pools, each test making its own users and clients: `pool` keeps the
 * real clock, because the SDK signs admin calls with it, and nothing asserted
 * on it depends on time passing; `timed` runs on a clock the tests move by
 * hand (expiry, lockout) and takes admin calls only in `before`, while its
 * clock is still the real time.
 */

const HERE = 'operations.test.ts';
const clock = testClock();
let pool: TestUserPool;
let admin: CognitoIdentityProviderClient;
let timed: TestUserPool;

before(async () => {
  pool = await startUserPool();
  admin = adminClient(pool);
  timed = await startUserPool({ now: clock.now });
});
after(async () => {
  admin.destroy();
  await pool.close({ removeData: true });
  await timed.close({ removeData: true });
});

const call = (operation: string, body: Record<string, unknown>, on: TestUserPool = pool) => callPool(on.endpoint, operation, body);
const INCORRECT = ['NotAuthorizedException', 'Incorrect username or password.'] as const;
const MASKED = 'u***@e***'; // every test user is user-…@example.com

// ─── The table ──────────────────────────────────────────────────────────────

type Kind = 'success' | 'error';
interface TestRef {
  file: string;
  title: string;
}
interface Coverage {
  success: TestRef[];
  errors: TestRef[];
}

const COVERAGE = new Map<string, Coverage>();
/** Titles of the tests this file registers, for the guard to check the table's references against. */
const REGISTERED = new Set<string>();

function cover(operation: string, kind: Kind, ref: TestRef): void {
  const entry = COVERAGE.get(operation) ?? { success: [], errors: [] };
  (kind === 'success' ? entry.success : entry.errors).push(ref);
  COVERAGE.set(operation, entry);
}

/** A test of this file, entered in the table for each operation it covers. */
function covering(operations: string | string[], kind: Kind, title: string, run: () => Promise<void>): void {
  for (const operation of [operations].flat()) cover(operation, kind, { file: HERE, title });
  REGISTERED.add(title);
  test(title, run);
}

/** Tests in other files of tests/userpool that cover an operation. */
function coveredIn(file: string, operation: string, kind: Kind, titles: string[]): void {
  for (const title of titles) cover(operation, kind, { file, title });
}

/** Operations that must be signed with SigV4 (the admin API). */
const SIGNED = [
  'CreateUserPool',
  'DescribeUserPool',
  'CreateUserPoolClient',
  'DescribeUserPoolClient',
  'UpdateUserPoolClient',
  'AdminCreateUser',
  'AdminSetUserPassword',
  'AdminConfirmSignUp',
  'AdminGetUser',
  'ListUsers',
  'AdminDeleteUser',
  'AdminDisableUser',
  'AdminEnableUser',
  'AdminUserGlobalSignOut',
  'CreateGroup',
  'ListGroups',
  'AdminAddUserToGroup',
  'AdminRemoveUserFromGroup',
];

/** Operations that take an access token: each call, for a user and their current access token. */
const WITH_ACCESS_TOKEN = new Map<string, (accessToken: string, user: TestUser) => Record<string, unknown>>([
  ['GetUser', (AccessToken) => ({ AccessToken })],
  ['GlobalSignOut', (AccessToken) => ({ AccessToken })],
  ['ChangePassword', (AccessToken, user) => ({ AccessToken, PreviousPassword: user.password, ProposedPassword: 'Changed-pass-2' })],
  ['UpdateUserAttributes', (AccessToken) => ({ AccessToken, UserAttributes: [{ Name: 'name', Value: 'Never Written' }] })],
  ['GetUserAttributeVerificationCode', (AccessToken) => ({ AccessToken, AttributeName: 'email' })],
  ['VerifyUserAttribute', (AccessToken) => ({ AccessToken, AttributeName: 'email', Code: '123456' })],
  ['DeleteUser', (AccessToken) => ({ AccessToken })],
]);

/** Operations that name an app client, each with an otherwise plausible body. */
const WITH_CLIENT_ID = new Map<string, Record<string, unknown>>([
  ['InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-demo-1' } }],
  [
    'RespondToAuthChallenge',
    {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: 'alice', PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA', TIMESTAMP: 'x', PASSWORD_CLAIM_SIGNATURE: 'AAAA' },
    },
  ],
  ['GetTokensFromRefreshToken', { RefreshToken: 'a.b.c.d.e' }],
  ['RevokeToken', { Token: 'a.b.c.d.e' }],
  ['SignUp', { Username: 'someone', Password: 'Valid-pass-1' }],
  ['ConfirmSignUp', { Username: 'someone', ConfirmationCode: '123456' }],
  ['ResendConfirmationCode', { Username: 'someone' }],
  ['ForgotPassword', { Username: 'someone' }],
  ['ConfirmForgotPassword', { Username: 'someone', ConfirmationCode: '123456', Password: 'Valid-pass-1' }],
]);

/** The four ways a user's tokens get revoked. */
const REVOCATIONS = new Map<string, (user: TestUser, tokens: Tokens) => Promise<void>>([
  [
    'GlobalSignOut',
    async (_user, tokens) => {
      const response = await call('GlobalSignOut', { AccessToken: tokens.AccessToken });
      assertShape(response.json, {});
    },
  ],
  [
    'RevokeToken of its refresh token',
    async (_user, tokens) => {
      const response = await call('RevokeToken', { ClientId: pool.clientId, Token: tokens.RefreshToken });
      assertShape(response.json, {});
    },
  ],
  ['AdminUserGlobalSignOut', async (user) => void (await admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.poolId, Username: user.username })))],
  ['AdminDisableUser', async (user) => void (await admin.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: user.username })))],
]);

async function mailCount(on: TestUserPool, username: string): Promise<number> {
  const { messages } = (await (await fetch(`${on.url}/_local/mailbox?username=${encodeURIComponent(username)}&limit=200`)).json()) as { messages: unknown[] };
  return messages.length;
}

async function storedUser(username: string) {
  const { UserAttributes, UserStatus } = await admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: username }));
  return { UserAttributes, UserStatus };
}

// ─── Operations that take an access token: refused tokens ───────────────────

describe('an access token that is no longer good is refused by every operation that takes one', () => {
  for (const [operation, body] of WITH_ACCESS_TOKEN) {
    for (const [revocation, revoke] of REVOCATIONS) {
      covering(operation, 'error', `${operation} with an access token revoked by ${revocation}: NotAuthorizedException, and nothing done`, async () => {
        const user = await createUser(pool, admin);
        const tokens = await tokensOf(pool, user);
        assert.equal((await call('GetUser', { AccessToken: tokens.AccessToken })).status, 200, 'good before');
        await revoke(user, tokens);
        const before = { stored: await storedUser(user.username), mail: await mailCount(pool, user.username) };
        assertError(await call(operation, body(tokens.AccessToken, user)), 'NotAuthorizedException', 'Access Token has been revoked');
        assert.deepEqual(
          { stored: await storedUser(user.username), mail: await mailCount(pool, user.username) },
          before,
          'the user and their mail are as they were',
        );
      });
    }

    covering(operation, 'error', `${operation} with a string that is no token, or with an ID token: Invalid Access Token`, async () => {
      const user = await createUser(pool, admin);
      const tokens = await tokensOf(pool, user);
      for (const token of ['not.a.token', tokens.IdToken, `${tokens.AccessToken.slice(0, -4)}AAAA`]) {
        assertError(await call(operation, body(token, user)), 'NotAuthorizedException', 'Invalid Access Token');
      }
    });

    covering(operation, 'error', `${operation} with an access token an hour old: Access Token has expired`, async () => {
      const user = await signUpUser(timed);
      const tokens = await tokensOf(timed, user);
      clock.advance(60 * 60_000);
      assertError(await call(operation, body(tokens.AccessToken, user), timed), 'NotAuthorizedException', 'Access Token has expired');
    });
  }
});

// ─── Refresh tokens revoked ─────────────────────────────────────────────────

describe('a revoked refresh token is refused by both ways of refreshing', () => {
  const refreshes = new Map<string, (refreshToken: string) => Promise<Awaited<ReturnType<typeof call>>>>([
    ['GetTokensFromRefreshToken', (RefreshToken) => call('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken })],
    ['InitiateAuth', (REFRESH_TOKEN) => call('InitiateAuth', { ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN } })],
  ]);
  for (const [operation, refresh] of refreshes) {
    for (const [revocation, revoke] of REVOCATIONS) {
      covering(operation, 'error', `${operation} with a refresh token revoked by ${revocation}: NotAuthorizedException`, async () => {
        const user = await createUser(pool, admin);
        const tokens = await tokensOf(pool, user);
        await revoke(user, tokens);
        assertError(await refresh(tokens.RefreshToken), 'NotAuthorizedException', 'Refresh Token has been revoked');
      });
    }
  }
});

// ─── Generic refusals ───────────────────────────────────────────────────────

describe('admin operations refuse an unsigned call', () => {
  for (const operation of SIGNED) {
    covering(operation, 'error', `${operation} without a signature: MissingAuthenticationTokenException`, async () => {
      assertError(await call(operation, { UserPoolId: pool.poolId }), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    });
  }
});

describe('client operations refuse an app client that does not exist', () => {
  for (const [operation, body] of WITH_CLIENT_ID) {
    covering(operation, 'error', `${operation} for an app client that does not exist: ResourceNotFoundException`, async () => {
      assertError(await call(operation, { ...body, ClientId: 'nosuchclient' }), 'ResourceNotFoundException', 'User pool client nosuchclient does not exist.');
    });
  }
});

// ─── Sign-in and tokens ─────────────────────────────────────────────────────

describe('InitiateAuth', () => {
  covering('InitiateAuth', 'success', 'InitiateAuth with USER_PASSWORD_AUTH: tokens in Cognito’s envelope', async () => {
    const user = await createUser(pool, admin);
    const response = await passwordSignIn(pool, user.username, user.password);
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, SIGNED_IN);
    assert.equal(decodeJwt(response.json!.AuthenticationResult.AccessToken).username, user.username);
  });

  covering('InitiateAuth', 'error', 'InitiateAuth refuses a disabled user, an unconfirmed one and one who must reset the password, in both flows', async () => {
    const disabled = await createUser(pool, admin);
    await admin.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: disabled.username }));
    assertError(await passwordSignIn(pool, disabled.username, disabled.password), 'NotAuthorizedException', 'User is disabled.');
    assertError((await srpSignIn(pool, disabled.username, disabled.password)).answered, 'NotAuthorizedException', 'User is disabled.');
    assertError(await passwordSignIn(pool, disabled.username, 'Wrong-pass-1'), ...INCORRECT, 'a wrong password says only that');

    const unconfirmed = uniqueName('user');
    assert.equal((await call('SignUp', { ClientId: pool.clientId, Username: unconfirmed, Password: 'Valid-pass-1' })).status, 200);
    assertError(await passwordSignIn(pool, unconfirmed, 'Valid-pass-1'), 'UserNotConfirmedException', 'User is not confirmed.');
    assertError(
      await passwordSignIn(pool, unconfirmed, 'Wrong-pass-1'),
      'UserNotConfirmedException',
      'User is not confirmed.',
      'before the password is checked, as Cognito',
    );
    assertError((await srpSignIn(pool, unconfirmed, 'Valid-pass-1')).answered, 'UserNotConfirmedException', 'User is not confirmed.');

    // No operation of the pool sets RESET_REQUIRED (AdminResetUserPassword is not offered); an import would.
    const reset = await createUser(pool, admin);
    const { store } = pool.pool;
    store.putUser({ ...store.getUser(pool.poolId, reset.username)!, status: 'RESET_REQUIRED' });
    assertError(await passwordSignIn(pool, reset.username, reset.password), 'PasswordResetRequiredException', 'Password reset required for the user');
    assertError((await srpSignIn(pool, reset.username, reset.password)).answered, 'PasswordResetRequiredException', 'Password reset required for the user');
  });

  covering('InitiateAuth', 'error', 'InitiateAuth refuses a flow the client does not allow, and missing parameters', async () => {
    const { clientId } = await createClient(pool, admin, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] });
    const user = await createUser(pool, admin);
    assertError(
      await passwordSignIn(pool, user.username, user.password, { clientId }),
      'InvalidParameterException',
      'USER_PASSWORD_AUTH flow not enabled for this client',
    );
    const { RefreshToken } = await tokensOf(pool, user);
    assertError(
      await call('InitiateAuth', { ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken } }),
      'InvalidParameterException',
      'REFRESH_TOKEN_AUTH flow not enabled for this client',
    );
    const initiate = (AuthFlow: string, AuthParameters: Record<string, string>) => call('InitiateAuth', { ClientId: pool.clientId, AuthFlow, AuthParameters });
    assertError(await initiate('USER_PASSWORD_AUTH', { USERNAME: user.username }), 'InvalidParameterException', 'Missing required parameter PASSWORD');
    assertError(await initiate('USER_SRP_AUTH', { USERNAME: user.username }), 'InvalidParameterException', 'Missing required parameter SRP_A');
    assertError(await initiate('REFRESH_TOKEN_AUTH', {}), 'InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
  });

  covering('InitiateAuth', 'error', 'InitiateAuth with a refresh token that is not one, or another client’s: Invalid Refresh Token.', async () => {
    const { clientId } = await createClient(pool, admin);
    const user = await createUser(pool, admin);
    const { RefreshToken } = await tokensOf(pool, user, clientId);
    for (const token of [RefreshToken, 'a.b.c.d.e']) {
      assertError(
        await call('InitiateAuth', { ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } }),
        'NotAuthorizedException',
        'Invalid Refresh Token.',
      );
    }
  });
});
coveredIn('sign-in-rules.test.ts', 'InitiateAuth', 'success', ['the challenge carries what Amplify needs, with the internal username as USER_ID_FOR_SRP']);
coveredIn('tokens.test.ts', 'InitiateAuth', 'success', ['REFRESH_TOKEN_AUTH returns new ID and access tokens but no new refresh token']);
coveredIn('sdk-admin.test.ts', 'InitiateAuth', 'success', ['AdminCreateUser makes a FORCE_CHANGE_PASSWORD user, who must choose a password at first sign-in']);
coveredIn('existence.test.ts', 'InitiateAuth', 'error', [
  'sign-in: the same error in both flows, and the same lockout after five failures',
  'every account call says UserNotFoundException for a name without an account',
]);
coveredIn('sign-in-rules.test.ts', 'InitiateAuth', 'error', [
  'five failures lock the user for 1 s, then 2 s; attempts meanwhile fail with "Password attempts exceeded"',
]);
coveredIn('secret-clients.test.ts', 'InitiateAuth', 'error', [
  'USER_PASSWORD_AUTH: the right SECRET_HASH signs in; a wrong or missing one is NotAuthorizedException',
]);
coveredIn('bad-input.test.ts', 'InitiateAuth', 'error', ['an SRP_A of zero modulo N', 'an AuthFlow outside the enum']);

describe('RespondToAuthChallenge', () => {
  async function newPasswordSession(): Promise<{ username: string; session: string }> {
    const username = uniqueName('user');
    await admin.send(
      new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, TemporaryPassword: 'Temporary-pass1', MessageAction: 'SUPPRESS' }),
    );
    const started = await passwordSignIn(pool, username, 'Temporary-pass1');
    assert.equal(started.json!.ChallengeName, 'NEW_PASSWORD_REQUIRED', started.text);
    return { username, session: started.json!.Session };
  }
  const answerNewPassword = (session: string | undefined, responses: Record<string, string>) =>
    call('RespondToAuthChallenge', {
      ClientId: pool.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ...(session && { Session: session }),
      ChallengeResponses: responses,
    });

  covering(
    'RespondToAuthChallenge',
    'success',
    'NEW_PASSWORD_REQUIRED answered with a new password: tokens, a confirmed user, and the new password signs in',
    async () => {
      const { username, session } = await newPasswordSession();
      const answered = await answerNewPassword(session, { USERNAME: username, NEW_PASSWORD: 'Chosen-pass-1' });
      assert.equal(answered.status, 200, answered.text);
      assertShape(answered.json, SIGNED_IN);
      assert.equal((await storedUser(username)).UserStatus, 'CONFIRMED');
      assertShape((await passwordSignIn(pool, username, 'Chosen-pass-1')).json, SIGNED_IN);
      assertError(await passwordSignIn(pool, username, 'Temporary-pass1'), ...INCORRECT);
    },
  );

  covering(
    'RespondToAuthChallenge',
    'error',
    'NEW_PASSWORD_REQUIRED refuses an answer without a session or a new password, a weak password, and a session already answered',
    async () => {
      const { username, session } = await newPasswordSession();
      assertError(
        await answerNewPassword(undefined, { USERNAME: username, NEW_PASSWORD: 'Chosen-pass-1' }),
        'InvalidParameterException',
        'Missing required parameter Session',
      );
      assertError(await answerNewPassword(session, { USERNAME: username }), 'InvalidParameterException', 'Missing required parameter NEW_PASSWORD');
      assertError(
        await answerNewPassword(session, { USERNAME: username, NEW_PASSWORD: 'weak' }),
        'InvalidPasswordException',
        'Password did not conform with policy: Password not long enough',
      );
      assertShape((await answerNewPassword(session, { USERNAME: username, NEW_PASSWORD: 'Chosen-pass-1' })).json, SIGNED_IN, 'the refusals spent nothing');
      assertError(
        await answerNewPassword(session, { USERNAME: username, NEW_PASSWORD: 'Chosen-pass-2' }),
        'NotAuthorizedException',
        'Invalid session for the user.',
      );
    },
  );

  covering(
    'RespondToAuthChallenge',
    'error',
    'RespondToAuthChallenge refuses a challenge the pool does not offer, a missing signature, and one kind of session for another',
    async () => {
      const respond = (ChallengeName: string, ChallengeResponses: Record<string, string>, extra: Record<string, string> = {}) =>
        call('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName, ChallengeResponses, ...extra });
      assertError(
        await respond('SMS_MFA', { USERNAME: 'someone', SMS_MFA_CODE: '123456' }, { Session: 'x' }),
        'InvalidParameterException',
        'The challenge SMS_MFA is not supported by this user pool.',
      );
      const user = await createUser(pool, admin);
      const started = await call('InitiateAuth', {
        ClientId: pool.clientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: user.username, SRP_A: 'ab'.repeat(64) },
      });
      const { SECRET_BLOCK } = started.json!.ChallengeParameters;
      assertError(
        await respond('PASSWORD_VERIFIER', { USERNAME: user.username, PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK, TIMESTAMP: 'Tue Nov 3 04:05:06 UTC 2026' }),
        'InvalidParameterException',
        'Missing required parameter PASSWORD_CLAIM_SIGNATURE',
      );
      const { session } = await newPasswordSession();
      assertError(
        await respond('PASSWORD_VERIFIER', {
          USERNAME: user.username,
          PASSWORD_CLAIM_SECRET_BLOCK: session,
          TIMESTAMP: 'Tue Nov 3 04:05:06 UTC 2026',
          PASSWORD_CLAIM_SIGNATURE: 'AAAA',
        }),
        'NotAuthorizedException',
        'Invalid session for the user.',
      );
      assertError(
        await respond('NEW_PASSWORD_REQUIRED', { USERNAME: user.username, NEW_PASSWORD: 'Chosen-pass-1' }, { Session: SECRET_BLOCK }),
        'NotAuthorizedException',
        'Invalid session for the user.',
      );
    },
  );
});
coveredIn('sign-in-rules.test.ts', 'RespondToAuthChallenge', 'success', ['a correct proof gets tokens; a wrong password gets NotAuthorizedException']);
coveredIn('email-alias.test.ts', 'RespondToAuthChallenge', 'success', [
  'confirmed by email, the user signs in with the email through USER_PASSWORD_AUTH and SRP',
]);
coveredIn('sign-in-rules.test.ts', 'RespondToAuthChallenge', 'error', [
  'a challenge can be answered once only',
  "a challenge expires after the client's auth session validity (3 minutes)",
  'an unknown user gets a decoy challenge, stable per name, that can only fail',
  'a password changed between challenge and answer invalidates the proof',
]);
coveredIn('challenges.test.ts', 'RespondToAuthChallenge', 'error', ['changed by one bit, or answered for another client, is an invalid session']);
coveredIn('attributes.test.ts', 'RespondToAuthChallenge', 'error', ['userAttributes.cognito:groups=admin is refused, and nothing is written']);
coveredIn('secret-clients.test.ts', 'RespondToAuthChallenge', 'error', [
  'USER_SRP_AUTH: SECRET_HASH in InitiateAuth and again in the answer; without it either step is NotAuthorizedException',
]);

describe('GetTokensFromRefreshToken', () => {
  covering('GetTokensFromRefreshToken', 'success', 'GetTokensFromRefreshToken: new ID and access tokens of the same sign-in', async () => {
    const user = await createUser(pool, admin);
    const tokens = await tokensOf(pool, user);
    const response = await call('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: tokens.RefreshToken });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, { AuthenticationResult: REFRESHED });
    const [before, after] = [decodeJwt(tokens.AccessToken), decodeJwt(response.json!.AuthenticationResult.AccessToken)];
    assert.deepEqual(
      [after.origin_jti, after.event_id, after.auth_time, after.username],
      [before.origin_jti, before.event_id, before.auth_time, user.username],
    );
    assert.notEqual(after.jti, before.jti);
    assert.equal((await call('GetUser', { AccessToken: response.json!.AuthenticationResult.AccessToken })).json!.Username, user.username);
  });

  covering('GetTokensFromRefreshToken', 'error', 'GetTokensFromRefreshToken with another client’s refresh token, or none: Cognito’s errors', async () => {
    const { clientId } = await createClient(pool, admin);
    const user = await createUser(pool, admin);
    const { RefreshToken } = await tokensOf(pool, user, clientId);
    assertError(await call('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken }), 'NotAuthorizedException', 'Invalid Refresh Token.');
    assertError(
      await call('GetTokensFromRefreshToken', { ClientId: pool.clientId }),
      'InvalidParameterException',
      "1 validation error detected: Value null at 'refreshToken' failed to satisfy constraint: Member must not be null",
    );
  });
});
coveredIn('tokens.test.ts', 'GetTokensFromRefreshToken', 'error', ['a forged or altered refresh token is refused']);
coveredIn('sign-in-rules.test.ts', 'GetTokensFromRefreshToken', 'error', ['a refresh token stops working after 30 days']);
coveredIn('secret-clients.test.ts', 'GetTokensFromRefreshToken', 'success', [
  'GetTokensFromRefreshToken: the right ClientSecret refreshes; a wrong or missing one is NotAuthorizedException',
]);
coveredIn('secret-clients.test.ts', 'GetTokensFromRefreshToken', 'error', [
  'GetTokensFromRefreshToken: the right ClientSecret refreshes; a wrong or missing one is NotAuthorizedException',
]);

describe('GetUser', () => {
  covering('GetUser', 'success', 'GetUser: the username and attributes, and no MFA', async () => {
    const user = await createUser(pool, admin, { attributes: { name: 'Gus Getter' } });
    const { AccessToken } = await tokensOf(pool, user);
    const response = await call('GetUser', { AccessToken });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, {
      Username: user.username,
      UserAttributes: [
        { Name: 'email', Value: user.email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Gus Getter' },
        { Name: 'sub', Value: UUID },
      ],
      MFAOptions: [],
      UserMFASettingList: [],
    });
  });
});
coveredIn('sign-in-rules.test.ts', 'GetUser', 'error', ['an access token expires after an hour: GetUser then says so']);

describe('RevokeToken', () => {
  covering('RevokeToken', 'success', 'RevokeToken revokes one sign-in’s tokens and no other’s; revoking again is no error', async () => {
    const user = await createUser(pool, admin);
    const [revoked, kept] = [await tokensOf(pool, user), await tokensOf(pool, user)];
    const response = await call('RevokeToken', { ClientId: pool.clientId, Token: revoked.RefreshToken });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, {});
    assertError(await call('GetUser', { AccessToken: revoked.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
    assertError(
      await call('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: revoked.RefreshToken }),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
    assert.equal((await call('GetUser', { AccessToken: kept.AccessToken })).status, 200, 'another sign-in of the same user stays');
    assertShape((await call('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: kept.RefreshToken })).json, {
      AuthenticationResult: REFRESHED,
    });
    assertShape((await call('RevokeToken', { ClientId: pool.clientId, Token: revoked.RefreshToken })).json, {}, 'revocation is idempotent');
  });

  covering('RevokeToken', 'error', 'RevokeToken refuses an access token, another client’s refresh token, and a client that does not revoke', async () => {
    const user = await createUser(pool, admin);
    const tokens = await tokensOf(pool, user);
    assertError(
      await call('RevokeToken', { ClientId: pool.clientId, Token: tokens.AccessToken }),
      'UnsupportedTokenTypeException',
      'Only refresh tokens can be revoked.',
    );
    const { clientId: other } = await createClient(pool, admin);
    assertError(
      await call('RevokeToken', { ClientId: other, Token: tokens.RefreshToken }),
      'UnauthorizedException',
      'The refresh token was not issued to this client.',
    );
    const { clientId: noRevocation } = await createClient(pool, admin, { EnableTokenRevocation: false });
    const own = await tokensOf(pool, user, noRevocation);
    assertError(
      await call('RevokeToken', { ClientId: noRevocation, Token: own.RefreshToken }),
      'UnsupportedOperationException',
      'Token revocation is not enabled for this app client.',
    );
    assert.equal((await call('GetUser', { AccessToken: tokens.AccessToken })).status, 200, 'nothing was revoked');
  });
});
coveredIn('secret-clients.test.ts', 'RevokeToken', 'error', [
  'RevokeToken: the right ClientSecret revokes; a wrong or missing one is UnauthorizedException, and revokes nothing',
]);

describe('GlobalSignOut', () => {
  covering('GlobalSignOut', 'success', 'GlobalSignOut revokes every sign-in of the user, and no other user’s; signing in again works', async () => {
    const [user, other] = [await createUser(pool, admin), await createUser(pool, admin)];
    const sessions = [await tokensOf(pool, user), await tokensOf(pool, user)];
    const others = await tokensOf(pool, other);
    const response = await call('GlobalSignOut', { AccessToken: sessions[0]!.AccessToken });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, {});
    for (const tokens of sessions) {
      assertError(await call('GetUser', { AccessToken: tokens.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
      assertError(
        await call('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: tokens.RefreshToken }),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      );
    }
    assert.equal((await call('GetUser', { AccessToken: others.AccessToken })).status, 200);
    const again = await tokensOf(pool, user);
    assert.equal((await call('GetUser', { AccessToken: again.AccessToken })).json!.Username, user.username);
  });
});

// ─── Account ────────────────────────────────────────────────────────────────

describe('SignUp', () => {
  covering('SignUp', 'success', 'SignUp makes an unconfirmed user and mails a code to the address; without an address, no code', async () => {
    const username = uniqueName('user');
    const response = await call('SignUp', {
      ClientId: pool.clientId,
      Username: username,
      Password: 'Valid-pass-1',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, { UserConfirmed: false, UserSub: UUID, CodeDeliveryDetails: DELIVERED(MASKED) });
    assert.deepEqual(await storedUser(username), {
      UserStatus: 'UNCONFIRMED',
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'sub', Value: response.json!.UserSub },
      ],
    });
    assert.equal(await mailCount(pool, username), 1);

    const quiet = uniqueName('user');
    const withoutAddress = await call('SignUp', { ClientId: pool.clientId, Username: quiet, Password: 'Valid-pass-1' });
    assertShape(withoutAddress.json, { UserConfirmed: false, UserSub: UUID });
    assert.equal(await mailCount(pool, quiet), 0);
  });

  covering('SignUp', 'error', 'SignUp with a name that is taken is UsernameExistsException; without a password, InvalidParameterException', async () => {
    const user = await createUser(pool, admin);
    assertError(
      await call('SignUp', { ClientId: pool.clientId, Username: user.username, Password: 'Other-pass-1' }),
      'UsernameExistsException',
      'User already exists',
    );
    assertError(
      await call('SignUp', { ClientId: pool.clientId, Username: uniqueName('user') }),
      'InvalidParameterException',
      "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
    );
  });
});
coveredIn('sign-in-rules.test.ts', 'SignUp', 'error', ['a weak password gets InvalidPasswordException naming the rule it breaks']);
coveredIn('email-alias.test.ts', 'SignUp', 'success', [
  'SignUp with an email makes a user named by a generated id, with the address as email, and mails it a code',
]);
coveredIn('email-alias.test.ts', 'SignUp', 'error', [
  'SignUp refuses a name that is not an address, and an address already signed up (UsernameExistsException)',
]);
coveredIn('secret-clients.test.ts', 'SignUp', 'error', [
  'SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword and ConfirmForgotPassword refuse a missing or wrong SecretHash, and work with the right one',
]);

describe('ConfirmSignUp', () => {
  covering('ConfirmSignUp', 'success', 'ConfirmSignUp with the mailed code confirms the user and verifies the address', async () => {
    const username = uniqueName('user');
    await call('SignUp', {
      ClientId: pool.clientId,
      Username: username,
      Password: 'Valid-pass-1',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    });
    const response = await call('ConfirmSignUp', { ClientId: pool.clientId, Username: username, ConfirmationCode: await latestCode(pool.url, username) });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, {});
    const stored = await storedUser(username);
    assert.equal(stored.UserStatus, 'CONFIRMED');
    assert.deepEqual(
      stored.UserAttributes!.find((a) => a.Name === 'email_verified'),
      { Name: 'email_verified', Value: 'true' },
    );
    assertShape((await passwordSignIn(pool, username, 'Valid-pass-1')).json, SIGNED_IN);
  });

  covering('ConfirmSignUp', 'error', 'ConfirmSignUp with a code a day old is ExpiredCodeException', async () => {
    const username = uniqueName('user');
    await call(
      'SignUp',
      { ClientId: timed.clientId, Username: username, Password: 'Valid-pass-1', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] },
      timed,
    );
    const code = await latestCode(timed.url, username);
    clock.advance(24 * 60 * 60_000);
    assertError(
      await call('ConfirmSignUp', { ClientId: timed.clientId, Username: username, ConfirmationCode: code }, timed),
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    );
  });
});
coveredIn('codes.test.ts', 'ConfirmSignUp', 'error', ['the sign-up code counts on its own: guesses at one purpose leave another alone']);
coveredIn('bad-input.test.ts', 'ConfirmSignUp', 'error', ['confirming a confirmed user', 'a wrong confirmation code gets CodeMismatchException']);
coveredIn('existence.test.ts', 'ConfirmSignUp', 'error', [
  'ConfirmSignUp and ConfirmForgotPassword: a wrong code for a name without an account, limited like any other',
]);

coveredIn('account.test.ts', 'ResendConfirmationCode', 'success', ['ResendConfirmationCode sends an unconfirmed user a new code, which confirms them']);
coveredIn('account.test.ts', 'ResendConfirmationCode', 'error', [
  'ResendConfirmationCode for a confirmed user is InvalidParameterException',
  'ResendConfirmationCode for a disabled user: a LEGACY client says so; an ENABLED one answers as for a name without an account, and sends nothing',
]);
coveredIn('existence.test.ts', 'ResendConfirmationCode', 'success', ['ResendConfirmationCode: delivery details for a name without an account']);
coveredIn('existence.test.ts', 'ResendConfirmationCode', 'error', ['every account call says UserNotFoundException for a name without an account']);

describe('ForgotPassword', () => {
  covering('ForgotPassword', 'success', 'ForgotPassword mails a code to the verified address', async () => {
    const user = await createUser(pool, admin);
    const response = await call('ForgotPassword', { ClientId: pool.clientId, Username: user.username });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, { CodeDeliveryDetails: DELIVERED(MASKED) });
    assert.equal(await mailCount(pool, user.username), 1);
    assert.match(await latestCode(pool.url, user.username), /^\d{6}$/);
  });

  covering('ForgotPassword', 'error', 'ForgotPassword with a LEGACY client: an unverified address and a disabled user are told so', async () => {
    const { clientId: legacy } = await createClient(pool, admin);
    const unverified = await createUser(pool, admin, { attributes: { email_verified: 'false' } });
    assertError(
      await call('ForgotPassword', { ClientId: legacy, Username: unverified.username }),
      'InvalidParameterException',
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    );
    const disabled = await createUser(pool, admin);
    await admin.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: disabled.username }));
    assertError(await call('ForgotPassword', { ClientId: legacy, Username: disabled.username }), 'NotAuthorizedException', 'User is disabled.');
    assert.deepEqual([await mailCount(pool, unverified.username), await mailCount(pool, disabled.username)], [0, 0]);
  });
});
coveredIn('existence.test.ts', 'ForgotPassword', 'success', [
  'ForgotPassword: simulated delivery for a name without an account, a disabled user, or one without a verified address',
]);
coveredIn('existence.test.ts', 'ForgotPassword', 'error', [
  'every account call says UserNotFoundException for a name without an account',
  'ForgotPassword is throttled for a name without an account as for one with an account',
]);

describe('ConfirmForgotPassword', () => {
  covering('ConfirmForgotPassword', 'success', 'ConfirmForgotPassword sets the new password and lifts a lockout', async () => {
    clock.advance(60 * 60_000);
    const user = await signUpUser(timed);
    for (let i = 1; i <= 5; i++) assertError(await passwordSignIn(timed, user.username, `Wrong-pass-${i}`), ...INCORRECT);
    assertError(await passwordSignIn(timed, user.username, user.password), 'NotAuthorizedException', 'Password attempts exceeded');
    await call('ForgotPassword', { ClientId: timed.clientId, Username: user.username }, timed);
    const reset = await call(
      'ConfirmForgotPassword',
      { ClientId: timed.clientId, Username: user.username, ConfirmationCode: await latestCode(timed.url, user.username), Password: 'Reset-pass-2' },
      timed,
    );
    assert.equal(reset.status, 200, reset.text);
    assertShape(reset.json, {});
    assertShape((await passwordSignIn(timed, user.username, 'Reset-pass-2')).json, SIGNED_IN, 'at once, with no lockout');
    assertError(await passwordSignIn(timed, user.username, user.password), ...INCORRECT);
  });

  covering('ConfirmForgotPassword', 'error', 'ConfirmForgotPassword refuses a weak password without spending the code', async () => {
    const user = await createUser(pool, admin);
    await call('ForgotPassword', { ClientId: pool.clientId, Username: user.username });
    const code = await latestCode(pool.url, user.username);
    const confirm = (Password: string) => call('ConfirmForgotPassword', { ClientId: pool.clientId, Username: user.username, ConfirmationCode: code, Password });
    assertError(await confirm('short'), 'InvalidPasswordException', 'Password did not conform with policy: Password not long enough');
    assertShape((await confirm('Reset-pass-2')).json, {});
  });
});
coveredIn('codes.test.ts', 'ConfirmForgotPassword', 'success', [
  'four wrong guesses, a new code, a fifth wrong guess: the code is burnt and the right one refused until the count lapses',
]);
coveredIn('codes.test.ts', 'ConfirmForgotPassword', 'error', [
  'four wrong guesses, a new code, a fifth wrong guess: the code is burnt and the right one refused until the count lapses',
  'a password-reset code lasts an hour; a sign-up code a day',
  'a used code does not work again',
  'ConfirmForgotPassword without a requested code says the code expired, as Cognito documents',
]);
coveredIn('existence.test.ts', 'ConfirmForgotPassword', 'error', ['every account call says UserNotFoundException for a name without an account']);

coveredIn('account.test.ts', 'ChangePassword', 'success', ['ChangePassword: the new password works, the old one no longer does, and signed-in sessions stay']);
coveredIn('account.test.ts', 'ChangePassword', 'error', [
  'ChangePassword with a wrong previous password is NotAuthorizedException, and changes nothing',
  'ChangePassword refuses a proposed password the policy refuses, and keeps the old one',
  'wrong previous passwords count toward the lockout, which ChangePassword answers with LimitExceededException',
  'failed sign-ins and failed password changes share one count',
]);
coveredIn('attributes.test.ts', 'UpdateUserAttributes', 'success', ['a changed email resets email_verified and sends a code to the new address']);
coveredIn('account.test.ts', 'UpdateUserAttributes', 'success', [
  'UpdateUserAttributes changes other attributes without a code, and refreshed ID tokens carry them',
]);
coveredIn('account.test.ts', 'UpdateUserAttributes', 'error', [
  'UpdateUserAttributes refuses an address that is not one, and an attribute outside the schema, and writes nothing',
]);
coveredIn('account.test.ts', 'GetUserAttributeVerificationCode', 'success', [
  'GetUserAttributeVerificationCode mails a code that VerifyUserAttribute accepts, once',
]);
coveredIn('account.test.ts', 'GetUserAttributeVerificationCode', 'error', [
  'only the email is delivered and verified by this pool',
  'GetUserAttributeVerificationCode for a user without an address is InvalidParameterException',
]);
coveredIn('codes.test.ts', 'GetUserAttributeVerificationCode', 'error', ['GetUserAttributeVerificationCode is throttled too']);
coveredIn('account.test.ts', 'VerifyUserAttribute', 'success', [
  'GetUserAttributeVerificationCode mails a code that VerifyUserAttribute accepts, once',
  'a changed email is verified by the code sent to the new address, through VerifyUserAttribute',
]);
coveredIn('account.test.ts', 'VerifyUserAttribute', 'error', [
  'VerifyUserAttribute refuses a wrong code, and a code never requested',
  'only the email is delivered and verified by this pool',
]);
coveredIn('account.test.ts', 'DeleteUser', 'success', ['DeleteUser deletes the user: their tokens are refused, and the name is free again']);

// ─── Admin operations (sdk-admin.test.ts) ───────────────────────────────────

const ADMIN_TESTS: [string, Kind, string][] = [
  ['CreateUserPool', 'success', 'CreateUserPool makes a pool with its own keys, and DescribeUserPool describes it'],
  ['CreateUserPool', 'error', 'CreateUserPool refuses a name outside the pattern and an unknown username attribute'],
  ['DescribeUserPool', 'success', 'CreateUserPool makes a pool with its own keys, and DescribeUserPool describes it'],
  ['DescribeUserPool', 'error', 'DescribeUserPool of a pool that does not exist is ResourceNotFoundException'],
  ['CreateUserPoolClient', 'success', 'CreateUserPoolClient with lifetimes of its own, and DescribeUserPoolClient describes it'],
  ['CreateUserPoolClient', 'success', 'CreateUserPoolClient with GenerateSecret gets a secret, which DescribeUserPoolClient shows'],
  ['CreateUserPoolClient', 'error', 'CreateUserPoolClient refuses an unknown pool, an unknown flow and a lifetime out of range'],
  ['DescribeUserPoolClient', 'success', 'CreateUserPoolClient with lifetimes of its own, and DescribeUserPoolClient describes it'],
  ['DescribeUserPoolClient', 'error', 'DescribeUserPoolClient and UpdateUserPoolClient refuse a client that is not the pool’s'],
  ['UpdateUserPoolClient', 'success', 'UpdateUserPoolClient replaces every setting: what it leaves out goes back to its default'],
  ['UpdateUserPoolClient', 'error', 'DescribeUserPoolClient and UpdateUserPoolClient refuse a client that is not the pool’s'],
  ['AdminCreateUser', 'success', 'AdminCreateUser makes a FORCE_CHANGE_PASSWORD user, who must choose a password at first sign-in'],
  ['AdminCreateUser', 'success', 'AdminCreateUser without MessageAction mails the temporary password; RESEND mails a new one'],
  ['AdminCreateUser', 'error', 'AdminCreateUser refuses a taken name, RESEND for nobody, a weak temporary password and an unknown MessageAction'],
  ['AdminSetUserPassword', 'success', 'AdminSetUserPassword: Permanent confirms the user; otherwise the password is temporary'],
  ['AdminSetUserPassword', 'error', 'AdminSetUserPassword refuses a weak password and a user that does not exist'],
  ['AdminConfirmSignUp', 'success', 'AdminConfirmSignUp confirms a signed-up user, and refuses a confirmed one'],
  ['AdminConfirmSignUp', 'error', 'AdminConfirmSignUp confirms a signed-up user, and refuses a confirmed one'],
  ['AdminGetUser', 'success', 'AdminGetUser describes the user; a user that does not exist is UserNotFoundException'],
  ['AdminGetUser', 'error', 'AdminGetUser describes the user; a user that does not exist is UserNotFoundException'],
  ['ListUsers', 'success', 'ListUsers filters by attribute and by prefix, and pages'],
  ['ListUsers', 'error', 'ListUsers refuses a bad filter, a bad pagination token and an unknown pool'],
  ['AdminDeleteUser', 'success', 'AdminDeleteUser removes the user and revokes their tokens'],
  ['AdminDisableUser', 'success', 'AdminDisableUser blocks sign-in and revokes tokens; AdminEnableUser lets the user back'],
  ['AdminEnableUser', 'success', 'AdminDisableUser blocks sign-in and revokes tokens; AdminEnableUser lets the user back'],
  ['AdminUserGlobalSignOut', 'success', 'AdminUserGlobalSignOut revokes every session of the user, and no other user’s'],
  ['AdminDeleteUser', 'error', 'AdminDeleteUser, AdminDisableUser, AdminEnableUser and AdminUserGlobalSignOut refuse a user that does not exist'],
  ['AdminDisableUser', 'error', 'AdminDeleteUser, AdminDisableUser, AdminEnableUser and AdminUserGlobalSignOut refuse a user that does not exist'],
  ['AdminEnableUser', 'error', 'AdminDeleteUser, AdminDisableUser, AdminEnableUser and AdminUserGlobalSignOut refuse a user that does not exist'],
  ['AdminUserGlobalSignOut', 'error', 'AdminDeleteUser, AdminDisableUser, AdminEnableUser and AdminUserGlobalSignOut refuse a user that does not exist'],
  ['CreateGroup', 'success', 'CreateGroup describes the group; ListGroups lists them by name, in pages'],
  ['CreateGroup', 'error', 'CreateGroup refuses a taken name; CreateGroup and ListGroups refuse an unknown pool'],
  ['ListGroups', 'success', 'CreateGroup describes the group; ListGroups lists them by name, in pages'],
  ['ListGroups', 'error', 'CreateGroup refuses a taken name; CreateGroup and ListGroups refuse an unknown pool'],
  ['AdminAddUserToGroup', 'success', 'AdminAddUserToGroup and AdminRemoveUserFromGroup change cognito:groups, ordered by precedence'],
  ['AdminAddUserToGroup', 'error', 'AdminAddUserToGroup and AdminRemoveUserFromGroup refuse an unknown group or user'],
  ['AdminRemoveUserFromGroup', 'success', 'AdminAddUserToGroup and AdminRemoveUserFromGroup change cognito:groups, ordered by precedence'],
  ['AdminRemoveUserFromGroup', 'error', 'AdminAddUserToGroup and AdminRemoveUserFromGroup refuse an unknown group or user'],
];
for (const [operation, kind, title] of ADMIN_TESTS) coveredIn('sdk-admin.test.ts', operation, kind, [title]);
coveredIn('sdk-admin.test.ts', 'ListUsers', 'error', [
  'a wrong secret key fails with InvalidSignatureException',
  'an unknown access key fails with UnrecognizedClientException',
]);

// ─── Guards ─────────────────────────────────────────────────────────────────

describe('the coverage table', () => {
  test('every operation the pool answers has an entry, and every entry is an operation', () => {
    assert.ok(OPERATIONS.size > 0 && COVERAGE.size > 0, 'there is something to compare');
    assert.deepEqual([...COVERAGE.keys()].sort(), [...OPERATIONS.keys()].sort());
  });

  test('every operation has at least one success and one error tested', () => {
    const lacking = [...COVERAGE].filter(([, { success, errors }]) => success.length === 0 || errors.length === 0).map(([operation]) => operation);
    assert.deepEqual(lacking, []);
  });

  test('every test the table names exists', () => {
    const sources = new Map<string, string>();
    const missing: string[] = [];
    let checked = 0;
    for (const [operation, { success, errors }] of COVERAGE) {
      for (const { file, title } of [...success, ...errors]) {
        checked += 1;
        if (file === HERE) {
          if (!REGISTERED.has(title)) missing.push(`${operation}: ${file}: ${title}`);
          continue;
        }
        if (!sources.has(file)) sources.set(file, readFileSync(new URL(file, import.meta.url), 'utf8'));
        const source = sources.get(file)!;
        // The title as a string literal, in whichever quotes the file wrote it.
        const quoted = [`'${title.replaceAll("'", "\\'")}'`, `"${title.replaceAll('"', '\\"')}"`, `\`${title}\``];
        if (!quoted.some((literal) => source.includes(literal))) missing.push(`${operation}: ${file}: ${title}`);
      }
    }
    assert.ok(checked > 2 * OPERATIONS.size, `${checked} references checked`);
    assert.deepEqual(missing, []);
  });

  test('the pool asks exactly the signed operations for a signature, and each has its unsigned case', async () => {
    const asked: string[] = [];
    for (const operation of OPERATIONS.keys()) {
      const response = await call(operation, {});
      if (response.json?.__type === 'MissingAuthenticationTokenException') asked.push(operation);
    }
    assert.equal(asked.length, 18);
    assert.deepEqual(asked.sort(), [...SIGNED].sort());
    assert.deepEqual(
      SIGNED.filter((operation) => OPERATIONS.get(operation)?.signed !== true),
      [],
      'OPERATIONS agrees',
    );
    for (const operation of SIGNED) assert.ok(REGISTERED.has(`${operation} without a signature: MissingAuthenticationTokenException`), operation);
  });

  test('the pool checks an access token in exactly the operations the table revokes tokens for, four ways each', async () => {
    const checking: string[] = [];
    for (const operation of OPERATIONS.keys()) {
      const response = await call(operation, { AccessToken: 'not.a.token' });
      if (response.json?.message === 'Invalid Access Token') checking.push(operation);
    }
    assert.equal(checking.length, 7);
    assert.deepEqual(checking.sort(), [...WITH_ACCESS_TOKEN.keys()].sort());
    assert.equal(REVOCATIONS.size, 4);
    for (const operation of checking) {
      for (const revocation of REVOCATIONS.keys()) {
        assert.ok(
          REGISTERED.has(`${operation} with an access token revoked by ${revocation}: NotAuthorizedException, and nothing done`),
          `${operation} / ${revocation}`,
        );
      }
    }
  });

  test('every operation that names an app client has its unknown-client case', async () => {
    const naming: string[] = [];
    for (const operation of OPERATIONS.keys()) {
      const response = await call(operation, { ClientId: 'nosuchclient' });
      if (response.json?.message === 'User pool client nosuchclient does not exist.') naming.push(operation);
    }
    assert.equal(naming.length, 9);
    assert.deepEqual(naming.sort(), [...WITH_CLIENT_ID.keys()].sort());
  });
});
