import type { Handler } from './lambda/loader.ts';
import type { Timers } from './timers.ts';

/**
 * Failures a workshop's facilitator switches on to show how the gateway
 * answers them, read at every request so that a switch takes effect on the
 * next one and switching it off restores service at once.
 *
 * - `jwksUnreachable`: the authorizers behave as if their cached keys had
 *   expired and the JWKS could not be fetched: every token is refused at the
 *   `jwks` check (the gateway fails closed).
 * - `functionThrows`: every function throws: REST 502, HTTP 500
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html).
 * - `latencyMs`: every function waits this long before it runs.
 * - `functionTimeout`: every function runs past the integration timeout,
 *   which the switch shortens to FAULT_INTEGRATION_TIMEOUT_MS: REST 504
 *   (the `INTEGRATION_TIMEOUT` gateway response,
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html),
 *   HTTP 503.
 */
export interface GatewayFaults {
  jwksUnreachable: boolean;
  functionThrows: boolean;
  latencyMs: number;
  functionTimeout: boolean;
}

/** The integration timeout while `functionTimeout` is on: the /faults/timeout route's, short enough to wait for in a room. */
export const FAULT_INTEGRATION_TIMEOUT_MS = 1000;
/** The most latency a switch may add: past the REST API's 29 s default the answer would be a timeout anyway. */
export const MAX_FAULT_LATENCY_MS = 10_000;

export function noFaults(): GatewayFaults {
  return { jwksUnreachable: false, functionThrows: false, latencyMs: 0, functionTimeout: false };
}

/** What a function throws while `functionThrows` is on, as the trace's `lambda-result` hop shows it. */
export class FaultSwitchError extends Error {
  constructor() {
    super('The facilitator switched on "the function throws".');
    this.name = 'Error';
  }
}

/**
 * A function's handler as the fault switches leave it: unchanged while all
 * are off. A timed-out function never settles, as a function past the
 * gateway's timeout goes on running without the gateway.
 */
export function faultableHandler(load: () => Promise<Handler>, faults: GatewayFaults, timers: Timers): () => Promise<Handler> {
  return async () => {
    const handler = await load();
    return async (event, context) => {
      if (faults.latencyMs > 0) await new Promise<void>((resolve) => timers.setTimeout(resolve, faults.latencyMs));
      if (faults.functionThrows) throw new FaultSwitchError();
      if (faults.functionTimeout) return new Promise<never>(() => {});
      return handler(event, context);
    };
  };
}
