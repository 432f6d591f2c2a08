/**
 * A scheduler that never fires by itself: what the gateway's `timers` option
 * takes in tests. The test sees which timeouts are pending, with the
 * durations the code asked for, and fires the one it chooses when it chooses,
 * so that a timeout is an event the test causes, never a race against the
 * clock. A timer nobody fires simply stays pending.
 */
export interface PendingTimer {
  /** The duration the code asked for, ms. */
  readonly ms: number;
  /** Runs the callback now, as if `ms` had passed. A timer fires at most once. */
  fire(): void;
}

export interface ManualTimers {
  setTimeout(fn: () => void, ms: number): PendingTimer;
  clearTimeout(handle: unknown): void;
  /** Timers set and neither fired nor cleared, oldest first. */
  pending(): PendingTimer[];
  /** The durations of the pending timers, oldest first. */
  durations(): number[];
  /** Fires the one pending timer of `ms`; throws unless exactly one is pending. */
  fire(ms: number): void;
  /**
   * Resolves with a pending timer of `ms`: at once if there is one, else as
   * soon as the code sets one. Rejects when `signal` aborts (pass the test's
   * `t.signal`, so that a timer never set fails the test and lets it clean up).
   */
  next(ms: number, signal?: AbortSignal): Promise<PendingTimer>;
  /** Resolves once `condition` holds of the pending timers, checked now and on every change; rejects when `signal` aborts. */
  until(condition: (pending: PendingTimer[]) => boolean, signal?: AbortSignal): Promise<void>;
}

export function manualTimers(): ManualTimers {
  const pending = new Set<PendingTimer>();
  const watchers = new Set<() => void>();
  const changed = () => {
    for (const watcher of [...watchers]) watcher();
  };
  const watch = <T>(find: (list: PendingTimer[]) => T | undefined, signal?: AbortSignal): Promise<T> =>
    new Promise((resolve, reject) => {
      const stop = () => {
        watchers.delete(check);
        reject(signal?.reason);
      };
      const check = () => {
        const found = find([...pending]);
        if (found === undefined) return false;
        watchers.delete(check);
        signal?.removeEventListener('abort', stop);
        resolve(found);
        return true;
      };
      if (check()) return;
      if (signal?.aborted) return stop();
      watchers.add(check);
      signal?.addEventListener('abort', stop, { once: true });
    });

  const timers: ManualTimers = {
    setTimeout(fn, ms) {
      const timer: PendingTimer = {
        ms,
        fire() {
          if (!pending.delete(timer)) throw new Error(`this ${ms} ms timer is no longer pending`);
          fn();
          changed();
        },
      };
      pending.add(timer);
      changed();
      return timer;
    },
    clearTimeout(handle) {
      if (pending.delete(handle as PendingTimer)) changed();
    },
    pending: () => [...pending],
    durations: () => [...pending].map((timer) => timer.ms),
    fire(ms) {
      const matching = [...pending].filter((timer) => timer.ms === ms);
      if (matching.length !== 1)
        throw new Error(`expected one pending ${ms} ms timer, found ${matching.length} (pending: ${JSON.stringify(timers.durations())})`);
      matching[0]!.fire();
    },
    next: (ms, signal) => watch((list) => list.find((timer) => timer.ms === ms), signal),
    until: (condition, signal) => watch((list) => (condition(list) ? true : undefined), signal).then(() => {}),
  };
  return timers;
}
