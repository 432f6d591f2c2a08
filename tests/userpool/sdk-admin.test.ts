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
  GetUserCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersCommand,
  SignUpCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { callPool, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

let pool: TestUserPool;
let admin: CognitoIdentityProviderClient;

function clientWith(credentials: { accessKeyId: string; secretAccessKey: string }) {
  return new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: pool.endpoint, credentials, maxAttempts: 1 });
}

before(async () => {
  pool = await startUserPool();
  admin = clientWith(pool.pool.admin);
});

after(async () => {
  admin.destroy();
  await pool.close({ removeData: true });
});

async function passwordSignIn(clientId: string, username: string, password: string) {
  return admin.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));
}

describe('@aws-sdk/client-cognito-identity-provider v3 runs every admin operation', () => {
  let poolId: string;
  let clientId: string;

  test('CreateUserPool and DescribeUserPool', async () => {
    const created = await admin.send(
      new CreateUserPoolCommand({ PoolName: 'sdk-test', Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } } }),
    );
    poolId = created.UserPool!.Id!;
    assert.match(poolId, /^us-east-1_[0-9a-zA-Z]{9}$/);
    const described = await admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(described.UserPool!.Name, 'sdk-test');
    assert.equal(described.UserPool!.Policies!.PasswordPolicy!.MinimumLength, 10);
    assert.equal(described.UserPool!.Policies!.PasswordPolicy!.RequireSymbols, false);
    assert.ok(described.UserPool!.CreationDate instanceof Date);
    const jwks = await (await fetch(`${pool.url}/${poolId}/.well-known/jwks.json`)).json();
    assert.equal(jwks.keys.length, 2, 'a new pool has its own ID and access keys');
  });

  test('CreateUserPoolClient, DescribeUserPoolClient and UpdateUserPoolClient with lifetimes per client', async () => {
    const created = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'sdk-client',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 15,
        IdTokenValidity: 20,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      }),
    );
    clientId = created.UserPoolClient!.ClientId!;
    assert.match(clientId, /^[a-z0-9]{26}$/);
    assert.equal(created.UserPoolClient!.ClientSecret, undefined);
    const described = await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(described.UserPoolClient!.AccessTokenValidity, 15);
    assert.equal(described.UserPoolClient!.RefreshTokenValidity, 30);
    assert.deepEqual(described.UserPoolClient!.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    const updated = await admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ClientName: 'sdk-client-renamed',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
        AccessTokenValidity: 10,
        TokenValidityUnits: { AccessToken: 'minutes' },
      }),
    );
    assert.equal(updated.UserPoolClient!.ClientName, 'sdk-client-renamed');
    assert.equal(updated.UserPoolClient!.AccessTokenValidity, 10);
  });

  test('AdminCreateUser, then AdminSetUserPassword makes the password permanent', async () => {
    const created = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'frank',
        TemporaryPassword: 'Temporary-pass1',
        UserAttributes: [
          { Name: 'email', Value: 'frank@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    assert.equal(created.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(created.User!.Enabled, true);
    const temporary = await passwordSignIn(clientId, 'frank', 'Temporary-pass1');
    assert.equal(temporary.ChallengeName, 'NEW_PASSWORD_REQUIRED');

    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'frank', Password: 'Permanent-pass1', Permanent: true }));
    const signedIn = await passwordSignIn(clientId, 'frank', 'Permanent-pass1');
    const access = decodeJwt(signedIn.AuthenticationResult!.AccessToken!);
    assert.equal(access.exp! - access.iat!, 600, 'the client lifetime applies');
    // UpdateUserPoolClient left IdTokenValidity out, so Cognito put it back to its default of an hour.
    const id = decodeJwt(signedIn.AuthenticationResult!.IdToken!);
    assert.equal(id.exp! - id.iat!, 3600);
  });

  test('AdminGetUser and ListUsers, with a filter and pagination', async () => {
    const got = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'frank' }));
    assert.equal(got.UserStatus, 'CONFIRMED');
    assert.equal(got.UserAttributes!.find((a) => a.Name === 'email')!.Value, 'frank@example.com');
    for (const name of ['gina', 'hank', 'ines']) {
      await admin.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }], MessageAction: 'SUPPRESS' }),
      );
    }
    const filtered = await admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "hank@example.com"' }));
    assert.deepEqual(filtered.Users!.map((u) => u.Username), ['hank']);
    const prefix = await admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username ^= "g"' }));
    assert.deepEqual(prefix.Users!.map((u) => u.Username), ['gina']);
    const page1 = await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2 }));
    assert.equal(page1.Users!.length, 2);
    assert.ok(page1.PaginationToken);
    const page2 = await admin.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: page1.PaginationToken }));
    assert.deepEqual([...page1.Users!, ...page2.Users!].map((u) => u.Username), ['frank', 'gina', 'hank', 'ines']);
    assert.equal(page2.PaginationToken, undefined);
  });

  test('AdminConfirmSignUp confirms a signed-up user', async () => {
    await admin.send(new SignUpCommand({ ClientId: clientId, Username: 'jill', Password: 'Jill-password1' }));
    await assert.rejects(passwordSignIn(clientId, 'jill', 'Jill-password1'), { name: 'UserNotConfirmedException' });
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'jill' }));
    assert.ok((await passwordSignIn(clientId, 'jill', 'Jill-password1')).AuthenticationResult);
  });

  test('CreateGroup, ListGroups, AdminAddUserToGroup and AdminRemoveUserFromGroup change cognito:groups', async () => {
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', Precedence: 2 }));
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admin', Precedence: 1, Description: 'Admins' }));
    await assert.rejects(admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admin' })), { name: 'GroupExistsException' });
    const groups = await admin.send(new ListGroupsCommand({ UserPoolId: poolId }));
    assert.deepEqual(groups.Groups!.map((g) => g.GroupName), ['admin', 'editors']);

    await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'frank', GroupName: 'editors' }));
    await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'frank', GroupName: 'admin' }));
    let token = decodeJwt((await passwordSignIn(clientId, 'frank', 'Permanent-pass1')).AuthenticationResult!.IdToken!);
    assert.deepEqual(token['cognito:groups'], ['admin', 'editors'], 'ordered by precedence');

    await admin.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'frank', GroupName: 'admin' }));
    token = decodeJwt((await passwordSignIn(clientId, 'frank', 'Permanent-pass1')).AuthenticationResult!.IdToken!);
    assert.deepEqual(token['cognito:groups'], ['editors']);
  });

  test('AdminDisableUser blocks sign-in and revokes tokens; AdminEnableUser lets the user back', async () => {
    const tokens = (await passwordSignIn(clientId, 'frank', 'Permanent-pass1')).AuthenticationResult!;
    await admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'frank' }));
    await assert.rejects(passwordSignIn(clientId, 'frank', 'Permanent-pass1'), { name: 'NotAuthorizedException', message: 'User is disabled.' });
    await assert.rejects(admin.send(new GetUserCommand({ AccessToken: tokens.AccessToken })), { name: 'NotAuthorizedException' });
    await admin.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'frank' }));
    assert.ok((await passwordSignIn(clientId, 'frank', 'Permanent-pass1')).AuthenticationResult);
  });

  test('AdminUserGlobalSignOut revokes the access token', async () => {
    const tokens = (await passwordSignIn(clientId, 'frank', 'Permanent-pass1')).AuthenticationResult!;
    assert.equal((await admin.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username, 'frank');
    await admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'frank' }));
    await assert.rejects(admin.send(new GetUserCommand({ AccessToken: tokens.AccessToken })), { name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
  });

  test('AdminDeleteUser removes the user', async () => {
    await admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'ines' }));
    await assert.rejects(admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ines' })), { name: 'UserNotFoundException', message: 'User does not exist.' });
  });
});

describe('admin operations refuse calls without the stack credentials', () => {
  test('a wrong secret key fails with InvalidSignatureException', async () => {
    const wrong = clientWith({ accessKeyId: pool.pool.admin.accessKeyId, secretAccessKey: 'x'.repeat(40) });
    await assert.rejects(wrong.send(new ListUsersCommand({ UserPoolId: pool.poolId })), { name: 'InvalidSignatureException' });
  });

  test('an unknown access key fails with UnrecognizedClientException', async () => {
    const stranger = clientWith({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    await assert.rejects(stranger.send(new ListUsersCommand({ UserPoolId: pool.poolId })), {
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  test('an unsigned call fails with MissingAuthenticationTokenException, and a tampered body breaks the signature', async () => {
    const unsigned = await callPool(pool.endpoint, 'ListUsers', { UserPoolId: pool.poolId });
    assert.equal(unsigned.status, 400);
    assert.deepEqual(unsigned.json, { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });

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
    const { 'content-length': _length, ...headers } = captured!.headers;
    const faithful = await fetch(pool.endpoint, { method: 'POST', headers, body: captured!.body });
    assert.equal(faithful.status, 200, 'the captured request replays as it was signed');
    const replay = await fetch(pool.endpoint, { method: 'POST', headers, body: captured!.body.replace(pool.poolId, 'us-east-1_Other') });
    assert.equal(replay.status, 400);
    assert.equal(((await replay.json()) as { __type: string }).__type, 'InvalidSignatureException');
  });
});
