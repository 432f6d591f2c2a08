import type { FullConfig, FullProject } from '@playwright/test';
import { DATA_DIR_VAR, SITE_URL_VAR, startTestSite } from './test-site.ts';

/** The projects that need no Node stack: they build and serve their own sites (playwright.config.ts). */
const WITHOUT_NODE_STACK = new Set(['zero-install', 'aws-backend']);

/**
 * Playwright's global setup: starts the stack and the site on free ports
 * and publishes where they are through environment variables, which the
 * workers (started after this, and loading the config again) inherit:
 * `use.baseURL` is the site, and tests/browser/test-stack.ts reads the
 * stack's stack.json. The returned function is the global teardown.
 *
 * When every project chosen (`--project=zero-install`, `--project=aws-backend`) runs without the
 * Node stack, none is started: those tests show the site working with no
 * server of ours but a static one. Playwright lists the chosen projects as
 * `filteredProjects`, a field it does not document; without it, the stack
 * starts as always.
 */
export default async function globalSetup(config: FullConfig): Promise<(() => Promise<void>) | undefined> {
  const chosen = (config as FullConfig & { filteredProjects?: FullProject[] }).filteredProjects;
  if (chosen && chosen.length > 0 && chosen.every((project) => WITHOUT_NODE_STACK.has(project.name))) return undefined;
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
