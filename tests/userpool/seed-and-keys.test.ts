import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { applySeed } from '../../src/stack/userpool/seed.ts';
import { SEED } from '../../src/stack/userpool/index.ts';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

let clock = Date.now();
let pool: TestUserPool;
before(async () => {
  pool = await startUserPool({ now: () => clock });
});
after(() => pool.close({ removeData: true }));

function signIn(username: string, password: string) {
  return callPool(pool.endpoint, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } });
}
const jwks = async () => ((await (await fetch(`${pool.url}/${pool.poolId}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
const rotate = (graceSeconds?: number) =>
  fetch(`${pool.url}/_local/pools/${pool.poolId}/rotate-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(graceSeconds === undefined ? {} : { graceSeconds }),
  });

describe('the seed', () => {
  test('defines the demo pool, its client without a secret, the admin group and the demo users', () => {
    const { store } = pool.pool.ctx;
    const client = store.getClient(SEED.client.id)!;
    assert.equal(client.secret, null);
    assert.deepEqual(client.explicitAuthFlows.sort(), ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']);
    assert.ok(store.getGroup(pool.poolId, 'admin'));
    assert.deepEqual(store.groupsOfUser(pool.poolId, 'alice'), ['admin']);
    assert.equal(store.getUser(pool.poolId, 'carol')!.status, 'FORCE_CHANGE_PASSWORD');
  });

  test('applying it again changes nothing', async () => {
    const { store } = pool.pool.ctx;
    const before = store.listUsers(pool.poolId, 60).map((u) => JSON.stringify(u));
    await applySeed(pool.pool.ctx, SEED);
    assert.deepEqual(store.listUsers(pool.poolId, 60).map((u) => JSON.stringify(u)), before);
  });

  test('puts a demo user back to the published password, and leaves other users alone', async () => {
    const alice = demoUser('alice');
    const { AccessToken } = (await signIn(alice.username, alice.password)).json!.AuthenticationResult;
    await callPool(pool.endpoint, 'ChangePassword', { AccessToken, PreviousPassword: alice.password, ProposedPassword: 'Changed-by-reader-1' });
    await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: 'reader', Password: 'Reader-pass-1' });
    assert.equal((await signIn(alice.username, alice.password)).status, 400);
    await applySeed(pool.pool.ctx, SEED);
    assert.equal((await signIn(alice.username, alice.password)).status, 200);
    assert.ok(pool.pool.ctx.store.getUser(pool.poolId, 'reader'), 'a reader-made user stays');
  });
});

describe('key rotation (a local admin operation)', () => {
  test('new tokens use the new keys; the old keys stay in the JWKS for the grace period, then leave', async () => {
    const alice = demoUser('alice');
    const before = (await signIn(alice.username, alice.password)).json!.AuthenticationResult;
    const oldKids = await jwks();
    const response = await rotate(600);
    assert.equal(response.status, 200);
    const after = (await signIn(alice.username, alice.password)).json!.AuthenticationResult;
    const newKid = decodeProtectedHeader(after.AccessToken).kid!;
    assert.ok(!oldKids.includes(newKid), 'a new access-token key');
    assert.notEqual(decodeProtectedHeader(after.IdToken).kid, decodeProtectedHeader(before.IdToken).kid);
    const during = await jwks();
    assert.equal(during.length, 4);
    for (const kid of oldKids) assert.ok(during.includes(kid), 'old keys stay during the grace period');
    assert.equal((await callPool(pool.endpoint, 'GetUser', { AccessToken: before.AccessToken })).status, 200, 'old tokens still work');

    clock += 601_000;
    await rotate(600);
    const later = await jwks();
    for (const kid of oldKids) assert.ok(!later.includes(kid), 'keys past their grace leave the JWKS');
    assert.equal((await callPool(pool.endpoint, 'GetUser', { AccessToken: before.AccessToken })).json!.message, 'Invalid Access Token');
  });

  test('a grace of zero drops the old keys at once', async () => {
    const kids = await jwks();
    await rotate(0);
    const now = await jwks();
    assert.equal(now.length, 2);
    for (const kid of kids) assert.ok(!now.includes(kid));
  });

  test('rotation refuses bad input and unknown pools', async () => {
    assert.equal((await rotate(-1)).status, 400);
    const unknown = await fetch(`${pool.url}/_local/pools/us-east-1_Nope/rotate-keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(unknown.status, 404);
  });
});
