/**
 * The one place tests read the wall clock: a clock the test moves by hand,
 * injected into the stack (`now` options), so that expiry, lockout, cooldowns
 * and code lifetimes need no waiting and no time window.
 */
export interface TestClock {
  /** ms since the epoch, as the stack's `now` option takes it. */
  now(): number;
  /** Whole seconds, as JWT claims count time. */
  seconds(): number;
  advance(ms: number): void;
}

/** Starts at `start` (default: the real time now, so that real clients' signatures and tokens agree with it). */
export function testClock(start: number = Date.now()): TestClock {
  let current = start;
  return {
    now: () => current,
    seconds: () => Math.floor(current / 1000),
    advance(ms) {
      if (ms < 0) throw new RangeError('A test clock only moves forward.');
      current += ms;
    },
  };
}
