import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AdminGetUserCommand, CreateUserPoolCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { uniqueName } from '../helpers/names.ts';
import { adminClient, assertError, assertShape, createClient, DELIVERED, passwordSignIn, SIGNED_IN, srpSignIn, UUID } from '../helpers/pool-actors.ts';
import { callPool, latestCode, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

/**
 * A pool whose users sign in with their email (`UsernameAttributes:
 * ['email']`), created through the SDK as a reader would: the typed email is
 * an alias, the username is an id the pool generates, and SRP runs with that
 * id (USER_ID_FOR_SRP). Each test signs up its own addresses.
 */

let pool: TestUserPool;
let admin: CognitoIdentityProviderClient;
let emailPoolId: string;
let clientId: string;

before(async () => {
  pool = await startUserPool();
  admin = adminClient(pool);
  const created = await admin.send(new CreateUserPoolCommand({ PoolName: uniqueName('email-pool'), UsernameAttributes: ['email'] }));
  emailPoolId = created.UserPool!.Id!;
  assert.deepEqual(created.UserPool!.UsernameAttributes, ['email']);
  clientId = (await createClient(pool, admin, { UserPoolId: emailPoolId })).clientId;
});
after(async () => {
  admin.destroy();
  await pool.close({ removeData: true });
});

const call = (operation: string, body: Record<string, unknown>, client = clientId) => callPool(pool.endpoint, operation, { ClientId: client, ...body });
const newEmail = () => `${uniqueName('reader')}@example.com`;

/** Signs up and confirms an address; returns the generated username. */
async function signedUp(email: string, password = 'Valid-pass-1', client = clientId, secretHash?: string): Promise<string> {
  const response = await call('SignUp', { Username: email, Password: password, ...(secretHash && { SecretHash: secretHash }) }, client);
  assert.equal(response.status, 200, response.text);
  const sub = response.json!.UserSub as string;
  const confirmed = await call(
    'ConfirmSignUp',
    { Username: email, ConfirmationCode: await latestCode(pool.url, sub), ...(secretHash && { SecretHash: secretHash }) },
    client,
  );
  assert.equal(confirmed.status, 200, confirmed.text);
  return sub;
}

describe('a pool that signs in with email', () => {
  test('SignUp with an email makes a user named by a generated id, with the address as email, and mails it a code', async () => {
    const email = newEmail();
    const response = await call('SignUp', { Username: email, Password: 'Valid-pass-1' });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, { UserConfirmed: false, UserSub: UUID, CodeDeliveryDetails: DELIVERED('r***@e***') });
    const sub = response.json!.UserSub as string;
    const user = await admin.send(new AdminGetUserCommand({ UserPoolId: emailPoolId, Username: email }));
    assert.equal(user.Username, sub, 'AdminGetUser finds the user by the address; the username is the sub');
    assert.equal(user.UserStatus, 'UNCONFIRMED');
    assert.deepEqual(Object.fromEntries(user.UserAttributes!.map(({ Name, Value }) => [Name, Value])), { email, sub });
  });

  test('confirmed by email, the user signs in with the email through USER_PASSWORD_AUTH and SRP', async () => {
    const email = newEmail();
    const sub = await signedUp(email);

    const password = await passwordSignIn(pool, email, 'Valid-pass-1', { clientId });
    assertShape(password.json, SIGNED_IN);
    const srp = await srpSignIn(pool, email, 'Valid-pass-1', { clientId, poolId: emailPoolId });
    assertShape(srp.started.json, {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { SALT: /^[0-9a-f]+$/, SECRET_BLOCK: /^[A-Za-z0-9+/]+=*$/, SRP_B: /^[0-9a-f]+$/, USERNAME: sub, USER_ID_FOR_SRP: sub },
    });
    assertShape(srp.answered.json, SIGNED_IN);
    for (const result of [password.json!.AuthenticationResult, srp.answered.json!.AuthenticationResult]) {
      const id = decodeJwt(result.IdToken);
      const access = decodeJwt(result.AccessToken);
      assert.deepEqual([id['cognito:username'], id.email, id.email_verified, id.sub, access.username], [sub, email, true, sub, sub]);
    }
  });

  test('a wrong password for the email is NotAuthorizedException in both flows', async () => {
    const email = newEmail();
    await signedUp(email);
    assertError(await passwordSignIn(pool, email, 'Wrong-pass-1', { clientId }), 'NotAuthorizedException', 'Incorrect username or password.');
    const srp = await srpSignIn(pool, email, 'Wrong-pass-1', { clientId, poolId: emailPoolId });
    assertError(srp.answered, 'NotAuthorizedException', 'Incorrect username or password.');
  });

  test('an unconfirmed address cannot sign in yet: UserNotConfirmedException', async () => {
    const email = newEmail();
    assert.equal((await call('SignUp', { Username: email, Password: 'Valid-pass-1' })).status, 200);
    assertError(await passwordSignIn(pool, email, 'Valid-pass-1', { clientId }), 'UserNotConfirmedException', 'User is not confirmed.');
  });

  test('SignUp refuses a name that is not an address, and an address already signed up (UsernameExistsException)', async () => {
    assertError(
      await call('SignUp', { Username: uniqueName('plainname'), Password: 'Valid-pass-1' }),
      'InvalidParameterException',
      'Username should be an email.',
    );
    const email = newEmail();
    await signedUp(email);
    assertError(
      await call('SignUp', { Username: email, Password: 'Other-pass-1' }),
      'UsernameExistsException',
      'An account with the given email already exists.',
    );
  });

  test('a password reset by email works end to end', async () => {
    const email = newEmail();
    const sub = await signedUp(email);
    assertShape((await call('ForgotPassword', { Username: email })).json, { CodeDeliveryDetails: DELIVERED('r***@e***') });
    const reset = await call('ConfirmForgotPassword', { Username: email, ConfirmationCode: await latestCode(pool.url, sub), Password: 'Reset-pass-2' });
    assert.equal(reset.status, 200, reset.text);
    assertShape((await passwordSignIn(pool, email, 'Reset-pass-2', { clientId })).json, SIGNED_IN);
  });

  test('with a client secret, SECRET_HASH is over the address typed, and over the generated username where Cognito names it', async () => {
    const { clientId: secretClient, secret } = await createClient(pool, admin, { UserPoolId: emailPoolId, GenerateSecret: true });
    const hash = (name: string) => createHmac('sha256', secret!).update(`${name}${secretClient}`).digest('base64');
    const email = newEmail();
    // SignUp can only be over the address: the generated username does not exist yet.
    const sub = await signedUp(email, 'Valid-pass-1', secretClient, hash(email));
    const signIn = await passwordSignIn(pool, email, 'Valid-pass-1', { clientId: secretClient, secretHash: hash(email) });
    assertShape(signIn.json, SIGNED_IN);
    const srp = await srpSignIn(pool, email, 'Valid-pass-1', { clientId: secretClient, poolId: emailPoolId, secretHash: hash });
    assertShape(srp.answered.json, SIGNED_IN, 'InitiateAuth over the address, the answer over USER_ID_FOR_SRP');
    const refreshed = await call(
      'InitiateAuth',
      { AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: signIn.json!.AuthenticationResult.RefreshToken, SECRET_HASH: hash(sub) } },
      secretClient,
    );
    assert.equal(refreshed.status, 200, `a refresh is over the username: ${refreshed.text}`);
  });
});
