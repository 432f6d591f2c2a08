import { test as base } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../../scripts/lib/static-server.ts';
import { normalizeBase } from '../../src/lib/base-path.ts';
import { run } from './test-site.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The site as `npm run build` makes it with no backend at all (no
 * stack.json, no PUBLIC_*), served by a plain static file server and
 * nothing else: the demo stack then runs in the reader's browser. Our static
 * server stands in for any static host (GitHub Pages, S3); it knows nothing
 * of the stack, and every path it was asked for is recorded, so that a test
 * can show that no request reached a server of ours but for files.
 *
 * Built once per worker of the `zero-install` project (playwright.config.ts),
 * at the root or under a sub-path, and shared by that worker's tests.
 */
export interface ZeroInstallSite {
  /** The site's home page: `http://127.0.0.1:<port><base>`. */
  url: string;
  origin: string;
  /** `/` or `/token-trail/`. */
  base: string;
  /** The data folder the build was pointed at: empty, no stack.json. */
  dataDir: string;
  /** Every request the static server received, as `METHOD path`, in order. */
  requests: string[];
  /** Another origin on this machine (a second static server), serving `other.html`, for what a foreign page can do. */
  otherOrigin: string;
}

async function buildAndServe(basePath: string): Promise<ZeroInstallSite & { close(): Promise<void> }> {
  const base = normalizeBase(basePath);
  // Inside the project (test-results/ is ignored by git), and the build runs
  // from there: with an output folder outside its working folder, Astro puts
  // its intermediate server build in <cwd>/.astro/, which the other worker's
  // build may be using at the same moment, and that build imports the
  // project's packages, which only resolve from inside the project.
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const work = mkdtempSync(join(ROOT, 'test-results', 'zero-install-site-'));
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  const outDir = join(work, 'site');
  // The server first, empty (it answers 503 until the site exists): the build names the site's origin in the embeds' oEmbed files.
  const site = await serveStatic(outDir, 0, { base });
  const env: NodeJS.ProcessEnv = { ...process.env, TOKEN_TRAIL_DATA: dataDir, SITE_BASE: base, SITE_ORIGIN: site.url, ASTRO_TELEMETRY_DISABLED: '1' };
  // No AWS backend either, whatever the shell running the tests has set.
  for (const name of Object.keys(env)) if (name.startsWith('PUBLIC_') || name === 'TOKEN_TRAIL_BACKEND') delete env[name];
  try {
    await run('astro build (no backend)', [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', ROOT, '--outDir', outDir], env, undefined, work);
    await run('pagefind', [join(ROOT, 'node_modules/pagefind/lib/runner/bin.cjs'), '--site', outDir, '--silent'], env, undefined, work);
  } catch (error) {
    await site.close();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(join(dataDir, 'stack.json'))) throw new Error('Something wrote a stack.json into the zero-install build’s data folder.');

  const requests: string[] = [];
  site.server.on('request', (request) => requests.push(`${request.method} ${request.url}`));

  // A second origin: a page a reader might visit elsewhere.
  const otherDir = join(work, 'other');
  mkdirSync(otherDir);
  writeFileSync(join(otherDir, 'other.html'), '<!doctype html><title>Another site</title><p>Another site</p>');
  const other = await serveStatic(otherDir, 0);

  return {
    url: `${site.url}${base}`,
    origin: site.url,
    base,
    dataDir,
    requests,
    otherOrigin: other.url,
    close: async () => {
      await other.close();
      await site.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

// Two builds at most (root and sub-path), each 10 to 30 s alone; more on a busy machine.
const BUILD_MS = 600_000;

export const test = base.extend<object, { rootSite: ZeroInstallSite; subPathSite: ZeroInstallSite }>({
  rootSite: [
    async ({}, use) => {
      const site = await buildAndServe('/');
      await use(site);
      await site.close();
    },
    { scope: 'worker', timeout: BUILD_MS },
  ],
  subPathSite: [
    async ({}, use) => {
      const site = await buildAndServe('/token-trail/');
      await use(site);
      await site.close();
    },
    { scope: 'worker', timeout: BUILD_MS },
  ],
});
