/**
 * `npm run bench -- browser`: the in-browser stack (the Service Worker that
 * runs the demo stack in the reader's browser) against its budgets, with the
 * Node stack's figures for the same work measured in the same run:
 *
 * (a) the worker script's size, raw and gzipped, as buildStackWorker() makes
 *     it for the site (budget: at most 150 KB gzipped);
 * (b) the worker's own time per SRP sign-in (InitiateAuth USER_SRP_AUTH and
 *     RespondToAuthChallenge PASSWORD_VERIFIER: three 3072-bit
 *     exponentiations, two RSA signatures, the save to IndexedDB), median of
 *     N sign-ins by the real aws-amplify in a page of headless Chromium,
 *     timed inside the worker (bench/lib/worker-timing.ts) (budget: median at
 *     most 60 ms); beside it the Node pool's time for the same two calls,
 *     timed inside its process (bench/lib/userpool-server.ts).
 *
 * (c1) click to "signed in" on a chapter page (/steps/sign-in/): bob signs
 *     in through the sign-in widget, timed in the page from the click on
 *     Sign in to the widget's status saying he is signed in; on the site
 *     built with no backend (the stack in the browser, served by the plain
 *     static server) and on the site built against a running Node stack,
 *     alternately in the same run, warm (a few sign-ins first, a sign-out
 *     between any two), median of N each (budget: in-browser at most 1.3x
 *     Node);
 * (c2) the JavaScript a chapter page loads before the reader acts: every
 *     script response of a page load of /steps/sign-in/ of the no-backend
 *     build, as Playwright's network events report it, each body gzipped at
 *     level 9, plus the page's inline scripts (budget: at most 25 KB
 *     gzipped), and that the worker script is not among them.
 *
 * Everything runs on loopback, bounded in count; the run stops by itself.
 * PASS or OVER is printed against each budget; the exit code is 0 whatever
 * the figures (a benchmark is not a test) unless `--strict` is given.
 * BROWSER_BENCH_SIZE=smoke makes a run of a few sign-ins whose figures mean
 * nothing, and skips (c1) and (c2), which need two builds of the site
 * (tests/stack/browser-bench.test.ts).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright';
import { startBuiltSite, startStaticSite } from '../scripts/lib/built-site.ts';
import { CHROMIUM_PATH } from '../scripts/lib/chromium-path.ts';
import { serveStatic, type StaticServer } from '../scripts/lib/static-server.ts';
import { buildStackWorker } from '../scripts/lib/stack-worker-build.ts';
import { SEED } from '../src/stack/userpool/index.ts';
import { submitSignIn } from '../tests/browser/widget-helpers.ts';
import type { BenchPage } from './lib/browser-page.ts';
import { agent, request, srpSignIn } from './lib/userpool-client.ts';
import { SIGN_IN_TARGETS, type WorkerTimings } from './lib/worker-timing.ts';

const SIZES = {
  full: { signIns: 40, warmup: 8, clicks: 15, clickWarmup: 3, sites: true },
  smoke: { signIns: 3, warmup: 1, clicks: 0, clickWarmup: 0, sites: false },
} as const;
const SIZE_NAME = process.env.BROWSER_BENCH_SIZE ?? 'full';
if (!Object.hasOwn(SIZES, SIZE_NAME)) throw new Error(`BROWSER_BENCH_SIZE must be one of ${Object.keys(SIZES).join(', ')}, not ${SIZE_NAME}`);
const SIZE = SIZES[SIZE_NAME as keyof typeof SIZES];
const STRICT = process.argv.includes('--strict');
/** Bounds the whole run: a hung browser or pool stops it. A full run builds the site twice, a few minutes on a busy machine. */
const RUN_TIMEOUT_MS = SIZE.sites ? 1_200_000 : 300_000;
/** The chapter page of (c1) and (c2). */
const CHAPTER = '/steps/sign-in/';

const BUDGETS = { workerGzipKb: 150, signInMedianMs: 60, clickRatio: 1.3, eagerGzipKb: 25 };
const alice = SEED.users.find((user) => user.username === 'alice')!;

/** One budgeted figure of the report. */
interface Verdict {
  what: string;
  within: boolean;
}

/** The two builds of the site (c1, c2): with no backend, and against a running Node stack. */
interface Sites {
  inBrowser: { url: string };
  node: { url: string };
}

/** What every measurement may use: the browser, the files it serves, and the built sites (built on first use, at full size only). */
interface Context {
  browser: Browser;
  server: StaticServer;
  workerCode: string;
  sites: () => Promise<Sites>;
}

/** One measurement: prints its rows and returns its verdicts. */
interface Measurement {
  name: string;
  run(context: Context): Promise<Verdict[]>;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (within: boolean) => (within ? 'PASS' : 'OVER');
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;

const workerSize: Measurement = {
  name: 'worker script',
  async run({ workerCode }) {
    const raw = Buffer.byteLength(workerCode);
    const gzipped = gzipSync(workerCode, { level: 9 }).byteLength;
    const within = gzipped <= BUDGETS.workerGzipKb * 1024;
    console.log('(a) The worker script, as buildStackWorker() builds it for the site (minified, one classic script):');
    console.log(`    raw ${kb(raw)}, gzipped (level 9) ${kb(gzipped)}     budget <= ${BUDGETS.workerGzipKb} KB gzipped: ${verdict(within)}`);
    return [{ what: 'worker script gzipped', within }];
  },
};

/** Per sign-in: the two requests' time in the worker, and the work between requests that ran before the next sign-in began. */
function signInTimes(timings: WorkerTimings): { total: number[]; initiate: number[]; respond: number[]; between: number[] } {
  const starts = timings.requests.filter((r) => r.what === SIGN_IN_TARGETS[0]);
  const result = { total: [] as number[], initiate: [] as number[], respond: [] as number[], between: [] as number[] };
  starts.forEach((first, i) => {
    const until = starts[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    const own = timings.requests.filter((r) => r.start >= first.start && r.start < until);
    const initiate = own.find((r) => r.what === SIGN_IN_TARGETS[0])!;
    const respond = own.find((r) => r.what === SIGN_IN_TARGETS[1]);
    if (!respond) throw new Error(`sign-in ${i} has no RespondToAuthChallenge in the worker's records`);
    const between = timings.between.filter((w) => w.start >= first.start && w.start < until).reduce((sum, w) => sum + (w.end - w.start), 0);
    const a = initiate.end - initiate.start;
    const b = respond.end - respond.start;
    result.initiate.push(a);
    result.respond.push(b);
    result.between.push(between);
    result.total.push(a + b + between);
  });
  return result;
}

/** The Node pool in its own process: its time per sign-in (both handlers, and g^b computed ahead), sign-in by sign-in. */
async function nodeSignIns(count: number, warmup: number): Promise<number[]> {
  const child = fork(fileURLToPath(new URL('./lib/userpool-server.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await new Promise<{ url: string; poolId: string; clientId: string }>((resolve) => child.once('message', resolve));
    const endpoint = `${ready.url}/`;
    const user = { username: alice.username, password: alice.password! };
    for (let i = 0; i < warmup; i++) await srpSignIn(endpoint, ready.poolId, ready.clientId, user);
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      await request(child, 'mark');
      await srpSignIn(endpoint, ready.poolId, ready.clientId, user);
      const pool = await request(child, 'cpu');
      times.push(pool.handlerMs + pool.cryptoOutsideMs);
    }
    return times;
  } finally {
    agent.destroy();
    child.send({ type: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const signInTime: Measurement = {
  name: 'SRP sign-in',
  async run({ browser, server }) {
    const context = await browser.newContext();
    try {
      const page: Page = await context.newPage();
      await page.goto(`${server.url}/index.html`);
      await page.evaluate(() => (globalThis as unknown as { bench: BenchPage }).bench.start());
      await page.evaluate((n) => (globalThis as unknown as { bench: BenchPage }).bench.signIns(n), SIZE.warmup);
      await page.evaluate(() => (globalThis as unknown as { bench: BenchPage }).bench.takeTimings());
      const pageTimes = await page.evaluate((n) => (globalThis as unknown as { bench: BenchPage }).bench.signIns(n), SIZE.signIns);
      const worker = signInTimes(await page.evaluate(() => (globalThis as unknown as { bench: BenchPage }).bench.takeTimings()));
      if (worker.total.length !== SIZE.signIns) throw new Error(`the worker timed ${worker.total.length} sign-ins, not ${SIZE.signIns}`);
      const node = await nodeSignIns(SIZE.signIns, SIZE.warmup);

      const within = median(worker.total) <= BUDGETS.signInMedianMs;
      const row = (label: string, values: number[]) =>
        `${label.padEnd(58)} median ${ms(median(values)).padStart(9)}   p90 ${ms(quantile(values, 0.9)).padStart(9)}`;
      console.log(`\n(b) SRP sign-in, the stack's own time for InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER`);
      console.log(
        `    (3 exponentiations mod a 3072-bit prime, 2 RSA-2048 signatures, the records saved), ${SIZE.signIns} sign-ins of alice one at a time after ${SIZE.warmup} to warm up:`,
      );
      console.log(
        `    ${row('in-browser stack, timed inside its Service Worker', worker.total)}     budget <= ${BUDGETS.signInMedianMs} ms: ${verdict(within)}`,
      );
      console.log(`      ${row('of which InitiateAuth', worker.initiate)}`);
      console.log(`      ${row('of which RespondToAuthChallenge', worker.respond)}`);
      console.log(`      ${row('of which work between requests (g^b ahead)', worker.between)}`);
      console.log(`    ${row('Node stack, timed inside its process', node)}`);
      console.log(`    in-browser / Node (medians): ${(median(worker.total) / median(node)).toFixed(1)}x`);
      console.log(`    for reference, Amplify's whole signIn() in the page (its own SRP included): median ${ms(median(pageTimes))}`);
      console.log("    The worker's time runs from its fetch listener to the answer it hands back, IndexedDB save included; the Node");
      console.log("    pool's from its handler's start to its answer, SQLite write included. Both count g^b computed between requests.");
      return [{ what: 'SRP sign-in median', within }];
    } finally {
      await context.close();
    }
  },
};

/**
 * Arms a clock in the page for one sign-in of `username`: from the click on
 * the widget's Sign in button (the click event's own timestamp) to the
 * moment its status says the user is signed in (a MutationObserver on the
 * widget, so no polling interval adds to the figure). `takeClickTime` reads it.
 */
async function armClickClock(page: Page, username: string): Promise<void> {
  await page.evaluate((name) => {
    const host = document.querySelector('tt-sign-in')!;
    (globalThis as unknown as { benchClick: Promise<number> }).benchClick = new Promise<number>((resolve) => {
      let clickedAt: number | undefined;
      const onClick = (event: Event) => {
        if ((event.target as Element).closest('button')?.textContent?.trim() !== 'Sign in') return;
        clickedAt = event.timeStamp;
        host.removeEventListener('click', onClick, true);
      };
      host.addEventListener('click', onClick, true);
      const observer = new MutationObserver(() => {
        if (clickedAt === undefined || !host.querySelector('[role="status"]')?.textContent?.includes(`Signed in as ${name}.`)) return;
        observer.disconnect();
        resolve(performance.now() - clickedAt);
      });
      observer.observe(host, { subtree: true, childList: true, characterData: true });
    });
  }, username);
}

/** The armed clock's figure; a sign-in that never shows stops the run after 30 s. */
const takeClickTime = (page: Page) =>
  page.evaluate(() =>
    Promise.race([
      (globalThis as unknown as { benchClick: Promise<number> }).benchClick,
      new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(new Error(`the sign-in widget did not say "Signed in" within 30 s: ${document.querySelector('tt-sign-in [role="status"]')?.textContent}`)),
          30_000,
        ),
      ),
    ]),
  );

/** One sign-in of bob through the widget, timed from the click; then a sign-out, untimed, back to the form. */
async function clickToSignedIn(page: Page): Promise<number> {
  const signIn = page.locator('tt-sign-in');
  await armClickClock(page, 'bob');
  await submitSignIn(signIn, { demo: 'bob' });
  const time = await takeClickTime(page);
  await signIn.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 30_000 });
  return time;
}

const skippedAtSmoke = (label: string) => {
  console.log(`\n${label}: skipped at smoke size (it needs two builds of the site).`);
  return [];
};

const clickTime: Measurement = {
  name: 'click to signed in',
  async run({ browser, sites }) {
    const label = '(c1) Click to "signed in"';
    if (!SIZE.sites) return skippedAtSmoke(label);
    const { inBrowser, node } = await sites();
    const targets = [
      { name: 'in-browser stack (no-backend build, plain static server)', url: inBrowser.url, times: [] as number[] },
      { name: 'Node stack (build against its stack.json)', url: node.url, times: [] as number[] },
    ];
    const contexts = await Promise.all(targets.map(() => browser.newContext()));
    try {
      const pages = await Promise.all(
        contexts.map(async (context, i) => {
          const page = await context.newPage();
          page.setDefaultTimeout(30_000);
          await page.goto(`${targets[i]!.url}${CHAPTER}`);
          return page;
        }),
      );
      // Warm: Amplify loaded, the worker installed and its keys made, the pool's caches filled.
      for (const page of pages) for (let i = 0; i < SIZE.clickWarmup; i++) await clickToSignedIn(page);
      // Alternately, so that the machine's load drifts over both alike.
      for (let i = 0; i < SIZE.clicks; i++) for (const [j, page] of pages.entries()) targets[j]!.times.push(await clickToSignedIn(page));
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
    const [browserTimes, nodeTimes] = [targets[0]!.times, targets[1]!.times];
    const ratio = median(browserTimes) / median(nodeTimes);
    const within = ratio <= BUDGETS.clickRatio;
    const row = (label: string, values: number[]) =>
      `${label.padEnd(58)} median ${ms(median(values)).padStart(9)}   p90 ${ms(quantile(values, 0.9)).padStart(9)}`;
    console.log(`\n${label} on ${CHAPTER}: bob signs in through the sign-in widget, from the click on Sign in to the widget's status`);
    console.log(`    saying he is signed in (Amplify's SRP in the page, both calls to the pool), ${SIZE.clicks} sign-ins on each site, alternately,`);
    console.log(`    after ${SIZE.clickWarmup} to warm up, a sign-out between any two:`);
    for (const target of targets) console.log(`    ${row(target.name, target.times)}`);
    console.log(`    in-browser / Node (medians): ${ratio.toFixed(2)}x     budget <= ${BUDGETS.clickRatio}x: ${verdict(within)}`);
    return [{ what: 'click to signed in, in-browser / Node', within }];
  },
};

const eagerScript: Measurement = {
  name: 'eager JavaScript',
  async run({ browser, sites }) {
    const label = '(c2) The JavaScript a chapter page loads before the reader acts';
    if (!SIZE.sites) return skippedAtSmoke(label);
    const { inBrowser } = await sites();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const requested: string[] = [];
      const scripts = new Map<string, Promise<Buffer>>();
      page.on('request', (request) => requested.push(request.url()));
      page.on('response', (response) => {
        const type = response.headers()['content-type'] ?? '';
        if ((response.request().resourceType() === 'script' || /javascript/.test(type)) && !scripts.has(response.url()))
          scripts.set(response.url(), response.body());
      });
      await page.goto(`${inBrowser.url}${CHAPTER}`, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle');
      const inline = await page.evaluate(() =>
        [...document.querySelectorAll('script:not([src])')]
          .filter((script) => ['', 'module', 'text/javascript', 'application/javascript'].includes((script.getAttribute('type') ?? '').trim().toLowerCase()))
          .map((script) => script.textContent ?? '')
          .filter((code) => code.trim()),
      );
      const registrations = await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((all) => all.length));
      const gz = (body: Buffer | string) => gzipSync(body, { level: 9 }).byteLength;
      const files = await Promise.all(
        [...scripts].map(async ([url, body]) => ({ path: new URL(url).pathname, raw: (await body).byteLength, gzipped: gz(await body) })),
      );
      const fileBytes = files.reduce((sum, file) => sum + file.gzipped, 0);
      const inlineBytes = inline.reduce((sum, code) => sum + gz(code), 0);
      const total = fileBytes + inlineBytes;
      const within = total <= BUDGETS.eagerGzipKb * 1024;
      const workerLoaded = requested.some((url) => new URL(url).pathname.endsWith('/stack-worker.js'));
      console.log(`\n${label}: a page load of ${CHAPTER} of the no-backend build, every script`);
      console.log("    response as Playwright's network events report it (module scripts and their static imports), each body gzipped (level 9):");
      for (const file of files.sort((a, b) => b.gzipped - a.gzipped))
        console.log(`      ${file.path.padEnd(70)} raw ${kb(file.raw).padStart(9)}   gzipped ${kb(file.gzipped).padStart(8)}`);
      console.log(`    ${`${files.length} script files`.padEnd(58)} gzipped ${kb(fileBytes).padStart(8)}`);
      console.log(`    ${`${inline.length} inline scripts`.padEnd(58)} gzipped ${kb(inlineBytes).padStart(8)}`);
      console.log(
        `    ${'eager JavaScript in all'.padEnd(58)} gzipped ${kb(total).padStart(8)}     budget <= ${BUDGETS.eagerGzipKb} KB gzipped: ${verdict(within)}`,
      );
      console.log(
        `    the worker script (stack-worker.js) loaded before the reader acts: ${workerLoaded ? 'YES' : 'no'}; Service Workers registered: ${registrations}`,
      );
      return [
        { what: 'eager JavaScript gzipped', within },
        { what: 'no worker script before the reader acts', within: !workerLoaded && registrations === 0 },
      ];
    } finally {
      await context.close();
    }
  },
};

const MEASUREMENTS: Measurement[] = [workerSize, signInTime, clickTime, eagerScript];

async function files(): Promise<{ dir: string; workerCode: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'token-trail-bench-browser-'));
  const [worker, timing, page] = await Promise.all([
    buildStackWorker(),
    build({
      entryPoints: [fileURLToPath(new URL('./lib/worker-timing.ts', import.meta.url))],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    }),
    build({
      entryPoints: [fileURLToPath(new URL('./lib/browser-page.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      write: false,
      logLevel: 'silent',
    }),
  ]);
  writeFileSync(join(dir, 'stack-worker.js'), `${timing.outputFiles[0]!.text}\n${worker.code}`);
  writeFileSync(join(dir, 'bench-page.js'), page.outputFiles[0]!.text);
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Token Trail browser benchmark</title><script type="module" src="/bench-page.js"></script></head><body></body></html>\n',
  );
  return { dir, workerCode: worker.code };
}

async function main(): Promise<Verdict[]> {
  const { dir, workerCode } = await files();
  const server = await serveStatic(dir, 0);
  const closers: (() => Promise<void>)[] = [];
  let built: Promise<Sites> | undefined;
  const sites = () =>
    (built ??= (async () => {
      const log = (line: string) => console.log(`    [site] ${line}`);
      console.log('');
      const inBrowser = await startStaticSite(log);
      closers.push(inBrowser.close);
      const node = await startBuiltSite(log);
      closers.push(node.close);
      return { inBrowser, node };
    })());
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    console.log(`Browser benchmark (${SIZE_NAME} run): Chromium ${browser.version()} headless, Node ${process.version}, ${navigator.hardwareConcurrency} CPUs`);
    console.log(`Load average before: ${loadavg()[0]!.toFixed(2)}\n`);
    const verdicts: Verdict[] = [];
    for (const measurement of MEASUREMENTS) verdicts.push(...(await measurement.run({ browser, server, workerCode, sites })));
    console.log(`\nLoad average after: ${loadavg()[0]!.toFixed(2)} (this run's own load included)`);
    return verdicts;
  } finally {
    await browser.close();
    for (const close of closers.reverse()) await close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const timeout = setTimeout(() => {
  console.error(`The browser benchmark did not finish within ${RUN_TIMEOUT_MS / 1000} s.`);
  process.exit(1);
}, RUN_TIMEOUT_MS);
timeout.unref();
const verdicts = await main();
const over = verdicts.filter((v) => !v.within);
console.log(over.length ? `Over budget: ${over.map((v) => v.what).join(', ')}${STRICT ? ' (--strict: exit code 1)' : ''}` : 'Every figure within its budget.');
process.exit(STRICT && over.length ? 1 : 0);
