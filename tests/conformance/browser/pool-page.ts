/**
 * The script of the Amplify page of the Chromium conformance run
 * (tests/browser/conformance.spec.ts): it starts the in-browser stack's
 * worker and runs, when Playwright asks, one case of the Amplify flows
 * against it, handing back a plain result.
 */
import { amplifySuite } from '../amplify-flows.ts';
import { runCase } from '../cases.ts';
import { startBrowserPoolTarget } from './pool-target.ts';
import type { ConformancePage } from './protocol.ts';

const target = startBrowserPoolTarget();

(globalThis as unknown as { conformance: ConformancePage }).conformance = {
  ready: target.then(() => undefined),
  async run(suite, name) {
    if (suite !== 'amplify') return { ok: false, name: 'UnknownSuite', message: `this page runs the amplify suite, not ${suite}` };
    return runCase(amplifySuite, name, await target);
  },
};
