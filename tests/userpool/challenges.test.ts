import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bytesToBase64, base64ToBytes } from '../../src/lib/bytes.ts';
import { SpentChallenges } from '../../src/stack/userpool/challenges.ts';
import { Decoys } from '../../src/stack/userpool/decoys.ts';
import { nodeCryptoPrimitives } from '../../src/stack/userpool/node-primitives.ts';
import type { CryptoPrimitives } from '../../src/stack/userpool/primitives.ts';
import { srpAnswer, srpStart } from '../helpers/srp-client.ts';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';
import { testClock } from '../helpers/clock.ts';
import { assertShape, SIGNED_IN } from '../helpers/pool-actors.ts';

/**
 * Sign-in challenges travel sealed with the client, so the pool holds nothing
 * per pending challenge: a flood of SRP starts can push nobody's challenge
 * out and costs no memory; and a name without an account costs the same work
 * as one with an account.
 */

/** Node's primitives, counting the work: exponentiations above all, the cost that dominates a sign-in. */
function countingPrimitives(): { primitives: CryptoPrimitives; counts: { modPowN: number; hmacSha256: number; sha256: number } } {
  const counts = { modPowN: 0, hmacSha256: 0, sha256: 0 };
  return {
    counts,
    primitives: {
      ...nodeCryptoPrimitives,
      modPowN: (base, exponent) => {
        counts.modPowN++;
        return nodeCryptoPrimitives.modPowN(base, exponent);
      },
      hmacSha256: (key, data) => {
        counts.hmacSha256++;
        return nodeCryptoPrimitives.hmacSha256(key, data);
      },
      sha256: (data) => {
        counts.sha256++;
        return nodeCryptoPrimitives.sha256(data);
      },
    },
  };
}

const clock = testClock();
let pool: TestUserPool;
before(async () => {
  pool = await startUserPool({ now: clock.now });
});
after(() => pool.close({ removeData: true }));

async function initiate(username: string, client = srpStart()) {
  const response = await callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username, SRP_A: client.SRP_A },
  });
  assert.equal(response.status, 200, response.text);
  return {
    client,
    challenge: response.json!.ChallengeParameters as { SALT: string; SRP_B: string; SECRET_BLOCK: string; USER_ID_FOR_SRP: string; USERNAME: string },
  };
}

const respond = (responses: Record<string, string>) =>
  callPool(pool.endpoint, 'RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId: pool.clientId, ChallengeResponses: responses });

/**
 * Counts the work a request causes, including what the pool computes ahead
 * after answering (spare server ephemerals, on later setTimeout turns). The
 * test that counts mocks setTimeout, so those turns run when `flush` runs
 * them, all of them, and never because time passed.
 */
function workCounter(counts: { modPowN: number; hmacSha256: number; sha256: number }, timers: { runAll(): void }) {
  const flush = () => {
    for (let last = -1; last !== counts.modPowN; ) {
      last = counts.modPowN;
      timers.runAll();
    }
  };
  return async <T>(work: () => Promise<T>): Promise<{ result: T; modPowN: number; hmacSha256: number; sha256: number }> => {
    flush();
    const before = { ...counts };
    const result = await work();
    flush();
    return { result, modPowN: counts.modPowN - before.modPowN, hmacSha256: counts.hmacSha256 - before.hmacSha256, sha256: counts.sha256 - before.sha256 };
  };
}

describe('a flood of SRP starts', () => {
  test('10,000 starts for other names leave a pending challenge answerable, and hold no memory per challenge', async () => {
    clock.advance(60 * 60_000);
    const alice = demoUser('alice');
    const pending = await initiate(alice.username);
    const beforeFlood = pool.pool.stats();

    // In this process rather than over HTTP: the flood is the load, not what is checked,
    // and the exponentiation each start costs is what takes the time. One more start
    // than the 10,000 pending challenges an earlier version kept before evicting.
    const FLOOD = 10_001;
    for (let n = 0; n < FLOOD; n++) {
      const request = new Request(pool.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: `flood-${n}`, SRP_A: 'ab'.repeat(64) } }),
      });
      const started = await pool.pool.handler(request, { remoteAddress: '127.0.0.1' });
      if (started.status !== 200) assert.fail(`start ${n}: ${started.status} ${await started.text()}`);
    }

    const afterFlood = pool.pool.stats();
    assert.equal(afterFlood.spentChallenges, beforeFlood.spentChallenges, 'nothing is kept per started challenge');
    assert.equal(afterFlood.namesWithoutAccount, beforeFlood.namesWithoutAccount, 'nor per name without an account, until it fails a proof');
    // In process too: a connection the client opened before the flood may
    // have sat idle past the server's keep-alive by now, and whether the
    // client or the server drops it first is a race between their timers.
    const answered = await pool.pool.handler(
      new Request(pool.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.RespondToAuthChallenge' },
        body: JSON.stringify({
          ChallengeName: 'PASSWORD_VERIFIER',
          ClientId: pool.clientId,
          ChallengeResponses: srpAnswer(pool.poolId, pending.client, pending.challenge, alice.password),
        }),
      }),
      { remoteAddress: '127.0.0.1' },
    );
    const text = await answered.text();
    assert.equal(answered.status, 200, text);
    assertShape(JSON.parse(text), SIGNED_IN);
  });
});

describe('what the pool remembers is bounded', () => {
  test('answered challenges: at most the capacity, the oldest going first, and each for its lifetime only', () => {
    const spent = new SpentChallenges(3);
    for (const id of ['a', 'b', 'c', 'd']) assert.equal(spent.spend(id, 1000, 0), true);
    assert.equal(spent.size, 3);
    assert.equal(spent.has('a'), false, 'the oldest went');
    assert.equal(spent.spend('d', 1000, 0), false, 'spent once only');
    assert.equal(spent.spend('e', 2000, 1000), true);
    assert.equal(spent.size, 1, 'expired entries are swept');
  });

  test('names without an account: at most the capacity, the least recently used going first', () => {
    const decoys = new Decoys(nodeCryptoPrimitives, new Uint8Array(32), 2);
    const failed = { failedAttempts: 1, lastFailedAt: 1, lockedUntil: 0 };
    decoys.setLockout('p', 'one', failed);
    decoys.setLockout('p', 'two', failed);
    decoys.setLockout('p', 'one', failed);
    decoys.setLockout('p', 'three', failed);
    assert.equal(decoys.size, 2);
    assert.deepEqual(decoys.lockout('p', 'one'), failed, 'recently used, kept');
    assert.equal(decoys.lockout('p', 'two').failedAttempts, 0, 'least recently used, dropped');
  });
});

describe('a name without an account costs what a name with one costs', () => {
  test('the challenge has the same shape: a salt’s form, SRP_B and a SECRET_BLOCK of the same length for a name of the same length', async () => {
    const real = await initiate('alice');
    const decoy = await initiate('ghost');
    assert.equal(decoy.challenge.USER_ID_FOR_SRP, 'ghost');
    // A 128-bit salt in the padded hex clients hash: 32 digits, 34 with a leading 00 byte.
    for (const { challenge } of [real, decoy]) assert.match(challenge.SALT, /^(00[89a-f][0-9a-f]{31}|[0-7][0-9a-f]{31}|[0-9a-f]{2,30})$/);
    assert.equal(decoy.challenge.SECRET_BLOCK.length, real.challenge.SECRET_BLOCK.length);
    assert.match(decoy.challenge.SRP_B, /^[0-9a-f]{760,768}$/);
    assert.equal((await initiate('ghost')).challenge.SALT, decoy.challenge.SALT, 'stable per name, like a real salt');
  });

  // The exponentiations (about a millisecond each) and SHA-256 runs are the
  // same; a name without an account adds two HMACs (microseconds) for its
  // stable salt and verifier.
  test('InitiateAuth, a wrong proof and a wrong USER_PASSWORD_AUTH take the same exponentiations and hashes for both', async (t) => {
    // A pool of this test's own, made after setTimeout is mocked, so that every
    // turn of its work ahead is run by the counter and none by the clock.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const own = countingPrimitives();
    const measured = await startUserPool({ now: clock.now, primitives: own.primitives });
    const settled = workCounter(own.counts, t.mock.timers);
    const call = (operation: string, body: Record<string, unknown>) => callPool(measured.endpoint, operation, { ClientId: measured.clientId, ...body });
    try {
      // A first start fills the pool's spare ephemerals, as any running pool has them.
      await settled(() => call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'warm-up', SRP_A: srpStart().SRP_A } }));
      const work = async (username: string) => {
        const client = srpStart();
        const start = await settled(() => call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: client.SRP_A } }));
        assert.equal(start.result.status, 200, start.result.text);
        const answer = srpAnswer(measured.poolId, client, start.result.json!.ChallengeParameters, 'Wrong-password-1');
        const proof = await settled(() => call('RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: answer }));
        assert.deepEqual(proof.result.json, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        const password = await settled(() =>
          call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Wrong-password-1' } }),
        );
        assert.deepEqual(password.result.json, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
        const heavy = ({ modPowN, sha256 }: { modPowN: number; sha256: number }) => ({ modPowN, sha256 });
        return { start: heavy(start), proof: heavy(proof), password: heavy(password), hmacs: start.hmacSha256 + proof.hmacSha256 + password.hmacSha256 };
      };
      const real = await work('bob');
      const decoy = await work('nobody-at-all');
      assert.deepEqual(
        { start: real.start, proof: real.proof, password: real.password },
        { start: { modPowN: 1, sha256: 0 }, proof: { modPowN: 2, sha256: 1 }, password: { modPowN: 1, sha256: 2 } },
      );
      assert.deepEqual({ start: decoy.start, proof: decoy.proof, password: decoy.password }, { start: real.start, proof: real.proof, password: real.password });
      assert.ok(decoy.hmacs - real.hmacs <= 3, `HMACs: ${decoy.hmacs} against ${real.hmacs}`);
    } finally {
      await measured.close({ removeData: true });
    }
  });
});

describe('a sealed challenge', () => {
  test('changed by one bit, or answered for another client, is an invalid session', async () => {
    clock.advance(60 * 60_000);
    const alice = demoUser('alice');
    const { client, challenge } = await initiate(alice.username);
    const bytes = base64ToBytes(challenge.SECRET_BLOCK);
    bytes[40]! ^= 1;
    const flipped = { ...challenge, SECRET_BLOCK: bytesToBase64(bytes) };
    assert.deepEqual((await respond(srpAnswer(pool.poolId, client, flipped, alice.password))).json, {
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user.',
    });
    const otherClient = await callPool(pool.endpoint, 'RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: 'someotherclient',
      ChallengeResponses: srpAnswer(pool.poolId, client, challenge, alice.password),
    });
    assert.deepEqual(otherClient.json, { __type: 'ResourceNotFoundException', message: 'User pool client someotherclient does not exist.' });
    assert.equal((await respond(srpAnswer(pool.poolId, client, challenge, alice.password))).status, 200, 'the genuine block still works');
  });

  test('made before a password change is void after it', async () => {
    clock.advance(60 * 60_000);
    const bob = demoUser('bob');
    const { client, challenge } = await initiate(bob.username);
    const { store } = pool.pool;
    const stored = store.getUser(pool.poolId, 'bob')!;
    pool.pool.setPassword(pool.poolId, 'bob', 'Changed-pass-1');
    try {
      const answered = await respond(srpAnswer(pool.poolId, client, challenge, bob.password));
      assert.deepEqual(answered.json, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    } finally {
      store.putUser(stored);
    }
  });
});
