import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { startBuiltSite, startStaticSite } from '../scripts/lib/built-site.ts';
import { chromiumExecutable } from '../scripts/lib/chromium-path.ts';
import { EMBED_MODULE_FILE } from '../src/embed/widgets.ts';

/**
 * `npm run bench -- site`: Lighthouse 13 (mobile, simulated throttling, its
 * defaults) on a chapter page with widgets, three runs, median of each
 * category, on two production builds served on loopback by our static server (Brotli, as hosts compress):
 *
 * - against a fresh Node demo stack, so the page's connection check succeeds
 *   as it would for a reader of `npm start`. Targets: performance ≥ 95;
 *   accessibility, best practices and SEO 100;
 * - with no backend (the demo stack in the reader's browser), served by the
 *   plain static server, as a static host would. Target: 100 in all four.
 *
 * And, from the static build, the embeds' module for other sites' pages
 * (`<base>embed.js`, src/embed/host.ts) as it ships: raw and gzipped (level
 * 9). Target: at most 5 KB gzipped.
 *
 * Below target is printed; `--strict` makes it fail the run (exit code 1).
 *
 * Set PAGE=/some/chapter/ to measure another page, CHROME_PATH for the
 * browser (default: as the tests choose, see scripts/lib/chromium-path.ts).
 */
const PAGE = process.env.PAGE ?? '/steps/sign-in/';
const RUNS = 3;
const RUN_TIMEOUT_MS = 120_000;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Targets = Record<(typeof CATEGORIES)[number], number>;
const STRICT = process.argv.includes('--strict');
const CHROME = process.env.CHROME_PATH ?? chromiumExecutable();

/** Starts Chromium with a DevTools port for Lighthouse, on loopback, with its background chatter off. */
async function startChrome(): Promise<{ port: number; process: ChildProcess; close: () => void }> {
  const profile = mkdtempSync(join(tmpdir(), 'token-trail-lh-'));
  const child = spawn(
    CHROME,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${CHROME} did not open a DevTools port within 30 s`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${CHROME} exited (${code}) before it was ready:\n${seen}`)));
  });
  return {
    port,
    process: child,
    close: () => {
      child.kill('SIGTERM');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Lighthouse RUNS times on `url`; prints each run, then the medians against `targets`. Returns whether every median met its target. */
async function measure(port: number, url: string, targets: Targets): Promise<boolean> {
  const scores: Record<string, number[]> = Object.fromEntries(CATEGORIES.map((category) => [category, []]));
  const metrics: Record<string, number[]> = {
    'first-contentful-paint': [],
    'largest-contentful-paint': [],
    'total-blocking-time': [],
    'cumulative-layout-shift': [],
    'speed-index': [],
  };
  let met = true;
  console.log(`Lighthouse ${RUNS}× on ${url} (mobile, simulated throttling)`);
  for (let run = 1; run <= RUNS; run++) {
    const result = await withTimeout(
      lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }),
      RUN_TIMEOUT_MS,
      `Lighthouse run ${run}`,
    );
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    const line = CATEGORIES.map((category) => {
      const score = Math.round((lhr.categories[category]?.score ?? 0) * 100);
      scores[category]!.push(score);
      return `${category} ${score}`;
    });
    for (const id of Object.keys(metrics)) metrics[id]!.push(lhr.audits[id]?.numericValue ?? Number.NaN);
    console.log(`  run ${run}: ${line.join(', ')}`);
    // What cost points, so a failing run can be acted on: for performance, the metrics below 1.
    for (const category of CATEGORIES) {
      const lost = (lhr.categories[category]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => `${ref.id} (${lhr.audits[ref.id]?.displayValue ?? lhr.audits[ref.id]?.score})`);
      if (lost.length > 0) console.log(`    ${category} lost on: ${lost.join(', ')}`);
    }
  }
  console.log(`\nMedian of ${RUNS} runs on ${new URL(url).pathname}:`);
  for (const category of CATEGORIES) {
    const value = median(scores[category]!);
    const ok = value >= targets[category];
    if (!ok) met = false;
    console.log(`  ${category.padEnd(15)} ${String(value).padStart(3)}   target ≥ ${targets[category]}   ${ok ? 'ok' : 'BELOW TARGET'}`);
  }
  console.log(
    `  metrics: FCP ${Math.round(median(metrics['first-contentful-paint']!))} ms, LCP ${Math.round(median(metrics['largest-contentful-paint']!))} ms, TBT ${Math.round(median(metrics['total-blocking-time']!))} ms, CLS ${median(metrics['cumulative-layout-shift']!).toFixed(3)}, SI ${Math.round(median(metrics['speed-index']!))} ms`,
  );
  return met;
}

const EMBED_MODULE_GZIP_KB = 5;

/** The embeds' module as the build wrote it: its size raw and gzipped, against its target. Returns whether it is within. */
function measureEmbedModule(outDir: string): boolean {
  const code = readFileSync(join(outDir, EMBED_MODULE_FILE));
  const gzipped = gzipSync(code, { level: 9 }).length;
  const within = gzipped <= EMBED_MODULE_GZIP_KB * 1024;
  console.log(
    `The embeds' module, ${EMBED_MODULE_FILE}: ${(code.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped   target ≤ ${EMBED_MODULE_GZIP_KB} KB gzipped   ${within ? 'ok' : 'ABOVE TARGET'}`,
  );
  return within;
}

const TARGETS = {
  node: { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 },
  static: { performance: 100, accessibility: 100, 'best-practices': 100, seo: 100 },
} satisfies Record<string, Targets>;

const chrome = await startChrome();
const below: string[] = [];
try {
  console.log('== 1. The site built against a running Node stack ==');
  const site = await startBuiltSite((line) => console.log(line));
  try {
    if (!(await measure(chrome.port, site.url + PAGE, TARGETS.node))) below.push('the build against the Node stack');
  } finally {
    await site.close();
  }
  console.log('\n== 2. The static build: no backend (the stack in the browser), the plain static server ==');
  const staticSite = await startStaticSite((line) => console.log(line));
  try {
    if (!measureEmbedModule(staticSite.outDir)) below.push(`the embeds' module (${EMBED_MODULE_FILE})`);
    if (!(await measure(chrome.port, staticSite.url + PAGE, TARGETS.static))) below.push('the static build');
  } finally {
    await staticSite.close();
  }
} finally {
  chrome.close();
}
console.log(below.length ? `\nBelow target: ${below.join(', ')}${STRICT ? ' (--strict: exit code 1)' : ''}` : '\nEvery median at its target.');
process.exit(STRICT && below.length ? 1 : 0);
