import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '../../src/stack/stack.ts';
import { serveStatic } from './static-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run build` into `outDir` with `env`: Astro, then the search index. */
function build(outDir: string, env: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir, '--silent'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/pagefind/lib/runner/bin.cjs'), '--site', outDir, '--silent'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * A production build of the site against a fresh demo stack, served the way
 * `npm start` serves it (scripts/lib/static-server.ts, with the security
 * headers of scripts/lib/security-headers.ts), all on loopback and on free
 * ports, so it never disturbs `npm start`. For the screenshots and the
 * benchmarks.
 */
export async function startBuiltSite(log: (line: string) => void = () => {}) {
  const work = mkdtempSync(join(tmpdir(), 'token-trail-site-run-'));
  const dataDir = join(work, 'data');
  const outDir = join(work, 'dist');
  // The server first: the stack must know the site's origin, the only one its local endpoints admit.
  const site = await serveStatic(outDir);
  log('starting a fresh demo stack…');
  const stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [site.url] }).catch(async (error: unknown) => {
    await site.close();
    throw error;
  });
  try {
    log('building the site against it…');
    build(outDir, { ...process.env, TOKEN_TRAIL_DATA: dataDir, ASTRO_TELEMETRY_DISABLED: '1' });
  } catch (error) {
    await stack.close();
    await site.close();
    throw error;
  }
  log(`serving ${outDir} at ${site.url}`);
  return {
    url: site.url,
    outDir,
    stack,
    close: async () => {
      await site.close();
      await stack.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * The site as `npm run build` makes it with no backend at all (an empty data
 * folder, no PUBLIC_* variables, at the root), served by the plain static
 * server and nothing else: the demo stack runs in the reader's browser, as on
 * a static host. As tests/browser/zero-install-site.ts builds it, for the
 * benchmarks.
 */
export async function startStaticSite(log: (line: string) => void = () => {}) {
  const work = mkdtempSync(join(tmpdir(), 'token-trail-static-run-'));
  const dataDir = join(work, 'data');
  mkdirSync(dataDir);
  const outDir = join(work, 'dist');
  const env: NodeJS.ProcessEnv = { ...process.env, TOKEN_TRAIL_DATA: dataDir, SITE_BASE: '/', ASTRO_TELEMETRY_DISABLED: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('PUBLIC_') || name === 'TOKEN_TRAIL_BACKEND') delete env[name];
  try {
    log('building the site with no backend (the stack in the browser)…');
    build(outDir, env);
    if (existsSync(join(dataDir, 'stack.json'))) throw new Error('Something wrote a stack.json into the no-backend build’s data folder.');
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const site = await serveStatic(outDir);
  log(`serving ${outDir} at ${site.url}`);
  return {
    url: site.url,
    outDir,
    close: async () => {
      await site.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
