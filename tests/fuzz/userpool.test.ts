/**
 * Property-based fuzzing of the user pool's AWS JSON 1.1 API, over the wire.
 *
 * For every operation in OPERATIONS (new operations are picked up by
 * themselves), for operation names nobody implements, and for bodies that are
 * not JSON, every answer must keep Cognito's protocol:
 *
 * - a 200 with a JSON object, or a 400 with exactly `{"__type", "message"}`
 *   and `x-amzn-ErrorType: <__type>:`; never a 5xx, never another status;
 * - an admin operation sent unsigned or badly signed is refused before it
 *   runs (a signature error), never carried out;
 * - an unknown operation name gets UnknownOperationException;
 * - the keep-alive connection still carries the next request (a probe
 *   follows every case on it);
 * - nothing crashes the process (no unhandled rejection or exception);
 * - afterwards, alice still signs in.
 *
 * The pool runs on a hand-moved clock (each case 7 s after the one before);
 * the demo users and app client are put back whenever a case has changed
 * them, so that every case starts from genuine tokens, sessions and codes.
 *
 * Replaying a failure, and the long run: see support/runner.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { OPERATIONS } from '../../src/stack/userpool/operations/index.ts';
import { callPool } from '../helpers/user-pool.ts';
import { hostileOperationCase, poolCase, rawBodyCase, VALID_INPUTS } from './support/pool-cases.ts';
import { PoolWorld, type PoolCase } from './support/pool-world.ts';
import { CrashWatch, parameters } from './support/runner.ts';

/** Cases per operation in the bounded run; FUZZ_SCALE multiplies every count. */
const RUNS_PER_OPERATION = 40;
const RUNS_HOSTILE_NAMES = 120;
const RUNS_RAW_BODIES = 120;
const FILE = 'tests/fuzz/userpool.test.ts';

const crashes = new CrashWatch();
let world: PoolWorld;

before(async () => {
  crashes.start();
  world = await PoolWorld.start();
  await world.restore();
});
after(async () => {
  crashes.stop();
  await world?.close();
});

/** Sends one case and fails with a full report if the answer breaks the protocol or anything crashed. */
async function check(c: PoolCase, signedOperation: boolean): Promise<void> {
  const failure = await world.run(c, signedOperation, crashes);
  if (failure) assert.fail(failure);
}

describe('every user-pool operation answers any input within the protocol', () => {
  for (const operation of OPERATIONS.keys()) {
    const { signed } = OPERATIONS.get(operation)!;
    test(`${operation}${signed ? ' (SigV4-signed)' : ''}`, async (t) => {
      if (!Object.hasOwn(VALID_INPUTS, operation))
        t.diagnostic(`no near-valid inputs for ${operation} yet: add some to VALID_INPUTS in tests/fuzz/support/pool-cases.ts`);
      await fc.assert(
        fc.asyncProperty(poolCase(operation, signed), (c) => check(c, signed)),
        parameters(RUNS_PER_OPERATION, { test: t.name, file: FILE }),
      );
    });
  }
});

test('unknown and hostile operation names get UnknownOperationException, not a crash', async (t) => {
  await fc.assert(
    fc.asyncProperty(hostileOperationCase([...OPERATIONS.keys()]), (c) => check(c, false)),
    parameters(RUNS_HOSTILE_NAMES, { test: t.name, file: FILE }),
  );
});

test('bodies that are not one JSON object are refused as such', async (t) => {
  const operations = [...OPERATIONS].map(([name, operation]) => [name, operation.signed] as [string, boolean]);
  await fc.assert(
    fc.asyncProperty(rawBodyCase(operations), (c) => check(c, OPERATIONS.get(c.operation)!.signed)),
    parameters(RUNS_RAW_BODIES, { test: t.name, file: FILE }),
  );
});

test('after the fuzz, the pool still signs alice in and serves her', async () => {
  // The demo users are put back first, as every start of the stack does:
  // the fuzz may legitimately have changed alice's password or deleted her.
  await world.prepare();
  const answer = await callPool(world.pool.endpoint, 'InitiateAuth', {
    ClientId: world.pool.clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-demo-1' },
  });
  assert.equal(answer.status, 200, answer.text);
  const tokens = answer.json!.AuthenticationResult;
  assert.ok(tokens?.AccessToken && tokens.IdToken && tokens.RefreshToken, answer.text);
  const me = await callPool(world.pool.endpoint, 'GetUser', { AccessToken: tokens.AccessToken });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json!.Username, 'alice');
  assert.deepEqual(await crashes.take(), []);
});
