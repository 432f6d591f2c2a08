/**
 * The script of the gateway page of the Chromium conformance run
 * (tests/browser/conformance.spec.ts): it starts the gateway worker, one
 * gateway for each suite, and runs, when Playwright asks, one case against
 * it, handing back a plain result.
 */
import { attackSuite } from '../attack-corpus.ts';
import { runCase } from '../cases.ts';
import type { GatewaySuite, GatewayTarget } from '../gateway-target.ts';
import { lambdaEventSuite } from '../lambda-events.ts';
import { startBrowserGatewayTarget, startGatewayWorker } from './gateway-target.ts';
import type { ConformancePage } from './protocol.ts';

const suites = new Map<string, GatewaySuite>([
  ['attacks', attackSuite],
  ['events', lambdaEventSuite],
]);

const targets = startGatewayWorker().then(
  async () =>
    new Map<string, GatewayTarget>(await Promise.all([...suites].map(async ([name, suite]) => [name, await startBrowserGatewayTarget(suite, name)] as const))),
);

(globalThis as unknown as { conformance: ConformancePage }).conformance = {
  ready: targets.then(() => undefined),
  async run(name, caseName) {
    const suite = suites.get(name);
    if (!suite) return { ok: false, name: 'UnknownSuite', message: `this page runs ${[...suites.keys()].join(' and ')}, not ${name}` };
    return runCase(suite, caseName, (await targets).get(name)!);
  },
};
