import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CognitoIdentityProviderClient, CreateUserPoolClientCommand, DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { srpAnswer, srpStart } from '../helpers/srp-client.ts';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';
import { testClock } from '../helpers/clock.ts';

/**
 * `PreventUserExistenceErrors`: with ENABLED (the demo client's setting, the
 * console's default) a name without an account is answered exactly as a name
 * with one, as Cognito documents; with LEGACY (the API's default) it gets
 * UserNotFoundException.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
 */

const HOUR = 60 * 60_000;
const INCORRECT = { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const LOCKED = { __type: 'NotAuthorizedException', message: 'Password attempts exceeded' };
const CODE_MISMATCH = { __type: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' };
const LIMIT_EXCEEDED = { __type: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' };
const NOT_FOUND = { __type: 'UserNotFoundException', message: 'User does not exist.' };

const clock = testClock();
let pool: TestUserPool;
let legacyClientId: string;

before(async () => {
  pool = await startUserPool({ now: clock.now });
  const admin = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: pool.endpoint, credentials: pool.pool.admin, maxAttempts: 1 });
  try {
    const created = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: pool.poolId,
        ClientName: 'legacy',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    legacyClientId = created.UserPoolClient!.ClientId!;
    const described = await admin.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.poolId, ClientId: legacyClientId }));
    assert.equal(described.UserPoolClient!.PreventUserExistenceErrors, 'LEGACY', "the API's default");
  } finally {
    admin.destroy();
  }
});
after(() => pool.close({ removeData: true }));
beforeEach(() => {
  clock.advance(24 * HOUR);
});

const call = (operation: string, body: Record<string, unknown>, clientId = pool.clientId) =>
  callPool(pool.endpoint, operation, { ClientId: clientId, ...body });
const passwordSignIn = (username: string, password: string, clientId = pool.clientId) =>
  call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }, clientId);

async function srpSignIn(username: string, password: string) {
  const client = srpStart();
  const started = await call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: client.SRP_A } });
  assert.equal(started.status, 200, started.text);
  return call('RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: srpAnswer(pool.poolId, client, started.json!.ChallengeParameters, password),
  });
}

describe('PreventUserExistenceErrors: ENABLED', () => {
  test('sign-in: the same error in both flows, and the same lockout after five failures', async () => {
    for (const name of ['bob', 'ghost-1']) {
      for (let i = 0; i < 3; i++) assert.deepEqual((await passwordSignIn(name, `Wrong-${i}-Aa1`)).json, INCORRECT, `${name} password ${i}`);
      for (let i = 0; i < 2; i++) assert.deepEqual((await srpSignIn(name, `Wrong-${i}-Bb1`)).json, INCORRECT, `${name} SRP ${i}`);
      assert.deepEqual((await passwordSignIn(name, 'Wrong-6-Cc1')).json, LOCKED, `${name} is locked out after five`);
      assert.deepEqual((await srpSignIn(name, 'Wrong-7-Cc1')).json, LOCKED, `${name} is locked out in SRP too`);
      clock.advance(1000);
      assert.deepEqual((await passwordSignIn(name, 'Wrong-8-Dd1')).json, INCORRECT, `${name}: after the 1 s lockout, one more try`);
      assert.deepEqual((await passwordSignIn(name, 'Wrong-9-Dd1')).json, LOCKED, `${name}: now for 2 s`);
    }
  });

  test('ForgotPassword: simulated delivery for a name without an account, a disabled user, or one without a verified address', async () => {
    const alice = await call('ForgotPassword', { Username: 'alice' });
    assert.deepEqual(alice.json, { CodeDeliveryDetails: { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' } });

    const ghost = await call('ForgotPassword', { Username: 'ghost-2' });
    assert.equal(ghost.status, 200);
    assert.match(ghost.json!.CodeDeliveryDetails.Destination, /^[a-z]\*\*\*@[a-z]\*\*\*$/);
    assert.deepEqual((await call('ForgotPassword', { Username: 'ghost-2' })).json, ghost.json, 'the same answer every time');
    assert.deepEqual(
      (await call('ForgotPassword', { Username: 'zed@example.com' })).json,
      {
        CodeDeliveryDetails: { Destination: 'z***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
      },
      'a typed address is masked as a real one would be',
    );

    // A new sign-up has an address it has not verified yet; a disabled user gets no code either.
    const signedUp = await call('SignUp', { Username: 'unverified', Password: 'Valid-pass-1', UserAttributes: [{ Name: 'email', Value: 'u@example.com' }] });
    assert.equal(signedUp.status, 200, signedUp.text);
    const { store } = pool.pool;
    const mailBefore = store.listMail(0, 1000).length;
    assert.equal((await call('ForgotPassword', { Username: 'unverified' })).status, 200);
    const bob = store.getUser(pool.poolId, 'bob')!;
    store.putUser({ ...bob, enabled: false });
    try {
      assert.equal((await call('ForgotPassword', { Username: 'bob' })).status, 200);
    } finally {
      store.putUser(bob);
    }
    assert.equal(store.listMail(0, 1000).length, mailBefore, 'no code went anywhere');
  });

  test('ForgotPassword is throttled for a name without an account as for one with an account', async () => {
    for (const name of ['bob', 'ghost-3']) {
      for (let i = 0; i < 5; i++) assert.equal((await call('ForgotPassword', { Username: name })).status, 200, `${name} request ${i + 1}`);
      assert.deepEqual((await call('ForgotPassword', { Username: name })).json, LIMIT_EXCEEDED, name);
    }
  });

  test('ResendConfirmationCode: delivery details for a name without an account', async () => {
    const ghost = await call('ResendConfirmationCode', { Username: 'ghost-4' });
    assert.equal(ghost.status, 200, ghost.text);
    assert.deepEqual(Object.keys(ghost.json!).sort(), ['CodeDeliveryDetails']);
    const { Destination, ...rest } = ghost.json!.CodeDeliveryDetails;
    assert.deepEqual(rest, { DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    assert.match(Destination, /^[a-z]\*\*\*@[a-z]\*\*\*$/);
    assert.deepEqual((await call('ResendConfirmationCode', { Username: 'ghost-4' })).json, ghost.json, 'the same answer every time');
  });

  test('ConfirmSignUp and ConfirmForgotPassword: a wrong code for a name without an account, limited like any other', async () => {
    for (let i = 0; i < 5; i++) assert.deepEqual((await call('ConfirmSignUp', { Username: 'ghost-5', ConfirmationCode: '123456' })).json, CODE_MISMATCH);
    assert.deepEqual((await call('ConfirmSignUp', { Username: 'ghost-5', ConfirmationCode: '123456' })).json, LIMIT_EXCEEDED);
    assert.deepEqual((await call('ConfirmForgotPassword', { Username: 'ghost-6', ConfirmationCode: '123456', Password: 'Valid-pass-1' })).json, CODE_MISMATCH);
  });
});

describe('PreventUserExistenceErrors: LEGACY', () => {
  test('every account call says UserNotFoundException for a name without an account', async () => {
    const srp = srpStart();
    const answers = [
      await passwordSignIn('ghost-7', 'Any-pass-1', legacyClientId),
      await call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ghost-7', SRP_A: srp.SRP_A } }, legacyClientId),
      await call('ForgotPassword', { Username: 'ghost-7' }, legacyClientId),
      await call('ResendConfirmationCode', { Username: 'ghost-7' }, legacyClientId),
      await call('ConfirmSignUp', { Username: 'ghost-7', ConfirmationCode: '123456' }, legacyClientId),
      await call('ConfirmForgotPassword', { Username: 'ghost-7', ConfirmationCode: '123456', Password: 'Valid-pass-1' }, legacyClientId),
    ];
    for (const answer of answers) {
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.json, NOT_FOUND);
    }
    const bob = demoUser('bob');
    assert.equal((await passwordSignIn(bob.username, bob.password, legacyClientId)).status, 200, 'a real user signs in through the LEGACY client');
  });
});
