import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeBase } from '../src/lib/base-path.ts';
import { buildWorkspace } from './lib/build-workspace.ts';
import { serveStatic, type StaticServer } from './lib/static-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `npm start`: the demo stack, and the site built against it and served the
 * way a production host serves it, so the reader gets the production build's
 * Content-Security-Policy (astro.config.mjs) and the security headers of
 * scripts/lib/security-headers.ts. `npm run dev` stays Astro's hot-reload
 * server for authors.
 *
 * In order:
 * 1. the site's server listens (on TOKEN_TRAIL_SITE_PORT, default 4321; 0
 *    picks a free one), answering 503 until the site is built: the stack must
 *    know the site's origin, the only one its local endpoints admit;
 * 2. the stack starts, told that origin, and writes <data>/stack.json;
 * 3. the site is built against it (the build reads stack.json, see
 *    src/config/backend.ts) into <data>/site, with its Pagefind index, as
 *    `npm run build` makes it; a dist/ someone else uses is never touched;
 * 4. the site is served.
 *
 * One Ctrl-C stops everything, also during the build; if any part dies, the
 * rest is stopped too. Arguments go to the stack (`npm start -- --reset`);
 * TOKEN_TRAIL_DATA moves the data folder.
 */
// Absolute: the build runs from a workspace of its own.
const dataDir = resolve(process.env.TOKEN_TRAIL_DATA ?? '.data');
const stackFile = join(dataDir, 'stack.json');
const siteDir = join(dataDir, 'site');
// Built beside and moved into place when complete: until then, the server
// answers 503 rather than half a site (a tab left open from the last run).
const buildDir = join(dataDir, 'site.building');
const STACK_TIMEOUT_MS = 60_000;

const children = new Set<ChildProcess>();
let site: StaticServer | undefined;
let stopping = false;

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function stop(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  const running = [...children].filter(alive);
  for (const child of running) child.kill('SIGTERM');
  void Promise.all(running.map((child) => new Promise((done) => child.once('exit', done))))
    .then(() => site?.close())
    .then(() => process.exit(exitCode));
}

/** A part that runs until the end: when it stops, everything stops. */
function runService(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  children.add(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    // Ctrl-C in a terminal reaches every process of the group: not a failure.
    if (signal === 'SIGINT') return stop(0);
    console.error(`\nnode ${args.join(' ')} stopped (${signal ?? `exit code ${code}`}); stopping the rest.`);
    stop(code ?? 1);
  });
  return child;
}

/**
 * A step that must finish: its output is kept and shown only when it fails.
 * Never settles once stopping, so nothing after it runs.
 */
function runStep(what: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<void> {
  return new Promise((resolveStep) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.add(child);
    const output: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      if (code === 0) return resolveStep();
      if (signal === 'SIGINT') return stop(0);
      process.stderr.write(Buffer.concat(output));
      console.error(`\n${what} failed (${signal ?? `exit code ${code}`}); stopping the demo stack.`);
      stop(1);
    });
  });
}

/** Resolves once the stack has written stack.json (it renames it into place, whole). */
function stackReady(): Promise<void> {
  return new Promise((resolveReady) => {
    let watcher: FSWatcher | undefined;
    const done = () => {
      if (!existsSync(stackFile)) return;
      watcher?.close();
      clearTimeout(timer);
      if (!stopping) resolveReady();
    };
    const timer = setTimeout(() => {
      watcher?.close();
      if (stopping) return;
      console.error(`\nThe stack did not write ${stackFile} within ${STACK_TIMEOUT_MS / 1000} s; stopping it.`);
      stop(1);
    }, STACK_TIMEOUT_MS);
    watcher = watch(dataDir, (_event, name) => {
      if (name === null || name === 'stack.json') done();
    });
    done();
  });
}

function sitePort(): number {
  const value = process.env.TOKEN_TRAIL_SITE_PORT ?? '4321';
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    console.error(`TOKEN_TRAIL_SITE_PORT must be a port number (0 picks a free one), not "${value}".`);
    process.exit(1);
  }
  return port;
}

// Ctrl-C in a terminal may arrive twice (once from the terminal, once
// forwarded by npm): stop() acts on the first and ignores the rest.
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const port = sitePort();
// SITE_BASE (e.g. /token-trail/) builds the site for a sub-path, and it is served there.
let base = '/';
try {
  base = normalizeBase(process.env.SITE_BASE);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
mkdirSync(dataDir, { recursive: true });
rmSync(stackFile, { force: true });
// Last run's site was built against last run's stack: never serve it.
rmSync(siteDir, { recursive: true, force: true });
rmSync(buildDir, { recursive: true, force: true });
try {
  site = await serveStatic(siteDir, port, { base });
} catch (error) {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  console.error(inUse ? `Port ${port} is in use. Set TOKEN_TRAIL_SITE_PORT to another port (0 picks a free one).` : `The site's server could not listen: ${(error as Error).message}`);
  process.exit(1);
}

// Announced before the stack starts: its summary, printed by another process,
// would otherwise race this line.
console.log('Starting the demo stack, then building the site against it as for production (usually well under a minute)…');
runService(['src/stack/main.ts', '--data', dataDir, '--site-origin', site.url, ...process.argv.slice(2)]);
await stackReady();

const started = performance.now();
// The site's own URL, which the embeds' oEmbed files name.
const env = { TOKEN_TRAIL_DATA: dataDir, ASTRO_TELEMETRY_DISABLED: '1', SITE_ORIGIN: site.url };
// From a workspace of its own (see buildWorkspace), so that a build running meanwhile elsewhere cannot disturb this one.
const workspace = buildWorkspace('start-');
await runStep('Building the site', [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', ROOT, '--outDir', buildDir], env, workspace);
rmSync(workspace, { recursive: true, force: true });
await runStep('Indexing the site for search', ['node_modules/pagefind/lib/runner/bin.cjs', '--site', buildDir], env);
renameSync(buildDir, siteDir);
const seconds = Math.round((performance.now() - started) / 1000);
console.log(`\nToken Trail is ready at ${site.url}${base} (built in ${seconds} s). Ctrl-C stops the site and the stack.`);
