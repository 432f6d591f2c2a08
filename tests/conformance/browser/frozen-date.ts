/**
 * A `Date` that stands still at a time the test sets and moves only when the
 * test moves it, installed over a global scope's own: `Date.now()` and
 * `new Date()` read it, `new Date(value)` and the static helpers are the
 * real ones, and dates are real Dates (`instanceof Date` holds). What
 * node:test's mock timers do to `Date` in Node, for a Chromium page or
 * Service Worker.
 */
export interface FrozenDate {
  now(): number;
  advance(ms: number): void;
  /** Puts the scope's own Date back. */
  restore(): void;
}

export function freezeDate(scope: { Date: DateConstructor }, start: number): FrozenDate {
  const RealDate = scope.Date;
  let current = start;
  function TestDate(this: unknown, ...args: unknown[]): Date | string {
    // Called without `new`, Date gives the current time as a string.
    if (!new.target) return new RealDate(current).toString();
    return args.length === 0 ? new RealDate(current) : new (RealDate as unknown as new (...values: unknown[]) => Date)(...args);
  }
  TestDate.prototype = RealDate.prototype;
  TestDate.now = () => current;
  TestDate.parse = RealDate.parse;
  TestDate.UTC = RealDate.UTC;
  scope.Date = TestDate as unknown as DateConstructor;
  return {
    now: () => current,
    advance(ms) {
      if (ms < 0) throw new RangeError('A test clock only moves forward.');
      current += ms;
    },
    restore() {
      scope.Date = RealDate;
    },
  };
}
