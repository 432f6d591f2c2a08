import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkspace } from '../../scripts/lib/build-workspace.ts';
import { serveStatic } from '../../scripts/lib/static-server.ts';
import { startStack } from '../../src/stack/stack.ts';

/**
 * The browser tests' servers: a fresh demo stack, then the site built
 * against it and served the way `npm start` serves it, by our static server
 * with our security headers (scripts/lib/security-headers.ts). Every server
 * listens on a free port (port 0); the site's server listens first, empty,
 * because the stack must know the site's origin and the build the stack's
 * ports.
 *
 * The gateway refetches its JWKS for an unknown kid without a cooldown
 * (`jwks.cooldownMs: 0`; 10 s by default): a test that rotates the pool's
 * keys gets its answer at once instead of waiting the cooldown out.
 */
export interface TestSite {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  siteUrl: string;
  /** The stack's data folder: its stack.json has the admin credentials. */
  dataDir: string;
  close(): Promise<void>;
}

/** Environment variables through which the setup tells the config and the tests (in Playwright's workers) where things are. */
export const SITE_URL_VAR = 'TOKEN_TRAIL_TEST_SITE_URL';
export const DATA_DIR_VAR = 'TOKEN_TRAIL_TEST_DATA';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The build takes well under a minute alone, a few when the machine is busy.
const BUILD_STEP_MS = 300_000;

/**
 * Runs one build step as a child process; rejects with its output if it
 * fails or outlasts `ms`. `cwd` (default: this one) matters to `astro build`:
 * with an output folder outside it, Astro puts its intermediate server build
 * in `<cwd>/.astro/`, which two builds at once would share.
 */
export function run(what: string, args: string[], env: NodeJS.ProcessEnv, ms = BUILD_STEP_MS, cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not finish within ${ms / 1000} s:\n${output}`));
    }, ms);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit code ${code}`}):\n${output}`));
    });
  });
}

export async function startTestSite(): Promise<TestSite> {
  const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-browser-'));
  // A private output folder: a build someone runs meanwhile (into dist/)
  // cannot pull the site out from under the tests. Until it exists the
  // server answers 503.
  const outDir = join(dataDir, 'site');
  const site = await serveStatic(outDir, 0);
  const closers: (() => Promise<void> | void)[] = [() => site.close(), () => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const closer of closers.splice(0)) await closer();
  };
  try {
    const stack = await startStack({
      dataDir,
      host: '127.0.0.1',
      userPoolPort: 0,
      gatewayPort: 0,
      siteOrigins: [site.url],
      gateway: { jwks: { cooldownMs: 0 } },
      // The workshop's endpoints too, for the console's tests (tests/browser/workshop.spec.ts); the token is in the data folder.
      workshop: true,
    });
    closers.unshift(() => stack.close());
    const env = { ...process.env, TOKEN_TRAIL_DATA: dataDir, TOKEN_TRAIL_BACKEND: 'local', SITE_ORIGIN: site.url, ASTRO_TELEMETRY_DISABLED: '1' };
    const workspace = buildWorkspace('browser-site-');
    closers.push(() => rmSync(workspace, { recursive: true, force: true }));
    await run('astro build', [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', ROOT, '--outDir', outDir], env, undefined, workspace);
    // The search index, as `npm run build` makes it.
    await run('pagefind', ['node_modules/pagefind/lib/runner/bin.cjs', '--site', outDir, '--silent'], env);
  } catch (error) {
    await close();
    throw error;
  }
  return { siteUrl: site.url, dataDir, close };
}
