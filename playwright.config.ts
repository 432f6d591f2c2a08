import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_PATH as executablePath } from './scripts/lib/chromium-path.ts';
import { TEST_PORTS } from './tests/browser/ports.ts';

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath,
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  },
};
const AFTER_THE_REST = /key-rotation\.spec\.ts$/;

export default defineConfig({
  testDir: 'tests/browser',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? 'line' : 'list',
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${TEST_PORTS.site}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: AFTER_THE_REST,
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
  ],
  webServer: {
    command: 'node tests/browser/serve.ts',
    url: `http://127.0.0.1:${TEST_PORTS.site}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
