import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { afterFailure, FREE_FAILURES, isLockedOut, NO_FAILURES, QUIET_RESET_MS, type LockoutState } from '../../src/stack/userpool/lockout.ts';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';
import { testClock } from '../helpers/clock.ts';

/**
 * The most password guesses the lockout lets anyone make at one user in a
 * day, found by trying every strategy an attacker who knows the rules could
 * follow, and the figure the README states.
 */

const DAY = 86_400_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Guesses in a day by an attacker who guesses as soon as no lockout stands in
 * the way, and after `failures` counted failures waits for the count to be
 * forgiven (Infinity: never waits, guessing through every lockout).
 */
function guessesPerDay(failures: number): number {
  let state: LockoutState = NO_FAILURES;
  let now = 0;
  let guesses = 0;
  while (now < DAY) {
    if (isLockedOut(state, now)) {
      now = state.lockedUntil;
      continue;
    }
    // Wait until the count is forgiven; the guess below then starts it afresh.
    if (state.failedAttempts >= failures) now = Math.max(state.lastFailedAt, state.lockedUntil) + QUIET_RESET_MS;
    if (now >= DAY) break;
    state = afterFailure(state, now);
    guesses += 1;
  }
  return guesses;
}

test('the most guesses per user per day is what the README states', () => {
  const strategies = [...Array.from({ length: 30 }, (_, i) => i + 1), Infinity];
  const best = Math.max(...strategies.map(guessesPerDay));
  assert.equal(guessesPerDay(FREE_FAILURES), 480, 'five guesses, then a quiet quarter of an hour');
  assert.equal(guessesPerDay(Infinity), 109, 'guessing through the lockouts, which soon last 15 minutes each');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const stated = /at most \*\*(\d+) password guesses per user per day\*\*/i.exec(readme);
  assert.ok(stated, 'the README states the figure');
  assert.equal(Number(stated[1]), best);
});

const clock = testClock();
let pool: TestUserPool;
before(async () => {
  pool = await startUserPool({ now: clock.now });
});
after(() => pool.close({ removeData: true }));

const signIn = (password: string) =>
  callPool(pool.endpoint, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'bob', PASSWORD: password } });

test('the quiet quarter of an hour that forgives failures counts from the end of the lockout', async () => {
  const bob = demoUser('bob');
  for (let i = 0; i < 6; i++) {
    if (i === 5) clock.advance(SECOND); // the first lockout, 1 s
    assert.equal((await signIn(`Wrong-${i}-Aa!`)).json!.message, 'Incorrect username or password.');
  }
  // Six failures: locked for 2 s from now. Fifteen minutes from the failure is
  // not yet fifteen quiet minutes after the lockout.
  clock.advance(15 * MINUTE);
  assert.equal((await signIn('Wrong-7-Aa!')).json!.message, 'Incorrect username or password.');
  assert.deepEqual(
    (await signIn(bob.password)).json,
    { __type: 'NotAuthorizedException', message: 'Password attempts exceeded' },
    'the seventh failure locked for 4 s',
  );
  clock.advance(4 * SECOND + 15 * MINUTE);
  for (let i = 0; i < 4; i++) assert.equal((await signIn(`Again-${i}-Aa!`)).json!.message, 'Incorrect username or password.');
  assert.equal((await signIn(bob.password)).status, 200, 'forgiven: four new failures lock nothing');
});
