import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_PATH as executablePath } from './scripts/lib/chromium-path.ts';
import { SITE_URL_VAR } from './tests/browser/test-site.ts';

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath,
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  },
};
const AFTER_THE_REST = /key-rotation\.spec\.ts$/;
// The conformance suites in Chromium: their own pages and workers, built once by their setup project.
const CONFORMANCE = /conformance\.(spec|setup)\.ts$/;
/** The site built with no backend and served by a static server alone: builds of its own (tests/browser/zero-install-site.ts), no Node stack. */
export const ZERO_INSTALL = /zero-install[^/]*\.spec\.ts$/;
/** The site built for an AWS deployment from a fixture's outputs, every request to AWS answered by the test (tests/browser/aws-site.ts), no Node stack. */
export const AWS_BACKEND = /aws-backend\.spec\.ts$/;

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  // In CI, a test that fails runs once more, and passes only if the retry does: a
  // failure caused by the machine (two busy cores shared by three phases) does
  // not fail the run, while one the code causes fails twice. npm test prints
  // every such test's first failure, with its error, at the end of the log.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'line' : 'list',
  timeout: 30_000,
  // The stack and the site, on free ports: their URLs reach the workers,
  // which load this file again, through the environment (tests/browser/test-site.ts).
  globalSetup: './tests/browser/global-setup.ts',
  use: {
    // Unset in the runner's first reading of this file, before the global setup has run.
    baseURL: process.env[SITE_URL_VAR],
    // Tracing every test costs about a third of the suite's CPU (DOM
    // snapshots at every action, a screencast throughout), for the few that
    // fail: `npx playwright test --trace retain-on-failure` records traces
    // when one is needed. A failure still leaves a screenshot.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: [AFTER_THE_REST, CONFORMANCE, ZERO_INSTALL, AWS_BACKEND],
      teardown: 'after the rest',
      use: chromium,
    },
    {
      // Rotating the stack's signing keys changes what every later sign-in
      // gets, so these run once everything else has finished (as the
      // chromium project's teardown: also when a test failed, and alone
      // when their file is the only one asked for).
      name: 'after the rest',
      testMatch: AFTER_THE_REST,
      use: chromium,
    },
    {
      // tests/browser/conformance.spec.ts needs neither the site nor the
      // stack of the global setup: it serves pages and workers of its own,
      // which this project builds once for all its tests.
      name: 'conformance-build',
      testMatch: /conformance\.setup\.ts$/,
    },
    {
      name: 'conformance',
      testMatch: /conformance\.spec\.ts$/,
      dependencies: ['conformance-build'],
      use: chromium,
    },
    {
      // The site with no backend, on a plain static server, the demo stack
      // in the browser: `npx playwright test --project=zero-install`. Each
      // worker builds the site it needs once (root or sub-path) and its
      // tests share it, in order: a file's tests stay in one worker.
      name: 'zero-install',
      testMatch: ZERO_INSTALL,
      fullyParallel: false,
      use: chromium,
    },
    {
      // The site against AWS without an account: `npx playwright test
      // --project=aws-backend`. One build for the file's tests, in one worker.
      name: 'aws-backend',
      testMatch: AWS_BACKEND,
      fullyParallel: false,
      use: chromium,
    },
  ],
});
