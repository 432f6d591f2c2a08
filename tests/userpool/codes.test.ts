import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { callPool, latestCode, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';
import { testClock } from '../helpers/clock.ts';

/**
 * One-time codes: how long they live, that they work once, and how often
 * they may be requested and guessed, on a clock the tests move by hand.
 */

const HOUR = 60 * 60_000;
const LIMIT_EXCEEDED = { __type: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' };
const CODE_MISMATCH = { __type: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' };
const EXPIRED_CODE = { __type: 'ExpiredCodeException', message: 'Invalid code provided, please request a code again.' };

const clock = testClock();
let pool: TestUserPool;
let userCount = 0;

before(async () => {
  pool = await startUserPool({ now: clock.now });
});
after(() => pool.close({ removeData: true }));
beforeEach(() => {
  clock.advance(24 * HOUR); // every test starts with the limits of earlier ones long lapsed
});

const call = (operation: string, body: Record<string, unknown>) => callPool(pool.endpoint, operation, { ClientId: pool.clientId, ...body });

/** A confirmed user of this test alone, with a verified address, so that password resets reach a mailbox. */
async function newUser(): Promise<string> {
  const username = `coder-${++userCount}`;
  const signedUp = await call('SignUp', {
    Username: username,
    Password: 'Valid-pass-1',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  assert.equal(signedUp.status, 200, signedUp.text);
  const confirmed = await call('ConfirmSignUp', { Username: username, ConfirmationCode: await latestCode(pool.url, username) });
  assert.equal(confirmed.status, 200, confirmed.text);
  return username;
}

const forgot = (username: string) => call('ForgotPassword', { Username: username });
const reset = (username: string, code: string, password = 'Reset-pass-1') =>
  call('ConfirmForgotPassword', { Username: username, ConfirmationCode: code, Password: password });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('wrong codes are counted per user and purpose, across re-requests', () => {
  test('four wrong guesses, a new code, a fifth wrong guess: the code is burnt and the right one refused until the count lapses', async () => {
    const username = await newUser();
    assert.equal((await forgot(username)).status, 200);
    const first = await latestCode(pool.url, username);
    for (let i = 0; i < 4; i++) assert.deepEqual((await reset(username, wrongCode(first))).json, CODE_MISMATCH, `guess ${i + 1}`);

    assert.equal((await forgot(username)).status, 200, 'a new code may be requested');
    const second = await latestCode(pool.url, username);
    assert.deepEqual((await reset(username, wrongCode(second))).json, CODE_MISMATCH, 'the fifth wrong guess');
    assert.deepEqual((await reset(username, second)).json, LIMIT_EXCEEDED, 'the right code, after five wrong ones');

    clock.advance(HOUR);
    assert.deepEqual((await reset(username, second)).json, EXPIRED_CODE, 'an hour later: the count has lapsed, and the burnt code is gone');
    assert.equal((await forgot(username)).status, 200);
    const third = await latestCode(pool.url, username);
    assert.equal((await reset(username, third)).status, 200);
    const signedIn = await callPool(pool.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: 'Reset-pass-1' },
    });
    assert.equal(signedIn.status, 200, 'the new password works');
  });

  test('the sign-up code counts on its own: guesses at one purpose leave another alone', async () => {
    const username = `unconfirmed-${++userCount}`;
    assert.equal(
      (await call('SignUp', { Username: username, Password: 'Valid-pass-1', UserAttributes: [{ Name: 'email', Value: 'u@example.com' }] })).status,
      200,
    );
    const code = await latestCode(pool.url, username);
    for (let i = 0; i < 5; i++) assert.deepEqual((await call('ConfirmSignUp', { Username: username, ConfirmationCode: wrongCode(code) })).json, CODE_MISMATCH);
    assert.deepEqual((await call('ConfirmSignUp', { Username: username, ConfirmationCode: code })).json, LIMIT_EXCEEDED);
  });
});

describe('code requests are throttled per user and purpose', () => {
  const requests: [string, (username: string) => Promise<{ status: number; json?: Record<string, any> }>][] = [
    ['ForgotPassword', (username) => forgot(username)],
    ['ResendConfirmationCode', async (username) => call('ResendConfirmationCode', { Username: username })],
  ];
  for (const [operation, send] of requests) {
    test(`${operation}: five an hour, then LimitExceededException, then five more an hour later`, async () => {
      let username: string;
      if (operation === 'ResendConfirmationCode') {
        username = `unconfirmed-${++userCount}`;
        assert.equal(
          (await call('SignUp', { Username: username, Password: 'Valid-pass-1', UserAttributes: [{ Name: 'email', Value: 'u@example.com' }] })).status,
          200,
        );
        clock.advance(HOUR); // the sign-up's own code is the first request: let it lapse
      } else {
        username = await newUser();
      }
      for (let i = 0; i < 5; i++) assert.equal((await send(username)).status, 200, `request ${i + 1}`);
      const sixth = await send(username);
      assert.equal(sixth.status, 400);
      assert.deepEqual(sixth.json, LIMIT_EXCEEDED);
      clock.advance(HOUR);
      assert.equal((await send(username)).status, 200);
    });
  }

  test('GetUserAttributeVerificationCode is throttled too', async () => {
    const username = await newUser();
    const signedIn = await callPool(pool.endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: 'Valid-pass-1' },
    });
    const accessToken = signedIn.json!.AuthenticationResult.AccessToken;
    for (let i = 0; i < 5; i++)
      assert.equal((await callPool(pool.endpoint, 'GetUserAttributeVerificationCode', { AccessToken: accessToken, AttributeName: 'email' })).status, 200);
    assert.deepEqual(
      (await callPool(pool.endpoint, 'GetUserAttributeVerificationCode', { AccessToken: accessToken, AttributeName: 'email' })).json,
      LIMIT_EXCEEDED,
    );
  });
});

describe('codes expire and work once', () => {
  test('a password-reset code lasts an hour; a sign-up code a day', async () => {
    const username = await newUser();
    await forgot(username);
    const code = await latestCode(pool.url, username);
    clock.advance(HOUR);
    assert.deepEqual((await reset(username, code)).json, EXPIRED_CODE);

    const newcomer = `unconfirmed-${++userCount}`;
    await call('SignUp', { Username: newcomer, Password: 'Valid-pass-1', UserAttributes: [{ Name: 'email', Value: 'n@example.com' }] });
    const signUpCode = await latestCode(pool.url, newcomer);
    clock.advance(24 * HOUR - 1);
    assert.equal((await call('ConfirmSignUp', { Username: newcomer, ConfirmationCode: signUpCode })).status, 200, 'still good a millisecond before a day');
  });

  test('a used code does not work again', async () => {
    const username = await newUser();
    await forgot(username);
    const code = await latestCode(pool.url, username);
    assert.equal((await reset(username, code)).status, 200);
    assert.deepEqual((await reset(username, code, 'Other-pass-1')).json, EXPIRED_CODE);
  });

  test('ConfirmForgotPassword without a requested code says the code expired, as Cognito documents', async () => {
    const username = await newUser();
    assert.deepEqual((await reset(username, '123456')).json, EXPIRED_CODE);
  });
});

describe('the mailbox is capped', () => {
  test('it keeps the newest 500 messages however many are sent', async () => {
    const username = await newUser();
    for (let hour = 0; hour < 110; hour++) {
      clock.advance(HOUR);
      for (let i = 0; i < 5; i++) assert.equal((await forgot(username)).status, 200);
    }
    const ids: number[] = [];
    let after = 0;
    for (;;) {
      const { messages } = (await (await fetch(`${pool.url}/_local/mailbox?after=${after}&limit=200`)).json()) as { messages: { id: number }[] };
      if (messages.length === 0) break;
      ids.push(...messages.map((message) => message.id));
      after = messages.at(-1)!.id;
    }
    assert.equal(ids.length, 500);
    assert.equal(ids.at(-1)! - ids[0]! + 1, 500, 'the newest, without gaps');
  });
});
