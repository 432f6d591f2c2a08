import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';
import { srpAnswer, srpStart } from '../helpers/srp-client.ts';
import { testClock } from '../helpers/clock.ts';
import { uniqueName } from '../helpers/names.ts';
import { assertShape, SIGNED_IN, signUpUser, type TestUser } from '../helpers/pool-actors.ts';

// A clock the tests move by hand, so that expiry and lockout need no waiting.
// Each test signs up users of its own (no admin call: the clock leaves the real time behind).
const clock = testClock();
let pool: TestUserPool;

before(async () => {
  pool = await startUserPool({ now: clock.now });
});
const newUser = (): Promise<TestUser> => signUpUser(pool);
after(() => pool.close({ removeData: true }));

async function initiateSrp(username: string) {
  const client = srpStart();
  const response = await callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username, SRP_A: client.SRP_A },
  });
  assert.equal(response.status, 200, response.text);
  return { client, challenge: response.json!.ChallengeParameters };
}

function respond(responses: Record<string, string>) {
  return callPool(pool.endpoint, 'RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId: pool.clientId, ChallengeResponses: responses });
}

function passwordSignIn(username: string, password: string) {
  return callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
}

async function srpSignIn(username: string, password: string) {
  const { client, challenge } = await initiateSrp(username);
  return respond(srpAnswer(pool.poolId, client, challenge, password));
}

describe('SRP challenges', () => {
  test('the challenge carries what Amplify needs, with the internal username as USER_ID_FOR_SRP', async () => {
    const user = await newUser();
    const { challenge } = await initiateSrp(user.username);
    assert.deepEqual(Object.keys(challenge).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    assert.equal(challenge.USER_ID_FOR_SRP, user.username);
    assert.equal(challenge.USERNAME, user.username);
    assert.match(challenge.SECRET_BLOCK, /^[A-Za-z0-9+/]+=*$/, 'standard base64');
    assert.match(challenge.SRP_B, /^[0-9a-f]+$/);
  });

  test('a correct proof gets tokens; a wrong password gets NotAuthorizedException', async () => {
    const alice = await newUser();
    const good = await srpSignIn(alice.username, alice.password);
    assert.equal(good.status, 200, good.text);
    assertShape(good.json, SIGNED_IN);
    const bad = await srpSignIn(alice.username, 'Wrong-password-1');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  test('a challenge can be answered once only', async () => {
    const alice = await newUser();
    const { client, challenge } = await initiateSrp(alice.username);
    const answer = srpAnswer(pool.poolId, client, challenge, alice.password);
    assert.equal((await respond(answer)).status, 200);
    const replay = await respond(answer);
    assert.deepEqual(replay.json, { __type: 'NotAuthorizedException', message: 'Invalid session for the user.' });
  });

  test('a challenge can be answered for the whole auth session validity (minutes, not seconds)', async () => {
    const alice = await newUser();
    const { client, challenge } = await initiateSrp(alice.username);
    clock.advance(3 * 60_000 - 1);
    assert.equal((await respond(srpAnswer(pool.poolId, client, challenge, alice.password))).status, 200);
  });

  test("a challenge expires after the client's auth session validity (3 minutes)", async () => {
    const alice = await newUser();
    const { client, challenge } = await initiateSrp(alice.username);
    clock.advance(3 * 60_000 + 1);
    const late = await respond(srpAnswer(pool.poolId, client, challenge, alice.password));
    assert.deepEqual(late.json, { __type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  test('an unknown user gets a decoy challenge, stable per name, that can only fail', async () => {
    const nobody = uniqueName('nobody');
    const first = await initiateSrp(nobody);
    const second = await initiateSrp(nobody);
    assert.equal(first.challenge.USER_ID_FOR_SRP, nobody);
    assert.equal(first.challenge.SALT, second.challenge.SALT, 'the salt does not give the decoy away');
    const answer = await respond(srpAnswer(pool.poolId, first.client, first.challenge, 'Any-password-1'));
    assert.deepEqual(answer.json, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});

describe('lockout after repeated failures, as Cognito documents it', () => {
  test('five failures lock the user for 1 s, then 2 s; attempts meanwhile fail with "Password attempts exceeded"', async () => {
    const bob = await newUser();
    for (let i = 0; i < 5; i++) {
      assert.equal((await passwordSignIn(bob.username, `Wrong-${i}-Aa!`)).json!.message, 'Incorrect username or password.');
    }
    // Locked for 2^(5-5) = 1 s: even the right password is refused, and does not count.
    const locked = await srpSignIn(bob.username, bob.password);
    assert.deepEqual(locked.json, { __type: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    clock.advance(1001);
    assert.equal((await passwordSignIn(bob.username, 'Wrong-again-1A!')).json!.message, 'Incorrect username or password.');
    // The sixth failure locks for 2 s.
    clock.advance(1001);
    assert.equal((await passwordSignIn(bob.username, bob.password)).json!.message, 'Password attempts exceeded');
    clock.advance(1000);
    assert.equal((await passwordSignIn(bob.username, bob.password)).status, 200, 'a success after the lockout resets the count');
    assert.equal((await passwordSignIn(bob.username, 'Wrong-after-1A!')).json!.message, 'Incorrect username or password.');
    assert.equal((await passwordSignIn(bob.username, bob.password)).status, 200, 'one failure alone locks nothing');
  });

  test('fifteen quiet minutes forgive earlier failures', async () => {
    const alice = await newUser();
    for (let i = 0; i < 4; i++) assert.equal((await passwordSignIn(alice.username, `Wrong-${i}-Aa!`)).json!.message, 'Incorrect username or password.');
    clock.advance(15 * 60_000);
    assert.equal((await passwordSignIn(alice.username, 'Wrong-5-Aa!')).json!.message, 'Incorrect username or password.');
    assert.equal((await passwordSignIn(alice.username, alice.password)).status, 200);
  });
});

describe('passwords and lifetimes', () => {
  test('a weak password gets InvalidPasswordException naming the rule it breaks', async () => {
    const cases: [string, string][] = [
      ['Sh0rt!', 'Password did not conform with policy: Password not long enough'],
      ['alllowercase1!', 'Password did not conform with policy: Password must have uppercase characters'],
      ['ALLUPPERCASE1!', 'Password did not conform with policy: Password must have lowercase characters'],
      ['NoNumbersHere!', 'Password did not conform with policy: Password must have numeric characters'],
      ['NoSymbols1234', 'Password did not conform with policy: Password must have symbol characters'],
    ];
    for (const [password, message] of cases) {
      const response = await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: uniqueName('weak'), Password: password });
      assert.deepEqual(response.json, { __type: 'InvalidPasswordException', message }, password);
    }
  });

  test('the database holds SRP verifiers, never a password', async () => {
    const { password } = await signUpUser(pool, { password: 'Unmistakable-Pass-42' });
    for (const file of ['userpool.sqlite', 'userpool.sqlite-wal']) {
      const bytes = readFileSync(join(pool.dataDir, file));
      assert.equal(bytes.includes(Buffer.from(password)), false, `${file} must not contain the password`);
      assert.equal(bytes.includes(Buffer.from(demoUser('alice').password)), false, `${file} must not contain a demo password`);
    }
  });

  test('an access token expires after an hour: GetUser then says so', async () => {
    const alice = await newUser();
    const { AccessToken } = (await passwordSignIn(alice.username, alice.password)).json!.AuthenticationResult;
    clock.advance(3600_000 - 1000);
    assert.equal((await callPool(pool.endpoint, 'GetUser', { AccessToken })).status, 200, 'a second before');
    clock.advance(1000);
    const response = await callPool(pool.endpoint, 'GetUser', { AccessToken });
    assert.deepEqual(response.json, { __type: 'NotAuthorizedException', message: 'Access Token has expired' });
  });

  test('a refresh token stops working after 30 days', async () => {
    const alice = await newUser();
    const { RefreshToken } = (await passwordSignIn(alice.username, alice.password)).json!.AuthenticationResult;
    clock.advance(30 * 86_400_000 - 1);
    assert.equal((await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken })).status, 200, 'a millisecond before');
    clock.advance(1);
    const expired = await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken });
    assert.deepEqual(expired.json, { __type: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });

  test('a password changed between challenge and answer invalidates the proof', async () => {
    const { username } = await signUpUser(pool, { password: 'First-pass-1' });
    const { client, challenge } = await initiateSrp(username);
    const { AccessToken } = (await passwordSignIn(username, 'First-pass-1')).json!.AuthenticationResult;
    await callPool(pool.endpoint, 'ChangePassword', { AccessToken, PreviousPassword: 'First-pass-1', ProposedPassword: 'Second-pass-2' });
    const stale = await respond(srpAnswer(pool.poolId, client, challenge, 'First-pass-1'));
    assert.equal(stale.json!.message, 'Incorrect username or password.');
    assert.equal((await srpSignIn(username, 'Second-pass-2')).status, 200);
  });
});
