/**
 * Prepended, in the conformance run only, to the stack's Service Worker
 * script as buildStackWorker() makes it (tests/conformance/browser/build.ts):
 * the worker's `Date` stands still at the time the script first runs, and
 * moves only when a page of the test asks, as the Node pool runs on a test
 * clock (tests/helpers/clock.ts). The stack reads no other clock (its `now`
 * defaults to `Date.now`), so the stack's code runs unchanged on a clock the
 * test controls.
 *
 * A page asks with `postMessage({ type: CLOCK_MESSAGE, advance?: ms })` and a
 * MessagePort, which gets `{ now }` back.
 */
import { freezeDate } from './frozen-date.ts';
import { CLOCK_MESSAGE } from './protocol.ts';

interface ClockMessageEvent extends Event {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}

const clock = freezeDate(globalThis, Date.now());

// A Service Worker must add its event listeners while its script first runs.
(globalThis as unknown as { addEventListener(type: 'message', listener: (event: ClockMessageEvent) => void): void }).addEventListener('message', (event) => {
  const message = event.data as { type?: unknown; advance?: unknown } | null;
  if (message?.type !== CLOCK_MESSAGE) return;
  if (typeof message.advance === 'number') clock.advance(message.advance);
  event.ports[0]?.postMessage({ now: clock.now() });
});
