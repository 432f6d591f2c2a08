import { DATA_DIR_VAR, SITE_URL_VAR, startTestSite } from './test-site.ts';

/**
 * Playwright's global setup: starts the stack and the site on free ports
 * and publishes where they are through environment variables, which the
 * workers (started after this, and loading the config again) inherit:
 * `use.baseURL` is the site, and tests/browser/test-stack.ts reads the
 * stack's stack.json. The returned function is the global teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const site = await startTestSite();
  process.env[SITE_URL_VAR] = site.siteUrl;
  process.env[DATA_DIR_VAR] = site.dataDir;
  console.error(`serving the site at ${site.siteUrl}, the stack's data in ${site.dataDir}`);
  return async () => {
    await site.close();
    delete process.env[SITE_URL_VAR];
    delete process.env[DATA_DIR_VAR];
  };
}
