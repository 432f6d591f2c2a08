import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUsersCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import {
  A_DATE,
  adminClient,
  assertError,
  assertSdkError,
  assertShape,
  createClient,
  createUser,
  passwordSignIn,
  sdkBody,
  SIGNED_IN,
  tokensOf,
  UUID,
} from '../helpers/pool-actors.ts';
import { uniqueName } from '../helpers/names.ts';
import { callPool, latestCode, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

/**
 * Every admin operation through the AWS SDK v3, signed with the stack's
 * credentials: what each answers, and the errors Cognito gives. Each test
 * makes the users, clients, groups or pools it needs, so that none depends
 * on another. The pool keeps the real clock: the SDK signs with it, and
 * nothing here depends on time passing.
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

const NO_SUCH_POOL = 'us-east-1_NoSuchPool';
const DEFAULT_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};
const NOT_FOUND = ['UserNotFoundException', 'User does not exist.'] as const;

/** A pool of the test's own, for listings that must hold exactly what the test made. */
async function ownPool(settings: { UsernameAttributes?: ('email' | 'phone_number')[] } = {}): Promise<string> {
  const created = await admin.send(new CreateUserPoolCommand({ PoolName: uniqueName('pool'), ...settings }));
  return created.UserPool!.Id!;
}

async function statusOf(username: string, poolId = pool.poolId) {
  const got = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  return { status: got.UserStatus, enabled: got.Enabled };
}

describe('CreateUserPool and DescribeUserPool', () => {
  test('CreateUserPool makes a pool with its own keys, and DescribeUserPool describes it', async () => {
    const name = uniqueName('pool');
    const created = sdkBody(
      await admin.send(new CreateUserPoolCommand({ PoolName: name, Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } } })),
    );
    const poolId = created.UserPool!.Id!;
    const description = {
      Id: /^us-east-1_[0-9a-zA-Z]{9}$/,
      Name: name,
      Arn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`,
      Policies: { PasswordPolicy: { ...DEFAULT_POLICY, MinimumLength: 10, RequireSymbols: false } },
      LambdaConfig: {},
      UsernameAttributes: [],
      AutoVerifiedAttributes: [],
      MfaConfiguration: 'OFF',
      EstimatedNumberOfUsers: 0,
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      DeletionProtection: 'INACTIVE',
      CreationDate: A_DATE,
      LastModifiedDate: A_DATE,
    };
    assertShape(created, { UserPool: description });
    assertShape(sdkBody(await admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))), { UserPool: description });
    const jwks = (await (await fetch(`${pool.url}/${poolId}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    const demoJwks = (await (await fetch(`${pool.url}/${pool.poolId}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    assert.equal(jwks.keys.length, 2, 'its own ID and access keys');
    for (const key of jwks.keys) assert.ok(!demoJwks.keys.some((other) => other.kid === key.kid), 'none of them the demo pool’s');
  });

  test('CreateUserPool refuses a name outside the pattern and an unknown username attribute', async () => {
    await assertSdkError(
      admin.send(new CreateUserPoolCommand({ PoolName: 'no/slashes' })),
      'InvalidParameterException',
      "1 validation error detected: Value at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w\\s+=,.@-]+$",
    );
    await assertSdkError(
      admin.send(new CreateUserPoolCommand({ PoolName: uniqueName('pool'), UsernameAttributes: ['nickname' as 'email'] })),
      'InvalidParameterException',
      "1 validation error detected: Value 'nickname' at 'usernameAttributes' failed to satisfy constraint: Member must satisfy enum value set: [phone_number, email]",
    );
  });

  test('DescribeUserPool of a pool that does not exist is ResourceNotFoundException', async () => {
    await assertSdkError(
      admin.send(new DescribeUserPoolCommand({ UserPoolId: NO_SUCH_POOL })),
      'ResourceNotFoundException',
      `User pool ${NO_SUCH_POOL} does not exist.`,
    );
  });
});

describe('app clients', () => {
  const clientDescription = (poolId: string, name: string, settings: Record<string, unknown> = {}) => ({
    UserPoolId: poolId,
    ClientName: name,
    ClientId: /^[a-z0-9]{26}$/,
    CreationDate: A_DATE,
    LastModifiedDate: A_DATE,
    RefreshTokenValidity: 30,
    AccessTokenValidity: 1,
    IdTokenValidity: 1,
    TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    PreventUserExistenceErrors: 'LEGACY',
    EnableTokenRevocation: true,
    AuthSessionValidity: 3,
    AllowedOAuthFlowsUserPoolClient: false,
    ...settings,
  });

  test('CreateUserPoolClient with lifetimes of its own, and DescribeUserPoolClient describes it', async () => {
    const name = uniqueName('client');
    const created = sdkBody(
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.poolId,
          ClientName: name,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          AccessTokenValidity: 15,
          IdTokenValidity: 20,
          TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        }),
      ),
    );
    const expected = clientDescription(pool.poolId, name, {
      AccessTokenValidity: 15,
      IdTokenValidity: 20,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    assertShape(created, { UserPoolClient: expected });
    const clientId = created.UserPoolClient!.ClientId!;
    assertShape(sdkBody(await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.poolId, ClientId: clientId }))), { UserPoolClient: expected });

    const user = await createUser(pool, admin);
    const signedIn = await passwordSignIn(pool, user.username, user.password, { clientId });
    assertShape(signedIn.json, { ...SIGNED_IN, AuthenticationResult: { ...SIGNED_IN.AuthenticationResult, ExpiresIn: 900 } });
    const access = decodeJwt(signedIn.json!.AuthenticationResult.AccessToken);
    const id = decodeJwt(signedIn.json!.AuthenticationResult.IdToken);
    assert.deepEqual([access.exp! - access.iat!, id.exp! - id.iat!], [900, 1200], 'the client’s lifetimes apply');
  });

  test('CreateUserPoolClient with GenerateSecret gets a secret, which DescribeUserPoolClient shows', async () => {
    const name = uniqueName('client');
    const created = sdkBody(await admin.send(new CreateUserPoolClientCommand({ UserPoolId: pool.poolId, ClientName: name, GenerateSecret: true })));
    assertShape(created, { UserPoolClient: { ...clientDescription(pool.poolId, name), ClientSecret: /^[a-z0-9]{51}$/ } });
    const described = await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.poolId, ClientId: created.UserPoolClient!.ClientId! }));
    assert.equal(described.UserPoolClient!.ClientSecret, created.UserPoolClient!.ClientSecret);
  });

  test('UpdateUserPoolClient replaces every setting: what it leaves out goes back to its default', async () => {
    const { clientId } = await createClient(pool, admin, {
      AccessTokenValidity: 15,
      IdTokenValidity: 20,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' },
    });
    const name = uniqueName('renamed');
    const updated = sdkBody(
      await admin.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: pool.poolId,
          ClientId: clientId,
          ClientName: name,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          AccessTokenValidity: 10,
          TokenValidityUnits: { AccessToken: 'minutes' },
          PreventUserExistenceErrors: 'ENABLED',
        }),
      ),
    );
    assertShape(updated, {
      UserPoolClient: clientDescription(pool.poolId, name, {
        ClientId: clientId,
        AccessTokenValidity: 10,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'days' },
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      }),
    });
    const user = await createUser(pool, admin);
    const { AccessToken, IdToken } = await tokensOf(pool, user, clientId);
    const [access, id] = [decodeJwt(AccessToken), decodeJwt(IdToken)];
    assert.deepEqual([access.exp! - access.iat!, id.exp! - id.iat!], [600, 3600], 'the ID token’s lifetime went back to an hour');
  });

  test('CreateUserPoolClient refuses an unknown pool, an unknown flow and a lifetime out of range', async () => {
    await assertSdkError(
      admin.send(new CreateUserPoolClientCommand({ UserPoolId: NO_SUCH_POOL, ClientName: 'x' })),
      'ResourceNotFoundException',
      `User pool ${NO_SUCH_POOL} does not exist.`,
    );
    await assertSdkError(
      admin.send(new CreateUserPoolClientCommand({ UserPoolId: pool.poolId, ClientName: 'x', ExplicitAuthFlows: ['ALLOW_MAGIC' as 'ALLOW_USER_AUTH'] })),
      'InvalidParameterException',
      "1 validation error detected: Value 'ALLOW_MAGIC' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy enum value set: [ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_AUTH]",
    );
    await assertSdkError(
      admin.send(
        new CreateUserPoolClientCommand({ UserPoolId: pool.poolId, ClientName: 'x', AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' } }),
      ),
      'InvalidParameterException',
      'AccessTokenValidity must be between 300 and 86400 seconds; 2 days is outside that range.',
    );
  });

  test('DescribeUserPoolClient and UpdateUserPoolClient refuse a client that is not the pool’s', async () => {
    const otherPool = await ownPool();
    const { clientId } = await createClient(pool, admin);
    for (const [poolId, id] of [
      [otherPool, clientId],
      [pool.poolId, 'nosuchclient'],
    ] as const) {
      const message = `User pool client ${id} does not exist.`;
      await assertSdkError(admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id })), 'ResourceNotFoundException', message);
      await assertSdkError(
        admin.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: id, ClientName: 'x' })),
        'ResourceNotFoundException',
        message,
      );
    }
    await assertSdkError(
      admin.send(new DescribeUserPoolClientCommand({ UserPoolId: NO_SUCH_POOL, ClientId: clientId })),
      'ResourceNotFoundException',
      `User pool ${NO_SUCH_POOL} does not exist.`,
    );
  });
});

describe('users', () => {
  const userType = (username: string, status: string, attributes: { Name: string; Value: string | RegExp }[]) => ({
    Username: username,
    Attributes: attributes,
    UserCreateDate: A_DATE,
    UserLastModifiedDate: A_DATE,
    Enabled: true,
    UserStatus: status,
  });

  test('AdminCreateUser makes a FORCE_CHANGE_PASSWORD user, who must choose a password at first sign-in', async () => {
    const username = uniqueName('user');
    const created = sdkBody(
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: pool.poolId,
          Username: username,
          TemporaryPassword: 'Temporary-pass1',
          UserAttributes: [
            { Name: 'email', Value: `${username}@example.com` },
            { Name: 'email_verified', Value: 'true' },
          ],
          MessageAction: 'SUPPRESS',
        }),
      ),
    );
    assertShape(created, {
      User: userType(username, 'FORCE_CHANGE_PASSWORD', [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'sub', Value: UUID },
      ]),
    });
    const first = await passwordSignIn(pool, username, 'Temporary-pass1');
    assertShape(first.json, {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: /^[A-Za-z0-9+/=_-]+$/,
      ChallengeParameters: {
        USER_ID_FOR_SRP: username,
        requiredAttributes: '[]',
        userAttributes: JSON.stringify({ email: `${username}@example.com`, email_verified: 'true' }),
      },
    });
  });

  test('AdminCreateUser without MessageAction mails the temporary password; RESEND mails a new one', async () => {
    const username = uniqueName('user');
    await admin.send(
      new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }),
    );
    const first = await latestCode(pool.url, username);
    assert.equal((await passwordSignIn(pool, username, first)).json!.ChallengeName, 'NEW_PASSWORD_REQUIRED', 'the mailed password is the temporary one');

    const resent = sdkBody(await admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, MessageAction: 'RESEND' })));
    assert.equal(resent.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    const second = await latestCode(pool.url, username);
    assert.notEqual(second, first);
    assertError(await passwordSignIn(pool, username, first), 'NotAuthorizedException', 'Incorrect username or password.');
    assert.equal((await passwordSignIn(pool, username, second)).json!.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  });

  test('AdminCreateUser refuses a taken name, RESEND for nobody, a weak temporary password and an unknown MessageAction', async () => {
    const user = await createUser(pool, admin);
    await assertSdkError(
      admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: user.username })),
      'UsernameExistsException',
      'User account already exists',
    );
    await assertSdkError(
      admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: uniqueName('nobody'), MessageAction: 'RESEND' })),
      ...NOT_FOUND,
    );
    await assertSdkError(
      admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: uniqueName('user'), TemporaryPassword: 'weak' })),
      'InvalidPasswordException',
      'Password did not conform with policy: Password not long enough',
    );
    await assertSdkError(
      admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: uniqueName('user'), MessageAction: 'SHOUT' as 'RESEND' })),
      'InvalidParameterException',
      "1 validation error detected: Value 'SHOUT' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]",
    );
    await assertSdkError(
      admin.send(new AdminCreateUserCommand({ UserPoolId: NO_SUCH_POOL, Username: uniqueName('user') })),
      'ResourceNotFoundException',
      `User pool ${NO_SUCH_POOL} does not exist.`,
    );
  });

  test('AdminSetUserPassword: Permanent confirms the user; otherwise the password is temporary', async () => {
    const username = uniqueName('user');
    await admin.send(
      new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, TemporaryPassword: 'Temporary-pass1', MessageAction: 'SUPPRESS' }),
    );
    assertShape(
      sdkBody(await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: 'Permanent-pass1', Permanent: true }))),
      {},
    );
    assert.deepEqual(await statusOf(username), { status: 'CONFIRMED', enabled: true });
    assertShape((await passwordSignIn(pool, username, 'Permanent-pass1')).json, SIGNED_IN);

    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: 'Temporary-pass2' }));
    assert.deepEqual(await statusOf(username), { status: 'FORCE_CHANGE_PASSWORD', enabled: true });
    assertError(await passwordSignIn(pool, username, 'Permanent-pass1'), 'NotAuthorizedException', 'Incorrect username or password.');
    assert.equal((await passwordSignIn(pool, username, 'Temporary-pass2')).json!.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  });

  test('AdminSetUserPassword refuses a weak password and a user that does not exist', async () => {
    const user = await createUser(pool, admin);
    await assertSdkError(
      admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: user.username, Password: 'no-capitals-1' })),
      'InvalidPasswordException',
      'Password did not conform with policy: Password must have uppercase characters',
    );
    assertShape((await passwordSignIn(pool, user.username, user.password)).json, SIGNED_IN);
    await assertSdkError(
      admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: uniqueName('nobody'), Password: 'Valid-pass-1' })),
      ...NOT_FOUND,
    );
  });

  test('AdminConfirmSignUp confirms a signed-up user, and refuses a confirmed one', async () => {
    const username = uniqueName('user');
    assert.equal((await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: username, Password: 'Valid-pass-1' })).status, 200);
    assertError(await passwordSignIn(pool, username, 'Valid-pass-1'), 'UserNotConfirmedException', 'User is not confirmed.');
    assertShape(sdkBody(await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: username }))), {});
    assertShape((await passwordSignIn(pool, username, 'Valid-pass-1')).json, SIGNED_IN);
    await assertSdkError(
      admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: username })),
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    );
    await assertSdkError(admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: uniqueName('nobody') })), ...NOT_FOUND);
  });

  test('AdminGetUser describes the user; a user that does not exist is UserNotFoundException', async () => {
    const user = await createUser(pool, admin, { attributes: { name: 'Gina Got' } });
    assertShape(sdkBody(await admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: user.username }))), {
      Username: user.username,
      UserAttributes: [
        { Name: 'email', Value: user.email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Gina Got' },
        { Name: 'sub', Value: UUID },
      ],
      UserCreateDate: A_DATE,
      UserLastModifiedDate: A_DATE,
      Enabled: true,
      UserStatus: 'CONFIRMED',
      MFAOptions: [],
      UserMFASettingList: [],
    });
    await assertSdkError(admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: uniqueName('nobody') })), ...NOT_FOUND);
    await assertSdkError(
      admin.send(new AdminGetUserCommand({ UserPoolId: NO_SUCH_POOL, Username: user.username })),
      'ResourceNotFoundException',
      `User pool ${NO_SUCH_POOL} does not exist.`,
    );
  });

  test('ListUsers filters by attribute and by prefix, and pages', async () => {
    const poolId = await ownPool();
    for (const name of ['frank', 'gina', 'hank', 'ines']) await createUser(pool, admin, { poolId, username: name });
    const filtered = sdkBody(await admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "hank@example.com"', AttributesToGet: ['email'] })));
    assertShape(filtered, { Users: [userType('hank', 'CONFIRMED', [{ Name: 'email', Value: 'hank@example.com' }])] });
    const prefix = await admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "g"' }));
    assert.deepEqual(
      prefix.Users!.map((u) => u.Username),
      ['gina'],
    );
    const page1 = sdkBody(await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2 })));
    assert.deepEqual(
      page1.Users!.map((u) => u.Username),
      ['frank', 'gina'],
    );
    assert.equal(typeof page1.PaginationToken, 'string');
    const page2 = sdkBody(await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: page1.PaginationToken })));
    assert.deepEqual(
      page2.Users!.map((u) => u.Username),
      ['hank', 'ines'],
    );
    assert.deepEqual(Object.keys(page2), ['Users'], 'the last page has no token');
  });

  test('ListUsers refuses a bad filter, a bad pagination token and an unknown pool', async () => {
    await assertSdkError(
      admin.send(new ListUsersCommand({ UserPoolId: pool.poolId, Filter: 'shoe_size = "9"' })),
      'InvalidParameterException',
      'Invalid search filter',
    );
    await assertSdkError(
      admin.send(new ListUsersCommand({ UserPoolId: pool.poolId, Filter: 'email = hank' })),
      'InvalidParameterException',
      'Invalid search filter',
    );
    await assertSdkError(
      admin.send(new ListUsersCommand({ UserPoolId: pool.poolId, PaginationToken: '!!!' })),
      'InvalidParameterException',
      'Invalid pagination token.',
    );
    await assertSdkError(
      admin.send(new ListUsersCommand({ UserPoolId: NO_SUCH_POOL })),
      'ResourceNotFoundException',
      `User pool ${NO_SUCH_POOL} does not exist.`,
    );
  });

  test('AdminDeleteUser removes the user and revokes their tokens', async () => {
    const user = await createUser(pool, admin);
    const tokens = await tokensOf(pool, user);
    assertShape(sdkBody(await admin.send(new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: user.username }))), {});
    await assertSdkError(admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: user.username })), ...NOT_FOUND);
    assertError(await callPool(pool.endpoint, 'GetUser', { AccessToken: tokens.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
    assertError(
      await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: tokens.RefreshToken }),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
    assertError(await passwordSignIn(pool, user.username, user.password), 'NotAuthorizedException', 'Incorrect username or password.');
  });

  test('AdminDisableUser blocks sign-in and revokes tokens; AdminEnableUser lets the user back', async () => {
    const user = await createUser(pool, admin);
    const tokens = await tokensOf(pool, user);
    assertShape(sdkBody(await admin.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: user.username }))), {});
    assert.deepEqual(await statusOf(user.username), { status: 'CONFIRMED', enabled: false });
    assertError(await passwordSignIn(pool, user.username, user.password), 'NotAuthorizedException', 'User is disabled.');
    assertError(await callPool(pool.endpoint, 'GetUser', { AccessToken: tokens.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');

    assertShape(sdkBody(await admin.send(new AdminEnableUserCommand({ UserPoolId: pool.poolId, Username: user.username }))), {});
    assert.deepEqual(await statusOf(user.username), { status: 'CONFIRMED', enabled: true });
    assertShape((await passwordSignIn(pool, user.username, user.password)).json, SIGNED_IN);
    assertError(await callPool(pool.endpoint, 'GetUser', { AccessToken: tokens.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
  });

  test('AdminUserGlobalSignOut revokes every session of the user, and no other user’s', async () => {
    const [user, other] = [await createUser(pool, admin), await createUser(pool, admin)];
    const sessions = [await tokensOf(pool, user), await tokensOf(pool, user)];
    const others = await tokensOf(pool, other);
    assertShape(sdkBody(await admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.poolId, Username: user.username }))), {});
    for (const tokens of sessions) {
      assertError(await callPool(pool.endpoint, 'GetUser', { AccessToken: tokens.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
      assertError(
        await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: tokens.RefreshToken }),
        'NotAuthorizedException',
        'Refresh Token has been revoked',
      );
    }
    assert.equal((await callPool(pool.endpoint, 'GetUser', { AccessToken: others.AccessToken })).json!.Username, other.username);
    assertShape((await passwordSignIn(pool, user.username, user.password)).json, SIGNED_IN, 'signing in again works');
  });

  test('AdminDeleteUser, AdminDisableUser, AdminEnableUser and AdminUserGlobalSignOut refuse a user that does not exist', async () => {
    const input = { UserPoolId: pool.poolId, Username: uniqueName('nobody') };
    await assertSdkError(admin.send(new AdminDeleteUserCommand(input)), ...NOT_FOUND);
    await assertSdkError(admin.send(new AdminDisableUserCommand(input)), ...NOT_FOUND);
    await assertSdkError(admin.send(new AdminEnableUserCommand(input)), ...NOT_FOUND);
    await assertSdkError(admin.send(new AdminUserGlobalSignOutCommand(input)), ...NOT_FOUND);
  });
});

describe('groups', () => {
  test('CreateGroup describes the group; ListGroups lists them by name, in pages', async () => {
    const poolId = await ownPool();
    const created = sdkBody(await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', Precedence: 2, Description: 'They edit.' })));
    const editors = { GroupName: 'editors', UserPoolId: poolId, Description: 'They edit.', Precedence: 2, CreationDate: A_DATE, LastModifiedDate: A_DATE };
    assertShape(created, { Group: editors });
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Precedence: 5 }));
    const admins = { GroupName: 'admins', UserPoolId: poolId, CreationDate: A_DATE, LastModifiedDate: A_DATE };
    const readers = { GroupName: 'readers', UserPoolId: poolId, Precedence: 5, CreationDate: A_DATE, LastModifiedDate: A_DATE };
    assertShape(sdkBody(await admin.send(new ListGroupsCommand({ UserPoolId: poolId }))), { Groups: [admins, editors, readers] });
    const page1 = sdkBody(await admin.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2 })));
    assertShape(page1, { Groups: [admins, editors], NextToken: 'editors' });
    assertShape(sdkBody(await admin.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 2, NextToken: page1.NextToken }))), { Groups: [readers] });
  });

  test('CreateGroup refuses a taken name; CreateGroup and ListGroups refuse an unknown pool', async () => {
    const name = uniqueName('group');
    await admin.send(new CreateGroupCommand({ UserPoolId: pool.poolId, GroupName: name }));
    await assertSdkError(
      admin.send(new CreateGroupCommand({ UserPoolId: pool.poolId, GroupName: name })),
      'GroupExistsException',
      `A group with the name ${name} already exists.`,
    );
    const unknown = `User pool ${NO_SUCH_POOL} does not exist.`;
    await assertSdkError(admin.send(new CreateGroupCommand({ UserPoolId: NO_SUCH_POOL, GroupName: name })), 'ResourceNotFoundException', unknown);
    await assertSdkError(admin.send(new ListGroupsCommand({ UserPoolId: NO_SUCH_POOL })), 'ResourceNotFoundException', unknown);
  });

  test('AdminAddUserToGroup and AdminRemoveUserFromGroup change cognito:groups, ordered by precedence', async () => {
    const [first, second] = [uniqueName('group'), uniqueName('group')];
    await admin.send(new CreateGroupCommand({ UserPoolId: pool.poolId, GroupName: first, Precedence: 1 }));
    await admin.send(new CreateGroupCommand({ UserPoolId: pool.poolId, GroupName: second, Precedence: 0 }));
    const user = await createUser(pool, admin);
    const groupsInTokens = async () => {
      const { IdToken, AccessToken } = await tokensOf(pool, user);
      return [decodeJwt(IdToken)['cognito:groups'], decodeJwt(AccessToken)['cognito:groups']];
    };
    assertShape(sdkBody(await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: user.username, GroupName: first }))), {});
    await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: user.username, GroupName: second }));
    assert.deepEqual(
      await groupsInTokens(),
      [
        [second, first],
        [second, first],
      ],
      'the lower precedence first',
    );
    assertShape(sdkBody(await admin.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.poolId, Username: user.username, GroupName: second }))), {});
    assert.deepEqual(await groupsInTokens(), [[first], [first]]);
    await admin.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.poolId, Username: user.username, GroupName: first }));
    assert.deepEqual(await groupsInTokens(), [undefined, undefined], 'no groups, no claim');
  });

  test('AdminAddUserToGroup and AdminRemoveUserFromGroup refuse an unknown group or user', async () => {
    const user = await createUser(pool, admin);
    const group = uniqueName('group');
    await admin.send(new CreateGroupCommand({ UserPoolId: pool.poolId, GroupName: group }));
    for (const Command of [AdminAddUserToGroupCommand, AdminRemoveUserFromGroupCommand]) {
      await assertSdkError(
        admin.send(new Command({ UserPoolId: pool.poolId, Username: user.username, GroupName: uniqueName('nogroup') })),
        'ResourceNotFoundException',
        'Group not found.',
      );
      await assertSdkError(admin.send(new Command({ UserPoolId: pool.poolId, Username: uniqueName('nobody'), GroupName: group })), ...NOT_FOUND);
    }
  });
});

describe('admin operations refuse calls without the stack credentials', () => {
  const BAD_SIGNATURE =
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

  function clientWith(credentials: { accessKeyId: string; secretAccessKey: string }) {
    return new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: pool.endpoint, credentials, maxAttempts: 1 });
  }

  test('a wrong secret key fails with InvalidSignatureException', async () => {
    const wrong = clientWith({ accessKeyId: pool.pool.admin.accessKeyId, secretAccessKey: 'x'.repeat(40) });
    await assertSdkError(wrong.send(new ListUsersCommand({ UserPoolId: pool.poolId })), 'InvalidSignatureException', BAD_SIGNATURE);
  });

  test('an unknown access key fails with UnrecognizedClientException', async () => {
    const stranger = clientWith({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    await assertSdkError(
      stranger.send(new ListUsersCommand({ UserPoolId: pool.poolId })),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  test('an unsigned call fails with MissingAuthenticationTokenException, and a tampered body breaks the signature', async () => {
    assertError(await callPool(pool.endpoint, 'ListUsers', { UserPoolId: pool.poolId }), 'MissingAuthenticationTokenException', 'Missing Authentication Token');

    // Replay a correctly signed request with a different body.
    let captured: { headers: Record<string, string>; body: string } | undefined;
    const spy = clientWith(pool.pool.admin);
    spy.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; body: string | Uint8Array };
        const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        captured = { headers: { ...request.headers }, body };
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await spy.send(new ListUsersCommand({ UserPoolId: pool.poolId }));
    assert.ok(captured, 'the signed request was captured');
    const { 'content-length': _length, ...headers } = captured.headers;
    const faithful = await fetch(pool.endpoint, { method: 'POST', headers, body: captured.body });
    assert.equal(faithful.status, 200, 'the captured request replays as it was signed');
    const replay = await fetch(pool.endpoint, { method: 'POST', headers, body: captured.body.replace(pool.poolId, 'us-east-1_Other') });
    assert.equal(replay.status, 400);
    // The SDK signs the body's hash (x-amz-content-sha256), so the changed body fails that check first.
    assert.deepEqual(await replay.json(), {
      __type: 'InvalidSignatureException',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });
});
