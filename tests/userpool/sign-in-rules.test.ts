import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';
import { srpAnswer, srpStart } from '../helpers/srp-client.ts';

// A clock the tests move by hand, so that expiry and lockout need no waiting.
let clock = Date.now();
let pool: TestUserPool;

before(async () => {
  pool = await startUserPool({ now: () => clock });
});
after(() => pool.close({ removeData: true }));

async function initiateSrp(username: string) {
  const client = srpStart();
  const response = await callPool(pool.endpoint, 'InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, SRP_A: client.SRP_A } });
  assert.equal(response.status, 200, response.text);
  return { client, challenge: response.json!.ChallengeParameters };
}

function respond(responses: Record<string, string>) {
  return callPool(pool.endpoint, 'RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId: pool.clientId, ChallengeResponses: responses });
}

function passwordSignIn(username: string, password: string) {
  return callPool(pool.endpoint, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } });
}

async function srpSignIn(username: string, password: string) {
  const { client, challenge } = await initiateSrp(username);
  return respond(srpAnswer(pool.poolId, client, challenge, password));
}

describe('SRP challenges', () => {
  beforeEach(() => {
    clock += 60 * 60_000; // clear any lockout left by an earlier test
  });

  test('the challenge carries what Amplify needs, with the internal username as USER_ID_FOR_SRP', async () => {
    const { challenge } = await initiateSrp('alice');
    assert.deepEqual(Object.keys(challenge).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    assert.equal(challenge.USER_ID_FOR_SRP, 'alice');
    assert.match(challenge.SECRET_BLOCK, /^[A-Za-z0-9+/]+=*$/, 'standard base64');
    assert.match(challenge.SRP_B, /^[0-9a-f]+$/);
  });

  test('a correct proof gets tokens; a wrong password gets NotAuthorizedException', async () => {
    const alice = demoUser('alice');
    const good = await srpSignIn(alice.username, alice.password);
    assert.equal(good.status, 200);
    assert.ok(good.json!.AuthenticationResult.AccessToken);
    const bad = await srpSignIn(alice.username, 'Wrong-password-1');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  test('a challenge can be answered once only', async () => {
    const alice = demoUser('alice');
    const { client, challenge } = await initiateSrp(alice.username);
    const answer = srpAnswer(pool.poolId, client, challenge, alice.password);
    assert.equal((await respond(answer)).status, 200);
    const replay = await respond(answer);
    assert.deepEqual(replay.json, { __type: 'NotAuthorizedException', message: 'Invalid session for the user.' });
  });

  test('a challenge can be answered for the whole auth session validity (minutes, not seconds)', async () => {
    const alice = demoUser('alice');
    const { client, challenge } = await initiateSrp(alice.username);
    clock += 3 * 60_000 - 1;
    assert.equal((await respond(srpAnswer(pool.poolId, client, challenge, alice.password))).status, 200);
  });

  test('a challenge expires after the client\'s auth session validity (3 minutes)', async () => {
    const alice = demoUser('alice');
    const { client, challenge } = await initiateSrp(alice.username);
    clock += 3 * 60_000 + 1;
    const late = await respond(srpAnswer(pool.poolId, client, challenge, alice.password));
    assert.deepEqual(late.json, { __type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  test('an unknown user gets a decoy challenge, stable per name, that can only fail', async () => {
    const first = await initiateSrp('nobody-here');
    const second = await initiateSrp('nobody-here');
    assert.equal(first.challenge.USER_ID_FOR_SRP, 'nobody-here');
    assert.equal(first.challenge.SALT, second.challenge.SALT, 'the salt does not give the decoy away');
    const answer = await respond(srpAnswer(pool.poolId, first.client, first.challenge, 'Any-password-1'));
    assert.deepEqual(answer.json, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});

describe('lockout after repeated failures, as Cognito documents it', () => {
  test('five failures lock the user for 1 s, then 2 s; attempts meanwhile fail with "Password attempts exceeded"', async () => {
    clock += 60 * 60_000;
    const bob = demoUser('bob');
    for (let i = 0; i < 5; i++) {
      assert.equal((await passwordSignIn(bob.username, `Wrong-${i}-Aa!`)).json!.message, 'Incorrect username or password.');
    }
    // Locked for 2^(5-5) = 1 s: even the right password is refused, and does not count.
    const locked = await srpSignIn(bob.username, bob.password);
    assert.deepEqual(locked.json, { __type: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    clock += 1001;
    assert.equal((await passwordSignIn(bob.username, 'Wrong-again-1A!')).json!.message, 'Incorrect username or password.');
    // The sixth failure locks for 2 s.
    clock += 1001;
    assert.equal((await passwordSignIn(bob.username, bob.password)).json!.message, 'Password attempts exceeded');
    clock += 1000;
    assert.equal((await passwordSignIn(bob.username, bob.password)).status, 200, 'a success after the lockout resets the count');
    assert.equal((await passwordSignIn(bob.username, 'Wrong-after-1A!')).json!.message, 'Incorrect username or password.');
    assert.equal((await passwordSignIn(bob.username, bob.password)).status, 200, 'one failure alone locks nothing');
  });

  test('fifteen quiet minutes forgive earlier failures', async () => {
    clock += 60 * 60_000;
    const alice = demoUser('alice');
    for (let i = 0; i < 4; i++) await passwordSignIn(alice.username, `Wrong-${i}-Aa!`);
    clock += 15 * 60_000;
    await passwordSignIn(alice.username, 'Wrong-5-Aa!');
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
      const response = await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: `weak${password.length}${clock}`, Password: password });
      assert.deepEqual(response.json, { __type: 'InvalidPasswordException', message }, password);
    }
  });

  test('the database holds SRP verifiers, never a password', async () => {
    const password = 'Unmistakable-Pass-42';
    const response = await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: 'stored-check', Password: password });
    assert.equal(response.status, 200);
    await passwordSignIn('stored-check', password);
    for (const file of ['userpool.sqlite', 'userpool.sqlite-wal']) {
      const bytes = readFileSync(join(pool.dataDir, file));
      assert.equal(bytes.includes(Buffer.from(password)), false, `${file} must not contain the password`);
      assert.equal(bytes.includes(Buffer.from(demoUser('alice').password)), false, `${file} must not contain a demo password`);
    }
  });

  test('an access token expires after an hour: GetUser then says so', async () => {
    const alice = demoUser('alice');
    clock += 60 * 60_000;
    const { AccessToken } = (await passwordSignIn(alice.username, alice.password)).json!.AuthenticationResult;
    clock += 3600_000;
    const response = await callPool(pool.endpoint, 'GetUser', { AccessToken });
    assert.deepEqual(response.json, { __type: 'NotAuthorizedException', message: 'Access Token has expired' });
  });

  test('a refresh token stops working after 30 days', async () => {
    const alice = demoUser('alice');
    const { RefreshToken } = (await passwordSignIn(alice.username, alice.password)).json!.AuthenticationResult;
    clock += 29 * 86_400_000;
    assert.equal((await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken })).status, 200);
    clock += 86_400_000;
    const expired = await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken });
    assert.deepEqual(expired.json, { __type: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });

  test('a password changed between challenge and answer invalidates the proof', async () => {
    const username = 'changer';
    await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: username, Password: 'First-pass-1' });
    pool.pool.ctx.store.putUser({ ...pool.pool.ctx.store.getUser(pool.poolId, username)!, status: 'CONFIRMED' });
    const { client, challenge } = await initiateSrp(username);
    const { AccessToken } = (await passwordSignIn(username, 'First-pass-1')).json!.AuthenticationResult;
    await callPool(pool.endpoint, 'ChangePassword', { AccessToken, PreviousPassword: 'First-pass-1', ProposedPassword: 'Second-pass-2' });
    const stale = await respond(srpAnswer(pool.poolId, client, challenge, 'First-pass-1'));
    assert.equal(stale.json!.message, 'Incorrect username or password.');
    assert.equal((await srpSignIn(username, 'Second-pass-2')).status, 200);
  });
});
