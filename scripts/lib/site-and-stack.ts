import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackInfo } from '../../src/stack/stack-info.ts';
import { buildWorkspace } from './build-workspace.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STACK_TIMEOUT_MS = 60_000;

export interface SiteAndStackOptions {
  /** Absolute: the build runs from a workspace of its own. */
  dataDir: string;
  /** Where the site's server and the stack listen: loopback for `npm start`, the chosen address for `npm run workshop`. */
  host: string;
  sitePort: number;
  /** The site's base path (`/` or `/token-trail/`). */
  base: string;
  /** Arguments for the stack (src/stack/main.ts), after `--data`, `--host` and `--site-origin`. */
  stackArgs: string[];
  /** Called once the site is built and served, with the site's URL (no trailing slash) and the stack's stack.json. */
  ready(siteUrl: string, info: StackInfo, builtInSeconds: number): void;
}

/**
 * The demo stack, and the site built against it and served the way a
 * production host serves it: what `npm start` and `npm run workshop` run.
 *
 * In order:
 * 1. the site's server listens, answering 503 until the site is built: the
 *    stack must know the site's origin, the only one its local endpoints admit;
 * 2. the stack starts, told that origin, and writes <data>/stack.json;
 * 3. the site is built against it (the build reads stack.json, see
 *    src/config/backend.ts) into <data>/site, with its Pagefind index, as
 *    `npm run build` makes it; a dist/ someone else uses is never touched;
 * 4. the site is served.
 *
 * One Ctrl-C stops everything, also during the build; if any part dies, the
 * rest is stopped too.
 */
export async function runSiteAndStack(options: SiteAndStackOptions): Promise<void> {
  const { dataDir } = options;
  const stackFile = join(dataDir, 'stack.json');
  const siteDir = join(dataDir, 'site');
  // Built beside and moved into place when complete: until then, the server
  // answers 503 rather than half a site (a tab left open from the last run).
  const buildDir = join(dataDir, 'site.building');

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

  // Ctrl-C in a terminal may arrive twice (once from the terminal, once
  // forwarded by npm): stop() acts on the first and ignores the rest.
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  mkdirSync(dataDir, { recursive: true });
  rmSync(stackFile, { force: true });
  // Last run's site was built against last run's stack: never serve it.
  rmSync(siteDir, { recursive: true, force: true });
  rmSync(buildDir, { recursive: true, force: true });
  try {
    site = await serveStatic(siteDir, options.sitePort, { base: options.base, host: options.host });
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(
      inUse
        ? `Port ${options.sitePort} is in use. Set TOKEN_TRAIL_SITE_PORT to another port (0 picks a free one).`
        : `The site's server could not listen: ${(error as Error).message}`,
    );
    process.exit(1);
  }

  // Announced before the stack starts: its summary, printed by another process,
  // would otherwise race this line.
  console.log('Starting the demo stack, then building the site against it as for production (usually well under a minute)…');
  runService(['src/stack/main.ts', '--data', dataDir, '--host', options.host, '--site-origin', site.url, ...options.stackArgs]);
  await stackReady();

  const started = performance.now();
  // The stack just started, whatever backend the shell may name (TOKEN_TRAIL_BACKEND=aws).
  // The site's own URL, which the embeds' oEmbed files name.
  const env = { TOKEN_TRAIL_DATA: dataDir, TOKEN_TRAIL_BACKEND: 'local', SITE_ORIGIN: site.url, ASTRO_TELEMETRY_DISABLED: '1' };
  // From a workspace of its own (see buildWorkspace), so that a build running meanwhile elsewhere cannot disturb this one.
  const workspace = buildWorkspace('start-');
  await runStep('Building the site', [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', ROOT, '--outDir', buildDir], env, workspace);
  rmSync(workspace, { recursive: true, force: true });
  await runStep('Indexing the site for search', ['node_modules/pagefind/lib/runner/bin.cjs', '--site', buildDir], env);
  renameSync(buildDir, siteDir);
  const info = JSON.parse(readFileSync(stackFile, 'utf8')) as StackInfo;
  options.ready(site.url, info, Math.round((performance.now() - started) / 1000));
}
