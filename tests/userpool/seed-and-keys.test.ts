import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeProtectedHeader } from 'jose';
import { SEED } from '../../src/stack/userpool/index.ts';
import { testClock, type TestClock } from '../helpers/clock.ts';
import { uniqueName } from '../helpers/names.ts';
import { assertError, assertShape, passwordSignIn, SIGNED_IN, tokensOf } from '../helpers/pool-actors.ts';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

/**
 * The seed (the demo pool, its client, group and users) and the local key
 * rotation. Each test starts a pool of its own: the seed is about the demo
 * pool's state, and rotation changes the keys of the whole pool.
 */

async function withPool(work: (pool: TestUserPool, clock: TestClock) => Promise<void>): Promise<void> {
  const clock = testClock();
  const pool = await startUserPool({ now: clock.now });
  try {
    await work(pool, clock);
  } finally {
    await pool.close({ removeData: true });
  }
}

const jwks = async (pool: TestUserPool) =>
  ((await (await fetch(`${pool.url}/${pool.poolId}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
const rotate = (pool: TestUserPool, graceSeconds?: number) =>
  fetch(`${pool.url}/_local/pools/${pool.poolId}/rotate-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(graceSeconds === undefined ? {} : { graceSeconds }),
  });
const KID = /^[A-Za-z0-9+/]{43}=$/;
const PUBLISHED = { kid: KID, alg: 'RS256', kty: 'RSA', e: 'AQAB', n: /^[\w-]{342}$/, use: 'sig' };

describe('the seed', () => {
  test('defines the demo pool, its client without a secret, the admin group and the demo users', async () => {
    await withPool(async (pool) => {
      const { store } = pool.pool;
      const client = store.getClient(SEED.client.id)!;
      assert.equal(client.secret, null);
      assert.equal(client.preventUserExistenceErrors, 'ENABLED');
      assert.deepEqual([...client.explicitAuthFlows].sort(), ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']);
      assert.deepEqual(
        store.listGroups(pool.poolId).map((g) => [g.name, g.precedence]),
        [['admin', 1]],
      );
      assert.deepEqual(store.groupsOfUser(pool.poolId, 'alice'), ['admin']);
      assert.deepEqual(
        store.listUsers(pool.poolId, 60).map((u) => [u.username, u.status]),
        [
          ['alice', 'CONFIRMED'],
          ['bob', 'CONFIRMED'],
          ['carol', 'FORCE_CHANGE_PASSWORD'],
        ],
      );
    });
  });

  test('applying it again changes nothing', async () => {
    await withPool(async (pool) => {
      const { store } = pool.pool;
      const before = store.listUsers(pool.poolId, 60).map((u) => JSON.stringify(u));
      await pool.pool.applySeed();
      assert.deepEqual(
        store.listUsers(pool.poolId, 60).map((u) => JSON.stringify(u)),
        before,
      );
    });
  });

  test('puts a demo user back to the published password, and leaves other users alone', async () => {
    await withPool(async (pool) => {
      const alice = demoUser('alice');
      const { AccessToken } = await tokensOf(pool, alice);
      assertShape(
        (await callPool(pool.endpoint, 'ChangePassword', { AccessToken, PreviousPassword: alice.password, ProposedPassword: 'Changed-by-reader-1' })).json,
        {},
      );
      const reader = uniqueName('reader');
      assert.equal((await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: reader, Password: 'Reader-pass-1' })).status, 200);
      assertError(await passwordSignIn(pool, alice.username, alice.password), 'NotAuthorizedException', 'Incorrect username or password.');
      await pool.pool.applySeed();
      assertShape((await passwordSignIn(pool, alice.username, alice.password)).json, SIGNED_IN);
      assert.equal(pool.pool.store.getUser(pool.poolId, reader)?.status, 'UNCONFIRMED', 'a reader-made user stays as it was');
    });
  });
});

describe('key rotation (a local admin operation)', () => {
  test('new tokens use the new keys; the old keys stay in the JWKS for the grace period, then leave', async () => {
    await withPool(async (pool, clock) => {
      const alice = demoUser('alice');
      const before = await tokensOf(pool, alice);
      const oldKids = await jwks(pool);
      assert.equal(oldKids.length, 2);
      const response = await rotate(pool, 600);
      assert.equal(response.status, 200);
      assertShape(await response.json(), {
        keys: [PUBLISHED, PUBLISHED, PUBLISHED, PUBLISHED],
        signing: [
          { use: 'id', kid: KID },
          { use: 'access', kid: KID },
        ],
      });
      const after = await tokensOf(pool, alice);
      assert.ok(!oldKids.includes(decodeProtectedHeader(after.AccessToken).kid!), 'a new access-token key');
      assert.ok(!oldKids.includes(decodeProtectedHeader(after.IdToken).kid!), 'a new ID-token key');
      const during = await jwks(pool);
      assert.equal(during.length, 4);
      for (const kid of oldKids) assert.ok(during.includes(kid), 'old keys stay during the grace period');
      assert.equal((await callPool(pool.endpoint, 'GetUser', { AccessToken: before.AccessToken })).status, 200, 'old tokens still work');

      clock.advance(600_000 - 1);
      assert.equal((await jwks(pool)).length, 4, 'a millisecond before the grace ends');
      clock.advance(1);
      assert.deepEqual((await jwks(pool)).sort(), during.filter((kid) => !oldKids.includes(kid)).sort(), 'past their grace, the old keys leave');
      assertError(await callPool(pool.endpoint, 'GetUser', { AccessToken: before.AccessToken }), 'NotAuthorizedException', 'Invalid Access Token');
      assert.equal((await callPool(pool.endpoint, 'GetUser', { AccessToken: after.AccessToken })).status, 200);
    });
  });

  test('a grace of zero drops the old keys at once', async () => {
    await withPool(async (pool) => {
      const before = await tokensOf(pool, demoUser('bob'));
      const kids = await jwks(pool);
      assert.equal((await rotate(pool, 0)).status, 200);
      const now = await jwks(pool);
      assert.equal(now.length, 2);
      for (const kid of kids) assert.ok(!now.includes(kid));
      assertError(await callPool(pool.endpoint, 'GetUser', { AccessToken: before.AccessToken }), 'NotAuthorizedException', 'Invalid Access Token');
    });
  });

  test('rotation refuses bad input and unknown pools', async () => {
    await withPool(async (pool) => {
      const kids = await jwks(pool);
      for (const grace of [-1, 1.5, 30 * 86_400 + 1]) {
        const response = await rotate(pool, grace);
        assert.equal(response.status, 400, String(grace));
        assert.deepEqual(await response.json(), { message: '`graceSeconds` must be an integer between 0 and 2592000.' });
      }
      const unknown = await fetch(`${pool.url}/_local/pools/us-east-1_Nope/rotate-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(unknown.status, 404);
      assert.deepEqual(await unknown.json(), { message: 'User pool us-east-1_Nope does not exist.' });
      assert.deepEqual(await jwks(pool), kids, 'nothing rotated');
    });
  });
});
