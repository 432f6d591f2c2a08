/**
 * Everything in the gateway that waits goes through this: the integration
 * timeout and the function's own timeout (lambda/invoke.ts), the JWKS and
 * discovery fetch timeout (authorizer/fetch-json.ts), and the trace stream's
 * keep-alive (trace/endpoints.ts). The gateway uses the global timers; a test
 * passes a scheduler it fires by hand, so that no test waits for the clock.
 */
export interface Timers {
  /** Calls `fn` once after `ms`; the handle is only ever passed back to `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer not yet fired; a handle already fired or cleared is ignored. */
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};
