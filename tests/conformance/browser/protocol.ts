/**
 * How the conformance pages talk to the Service Workers of the Chromium run:
 * the clock message of the stack's worker (worker-clock.ts), and the test
 * endpoints of the gateway worker (gateway-worker.ts). Types and constants
 * only, so that a page importing them runs none of the workers' code.
 */
import type { ApiDefinition } from '../../../src/stack/api.ts';
import type { TrustedUserPool } from '../../../src/stack/gateway/index.ts';
import type { CaseResult } from '../cases.ts';
import type { CallClient, CallInit } from '../gateway-target.ts';

/** `postMessage({ type: CLOCK_MESSAGE, advance?: ms })` to the stack's worker, with a port that gets `{ now }`. */
export const CLOCK_MESSAGE = 'token-trail-test-clock';

/** Where the pages and the workers are served (tests/conformance/browser/build.ts). */
export const PATHS = {
  /** The Amplify page; the stack's worker is `/stack-worker.js`, so its base is `/` and the stack is at `/_stack/`. */
  poolPage: '/index.html',
  poolScript: '/pool-page.js',
  /** The gateway page, and the gateway worker whose scope it is in. */
  gatewayScope: '/gateways/',
  gatewayPage: '/gateways/index.html',
  gatewayScript: '/gateways/gateway-page.js',
  gatewayWorker: '/gateways/gateway-worker.js',
} as const;

/** The gateway worker's test endpoints, under its scope. */
export const GATEWAY_TEST_API = { gateways: '_test/gateways', inProcess: '_test/in-process', fetched: '_test/fetched' } as const;

/**
 * `POST <scope>_test/gateways`: a gateway named `name`, serving `definition`
 * under `<scope><name>/_stack/gateway/`, trusting `pool` as "demo", fetching
 * only `documents` (by URL, in process) and reading a clock that stands at
 * `now`.
 */
export interface GatewaySetup {
  name: string;
  definition?: ApiDefinition;
  pool: TrustedUserPool;
  documents: Array<[string, unknown]>;
  now: number;
}

/** `POST <scope>_test/in-process`: the gateway's handler called with this request and client; the answer is the handler's Response. */
export interface InProcessCall {
  name: string;
  path: string;
  init: CallInit;
  client: CallClient;
}

/** What a conformance page puts at `globalThis.conformance` for Playwright: ready once its targets are, and one case run on request. */
export interface ConformancePage {
  ready: Promise<void>;
  run(suite: string, name: string): Promise<CaseResult>;
}
