/**
 * The conformance suites that run against the Node stack (the
 * Amplify flows, the attack corpus, the Lambda events) run in Chromium too:
 * the same cases, from the same modules (tests/conformance/), bundled by
 * esbuild and run inside a page, one Playwright test per case under the
 * case's own name.
 *
 * - The Amplify flows: the real aws-amplify in a page, against the in-browser
 *   stack's real Service Worker script (buildStackWorker(), as the site serves
 *   it) at `/_stack/cognito/`. The only test device is in front of that
 *   script: a clock that stands still until a case moves it
 *   (tests/conformance/browser/worker-clock.ts), as the Node pool runs on a
 *   test clock. The worker's admin credentials are the test's own, saved
 *   where the stack keeps them before it starts.
 * - The attack corpus and the Lambda events need a gateway that trusts an
 *   issuer whose private keys the test holds: the in-browser pool's keys are
 *   not extractable, and no attacker token can be signed with them. So a
 *   test-only Service Worker (tests/conformance/browser/gateway-worker.ts)
 *   runs the in-browser stack's gateway modules (createGateway, the bundled
 *   functions, its origin guard, in-process fetch, routing and transport)
 *   trusting a WebCrypto issuer made in the page, whose JWKS it serves in
 *   process. The page's fetches reach it as the site's reach the stack.
 *
 * Every file is built once per run by the `conformance-build` project
 * (tests/browser/conformance.setup.ts) and served by our static server on a
 * free port; each Playwright worker opens one page per kind and runs its
 * cases there, one after another. Nothing waits on a clock.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { amplifySuite } from '../conformance/amplify-flows.ts';
import { ATTACKS, attackSuite } from '../conformance/attack-corpus.ts';
import { CONFORMANCE_FILES } from '../conformance/browser/build.ts';
import { PATHS, type ConformancePage } from '../conformance/browser/protocol.ts';
import type { CaseResult } from '../conformance/cases.ts';
import { lambdaEventSuite } from '../conformance/lambda-events.ts';

interface ConformanceFixtures {
  server: StaticServer;
  poolPage: Page;
  gatewayPage: Page;
}

/** A page of the run, in a browser context of its own, once its targets are ready; what its page and workers log is kept for a failure's report. */
async function openPage(browser: import('@playwright/test').Browser, url: string, log: string[]): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext();
  context.on('serviceworker', (worker) => worker.on('console', (message) => log.push(`[worker] ${message.type()}: ${message.text()}`)));
  const page = await context.newPage();
  page.on('console', (message) => log.push(`[page] ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[page] uncaught: ${error.stack ?? error.message}`));
  await page.goto(url);
  await page.evaluate(() => (globalThis as unknown as { conformance: ConformancePage }).conformance.ready);
  return { page, close: () => context.close() };
}

const logs = { pool: [] as string[], gateway: [] as string[] };

const test = base.extend<object, ConformanceFixtures>({
  server: [
    async ({}, use) => {
      const server = await serveStatic(CONFORMANCE_FILES, 0);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  poolPage: [
    async ({ browser, server }, use) => {
      const { page, close } = await openPage(browser, `${server.url}${PATHS.poolPage}`, logs.pool);
      await use(page);
      await close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  gatewayPage: [
    async ({ browser, server }, use) => {
      const { page, close } = await openPage(browser, `${server.url}${PATHS.gatewayPage}`, logs.gateway);
      await use(page);
      await close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

/** Runs one case in the page and fails the test with the case's own message, and what the page and its workers logged, if it failed. */
async function run(page: Page, log: string[], suite: string, name: string): Promise<void> {
  const from = log.length;
  const result: CaseResult = await page.evaluate(
    ([suiteName, caseName]) => (globalThis as unknown as { conformance: ConformancePage }).conformance.run(suiteName, caseName),
    [suite, name] as const,
  );
  if (!result.ok) {
    const logged = log.slice(from);
    throw new Error(`${result.name}: ${result.message}\n${result.stack ?? ''}${logged.length ? `\n\nLogged meanwhile:\n${logged.join('\n')}` : ''}`);
  }
  expect(result).toEqual({ ok: true });
}

test.describe('Amplify flows: aws-amplify v6 in Chromium against the in-browser stack', () => {
  for (const flow of amplifySuite.cases) {
    test(flow.name, async ({ poolPage }) => run(poolPage, logs.pool, 'amplify', flow.name));
  }
});

test.describe('attack corpus against the gateway in a Chromium Service Worker', () => {
  test("the corpus is the Node run's: 53 attacks as 153 cases on the three APIs, with distinct names", () => {
    expect(ATTACKS).toHaveLength(53);
    expect(new Set(attackSuite.cases.map((attack) => attack.name)).size).toBe(153);
  });
  for (const attack of attackSuite.cases) {
    test(attack.name, async ({ gatewayPage }) => run(gatewayPage, logs.gateway, 'attacks', attack.name));
  }
});

test.describe('Lambda events from the gateway in a Chromium Service Worker', () => {
  for (const event of lambdaEventSuite.cases) {
    test(event.name, async ({ gatewayPage }) => run(gatewayPage, logs.gateway, 'events', event.name));
  }
});
