/**
 * The Node runner's side of the user pool suite: the Node pool on loopback
 * (tests/helpers/user-pool.ts) on a test clock, and a PoolTarget over it.
 * Amplify's clock is node:test's mock Date.
 */
import { mock } from 'node:test';
import { testClock } from '../../helpers/clock.ts';
import { startUserPool } from '../../helpers/user-pool.ts';
import type { PoolTarget } from '../pool-target.ts';

export interface NodePoolTarget extends PoolTarget {
  close(): Promise<void>;
}

/** The pool, on a clock that starts at the real time and stands still. */
export async function startNodePoolTarget(): Promise<NodePoolTarget> {
  const clock = testClock();
  const pool = await startUserPool({ now: clock.now });
  return {
    runtime: `Node ${process.version}`,
    region: pool.pool.seed.region,
    poolId: pool.poolId,
    clientId: pool.clientId,
    endpoint: pool.endpoint,
    mailbox: `${pool.url}/_local/mailbox`,
    admin: pool.pool.admin,
    clock: {
      now: async () => clock.now(),
      advance: async (ms) => clock.advance(ms),
    },
    clientDate: {
      freeze: (now) => mock.timers.enable({ apis: ['Date'], now }),
      advance: (ms) => mock.timers.tick(ms),
      restore: () => mock.timers.reset(),
    },
    close: () => pool.close({ removeData: true }),
  };
}
