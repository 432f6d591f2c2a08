import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { testClock } from '../helpers/clock.ts';
import { uniqueName } from '../helpers/names.ts';
import {
  adminClient,
  assertError,
  assertSdkError,
  assertShape,
  createClient,
  createUser,
  DELIVERED,
  passwordSignIn,
  SIGNED_IN,
  signUpUser,
  tokensOf,
  type PoolResponse,
} from '../helpers/pool-actors.ts';
import { callPool, latestCode, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

/**
 * What a signed-up user does with their own account: codes sent again,
 * attributes changed and verified, the password changed, the account
 * deleted. Each test makes its own users.
 *
 * Two pools: `pool` keeps the real clock, since the SDK signs admin calls
 * with it and nothing asserted there depends on time passing; `timed` runs on
 * a clock the lockout test moves by hand, and takes no admin call.
 */

let pool: TestUserPool;
let admin: CognitoIdentityProviderClient;
const clock = testClock();
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
const MASKED = 'u***@e***'; // every test user is user-…@example.com
const CODE_MISMATCH = ['CodeMismatchException', 'Invalid verification code provided, please try again.'] as const;
const EXPIRED_CODE = ['ExpiredCodeException', 'Invalid code provided, please request a code again.'] as const;

async function mailCount(on: TestUserPool, username: string): Promise<number> {
  const { messages } = (await (await fetch(`${on.url}/_local/mailbox?username=${encodeURIComponent(username)}&limit=200`)).json()) as { messages: unknown[] };
  return messages.length;
}

async function attributesOf(accessToken: string, on: TestUserPool = pool): Promise<Record<string, string>> {
  const response = await call('GetUser', { AccessToken: accessToken }, on);
  assert.equal(response.status, 200, response.text);
  return Object.fromEntries((response.json!.UserAttributes as { Name: string; Value: string }[]).map(({ Name, Value }) => [Name, Value]));
}

/** An unconfirmed user of the test's own, with an address; returns the sign-up code. */
async function signUpUnconfirmed(clientId = pool.clientId): Promise<{ username: string; code: string }> {
  const username = uniqueName('user');
  const signedUp = await call('SignUp', {
    ClientId: clientId,
    Username: username,
    Password: 'Valid-pass-1',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  assert.equal(signedUp.status, 200, signedUp.text);
  return { username, code: await latestCode(pool.url, username) };
}

describe('ResendConfirmationCode', () => {
  test('ResendConfirmationCode sends an unconfirmed user a new code, which confirms them', async () => {
    const { username, code: first } = await signUpUnconfirmed();
    const resent = await call('ResendConfirmationCode', { ClientId: pool.clientId, Username: username });
    assert.equal(resent.status, 200, resent.text);
    assertShape(resent.json, { CodeDeliveryDetails: DELIVERED(MASKED) });
    assert.equal(await mailCount(pool, username), 2, 'a second message');
    const second = await latestCode(pool.url, username);
    // The new code replaces the old one (unless, once in a million, they are the same six digits).
    if (second !== first) assertError(await call('ConfirmSignUp', { ClientId: pool.clientId, Username: username, ConfirmationCode: first }), ...CODE_MISMATCH);
    assertShape((await call('ConfirmSignUp', { ClientId: pool.clientId, Username: username, ConfirmationCode: second })).json, {});
    assertShape((await passwordSignIn(pool, username, 'Valid-pass-1')).json, SIGNED_IN);
  });

  test('ResendConfirmationCode for a confirmed user is InvalidParameterException', async () => {
    const user = await createUser(pool, admin);
    assertError(
      await call('ResendConfirmationCode', { ClientId: pool.clientId, Username: user.username }),
      'InvalidParameterException',
      'User is already confirmed.',
    );
  });

  test('ResendConfirmationCode for a disabled user: a LEGACY client says so; an ENABLED one answers as for a name without an account, and sends nothing', async () => {
    const { clientId: legacy } = await createClient(pool, admin);
    const { username } = await signUpUnconfirmed();
    await admin.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: username }));
    assertError(await call('ResendConfirmationCode', { ClientId: legacy, Username: username }), 'NotAuthorizedException', 'User is disabled.');
    const enabled = await call('ResendConfirmationCode', { ClientId: pool.clientId, Username: username });
    assert.equal(enabled.status, 200, enabled.text);
    // The simulated delivery of existence.test.ts: a masked address made up for the name, the same every time.
    assertShape(enabled.json, { CodeDeliveryDetails: DELIVERED(/^[a-z]\*\*\*@[a-z]\*\*\*$/) });
    assert.deepEqual((await call('ResendConfirmationCode', { ClientId: pool.clientId, Username: username })).json, enabled.json);
    assert.equal(await mailCount(pool, username), 1, 'only the sign-up code was ever sent');
  });
});

describe('UpdateUserAttributes', () => {
  test('UpdateUserAttributes changes other attributes without a code, and refreshed ID tokens carry them', async () => {
    const user = await createUser(pool, admin);
    const tokens = await tokensOf(pool, user);
    const updated = await call('UpdateUserAttributes', {
      AccessToken: tokens.AccessToken,
      UserAttributes: [
        { Name: 'name', Value: 'Ursula Updated' },
        { Name: 'custom:team', Value: 'blue' },
      ],
    });
    assert.equal(updated.status, 200, updated.text);
    assertShape(updated.json, { CodeDeliveryDetailsList: [] });
    assert.equal(await mailCount(pool, user.username), 0);
    const attributes = await attributesOf(tokens.AccessToken);
    assert.deepEqual([attributes.name, attributes['custom:team'], attributes.email_verified], ['Ursula Updated', 'blue', 'true']);
    const refreshed = await call('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: tokens.RefreshToken });
    const id = decodeJwt(refreshed.json!.AuthenticationResult.IdToken);
    assert.deepEqual([id.name, id['custom:team'], id.email_verified], ['Ursula Updated', 'blue', true]);
  });

  test('a changed email is verified by the code sent to the new address, through VerifyUserAttribute', async () => {
    const user = await createUser(pool, admin);
    const { AccessToken } = await tokensOf(pool, user);
    const changed = await call('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: `new-${user.email}` }] });
    assertShape(changed.json, { CodeDeliveryDetailsList: [DELIVERED('n***@e***')] });
    assert.equal((await attributesOf(AccessToken)).email_verified, 'false');
    const verified = await call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: await latestCode(pool.url, user.username) });
    assert.equal(verified.status, 200, verified.text);
    assertShape(verified.json, {});
    const attributes = await attributesOf(AccessToken);
    assert.deepEqual([attributes.email, attributes.email_verified], [`new-${user.email}`, 'true']);
  });

  test('UpdateUserAttributes refuses an address that is not one, and an attribute outside the schema, and writes nothing', async () => {
    const user = await createUser(pool, admin);
    const { AccessToken } = await tokensOf(pool, user);
    const before = await attributesOf(AccessToken);
    const update = (Name: string, Value: string) =>
      call('UpdateUserAttributes', {
        AccessToken,
        UserAttributes: [
          { Name: 'name', Value: 'Never Written' },
          { Name, Value },
        ],
      });
    assertError(await update('email', 'not-an-address'), 'InvalidParameterException', 'Invalid email address format.');
    assertError(await update('shoe_size', '9'), 'InvalidParameterException', 'Attribute does not exist in the schema: shoe_size');
    assert.deepEqual(await attributesOf(AccessToken), before);
  });
});

describe('GetUserAttributeVerificationCode and VerifyUserAttribute', () => {
  test('GetUserAttributeVerificationCode mails a code that VerifyUserAttribute accepts, once', async () => {
    const user = await createUser(pool, admin, { attributes: { email_verified: 'false' } });
    const { AccessToken } = await tokensOf(pool, user);
    const sent = await call('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' });
    assert.equal(sent.status, 200, sent.text);
    assertShape(sent.json, { CodeDeliveryDetails: DELIVERED(MASKED) });
    const code = await latestCode(pool.url, user.username);
    assertShape((await call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: code })).json, {});
    assert.equal((await attributesOf(AccessToken)).email_verified, 'true');
    assertError(await call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: code }), ...EXPIRED_CODE);
  });

  test('VerifyUserAttribute refuses a wrong code, and a code never requested', async () => {
    const user = await createUser(pool, admin, { attributes: { email_verified: 'false' } });
    const { AccessToken } = await tokensOf(pool, user);
    assertError(await call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: '123456' }), ...EXPIRED_CODE);
    await call('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' });
    const code = await latestCode(pool.url, user.username);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    assertError(await call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: wrong }), ...CODE_MISMATCH);
    assert.equal((await attributesOf(AccessToken)).email_verified, 'false');
    assertShape((await call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: code })).json, {}, 'the right code still works');
  });

  test('only the email is delivered and verified by this pool', async () => {
    const user = await createUser(pool, admin);
    const { AccessToken } = await tokensOf(pool, user);
    assertError(
      await call('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'phone_number' }),
      'InvalidParameterException',
      'Cannot send a verification code for phone_number: only email is delivered by this pool.',
    );
    assertError(
      await call('VerifyUserAttribute', { AccessToken, AttributeName: 'phone_number', Code: '123456' }),
      'InvalidParameterException',
      'Cannot verify phone_number: only email is verified by this pool.',
    );
  });

  test('GetUserAttributeVerificationCode for a user without an address is InvalidParameterException', async () => {
    const username = uniqueName('user');
    assert.equal((await call('SignUp', { ClientId: pool.clientId, Username: username, Password: 'Valid-pass-1' })).status, 200);
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: username }));
    const { AccessToken } = await tokensOf(pool, { username, password: 'Valid-pass-1' });
    assertError(
      await call('GetUserAttributeVerificationCode', { AccessToken, AttributeName: 'email' }),
      'InvalidParameterException',
      'Cannot deliver a code: the user has no email address.',
    );
  });
});

describe('DeleteUser', () => {
  test('DeleteUser deletes the user: their tokens are refused, and the name is free again', async () => {
    const user = await createUser(pool, admin);
    const tokens = await tokensOf(pool, user);
    const deleted = await call('DeleteUser', { AccessToken: tokens.AccessToken });
    assert.equal(deleted.status, 200, deleted.text);
    assertShape(deleted.json, {});
    await assertSdkError(
      admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: user.username })),
      'UserNotFoundException',
      'User does not exist.',
    );
    assertError(await call('GetUser', { AccessToken: tokens.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
    assertError(
      await call('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: tokens.RefreshToken }),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
    assertError(await passwordSignIn(pool, user.username, user.password), 'NotAuthorizedException', 'Incorrect username or password.');
    const again = await call('SignUp', { ClientId: pool.clientId, Username: user.username, Password: 'Other-pass-1' });
    assert.equal(again.status, 200, again.text);
  });
});

describe('ChangePassword', () => {
  const change = (AccessToken: string, PreviousPassword: string, ProposedPassword: string, on: TestUserPool = pool) =>
    call('ChangePassword', { AccessToken, PreviousPassword, ProposedPassword }, on);

  test('ChangePassword: the new password works, the old one no longer does, and signed-in sessions stay', async () => {
    const user = await createUser(pool, admin);
    const { AccessToken } = await tokensOf(pool, user);
    const changed = await change(AccessToken, user.password, 'Changed-pass-2');
    assert.equal(changed.status, 200, changed.text);
    assertShape(changed.json, {});
    assertError(await passwordSignIn(pool, user.username, user.password), 'NotAuthorizedException', 'Incorrect username or password.');
    assertShape((await passwordSignIn(pool, user.username, 'Changed-pass-2')).json, SIGNED_IN);
    assert.equal((await call('GetUser', { AccessToken })).status, 200, 'Cognito does not sign the user out');
  });

  test('ChangePassword with a wrong previous password is NotAuthorizedException, and changes nothing', async () => {
    const user = await createUser(pool, admin);
    const { AccessToken } = await tokensOf(pool, user);
    assertError(await change(AccessToken, 'Not-the-pass-1', 'Changed-pass-2'), 'NotAuthorizedException', 'Incorrect username or password.');
    assertShape((await passwordSignIn(pool, user.username, user.password)).json, SIGNED_IN);
    assertError(await passwordSignIn(pool, user.username, 'Changed-pass-2'), 'NotAuthorizedException', 'Incorrect username or password.');
  });

  test('ChangePassword refuses a proposed password the policy refuses, and keeps the old one', async () => {
    const user = await createUser(pool, admin);
    const { AccessToken } = await tokensOf(pool, user);
    assertError(
      await change(AccessToken, user.password, 'nocapitals-2'),
      'InvalidPasswordException',
      'Password did not conform with policy: Password must have uppercase characters',
    );
    assertShape((await passwordSignIn(pool, user.username, user.password)).json, SIGNED_IN);
  });

  test('wrong previous passwords count toward the lockout, which ChangePassword answers with LimitExceededException', async () => {
    clock.advance(60 * 60_000);
    const user = await signUpUser(timed);
    const { AccessToken } = await tokensOf(timed, user);
    for (let i = 1; i <= 5; i++) {
      assertError(await change(AccessToken, `Wrong-pass-${i}`, 'Changed-pass-2', timed), 'NotAuthorizedException', 'Incorrect username or password.');
    }
    const LIMIT = ['LimitExceededException', 'Attempt limit exceeded, please try after some time.'] as const;
    assertError(await change(AccessToken, user.password, 'Changed-pass-2', timed), ...LIMIT);
    assertError(await passwordSignIn(timed, user.username, user.password), 'NotAuthorizedException', 'Password attempts exceeded');
    clock.advance(1000); // the first lockout lasts a second
    const changed: PoolResponse = await change(AccessToken, user.password, 'Changed-pass-2', timed);
    assert.equal(changed.status, 200, changed.text);
    assertShape((await passwordSignIn(timed, user.username, 'Changed-pass-2')).json, SIGNED_IN);
  });

  test('failed sign-ins and failed password changes share one count', async () => {
    clock.advance(60 * 60_000);
    const user = await signUpUser(timed);
    const { AccessToken } = await tokensOf(timed, user);
    for (let i = 1; i <= 3; i++)
      assertError(await passwordSignIn(timed, user.username, `Wrong-pass-${i}`), 'NotAuthorizedException', 'Incorrect username or password.');
    for (let i = 4; i <= 5; i++)
      assertError(await change(AccessToken, `Wrong-pass-${i}`, 'Changed-pass-2', timed), 'NotAuthorizedException', 'Incorrect username or password.');
    assertError(await passwordSignIn(timed, user.username, user.password), 'NotAuthorizedException', 'Password attempts exceeded');
    assertError(
      await change(AccessToken, user.password, 'Changed-pass-2', timed),
      'LimitExceededException',
      'Attempt limit exceeded, please try after some time.',
    );
  });
});
