/**
 * The browser benchmark is `npm run bench -- browser`, never part of
 * `npm test`. This only keeps it runnable: a smoke-sized run
 * (BROWSER_BENCH_SIZE=smoke: three sign-ins in headless Chromium, three
 * against the Node pool) finishes by itself, prints every row of its report
 * with a PASS or OVER against each budget, and exits 0 whatever the figures.
 * At that size (c1) and (c2), which build the site twice, print that they
 * were skipped, and the test asserts those rows.
 * It asserts no figure: at this size they mean nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

test('the browser benchmark runs end to end and prints every row of (a) and (b), and (c1) and (c2) skipped', async () => {
  const script = new URL('../../bench/browser.ts', import.meta.url).pathname;
  // The timeout only stops a run that hangs; a smoke run takes seconds.
  const { stdout } = await promisify(execFile)(process.execPath, [script], { env: { ...process.env, BROWSER_BENCH_SIZE: 'smoke' }, timeout: 240_000 });
  const rows = [
    /^Browser benchmark \(smoke run\): Chromium [\d.]+ headless, Node v[\d.]+, \d+ CPUs$/m,
    /^\(a\) The worker script, /m,
    /^ {4}raw \d+\.\d KB, gzipped \(level 9\) \d+\.\d KB {5}budget <= 150 KB gzipped: (PASS|OVER)$/m,
    /^\(b\) SRP sign-in, /m,
    /^ {4}in-browser stack, timed inside its Service Worker +median +\d+\.\d ms +p90 +\d+\.\d ms {5}budget <= 60 ms: (PASS|OVER)$/m,
    /^ {6}of which InitiateAuth +median .+ p90 .+$/m,
    /^ {6}of which RespondToAuthChallenge +median .+ p90 .+$/m,
    /^ {6}of which work between requests \(g\^b ahead\) +median .+ p90 .+$/m,
    /^ {4}Node stack, timed inside its process +median +\d+\.\d ms +p90 +\d+\.\d ms$/m,
    /^ {4}in-browser \/ Node \(medians\): \d+\.\dx$/m,
    // (c1) and (c2) need two builds of the site: too slow for a smoke run, which says it skipped them.
    /^\(c1\) Click to "signed in": skipped at smoke size \(it needs two builds of the site\)\.$/m,
    /^\(c2\) The JavaScript a chapter page loads before the reader acts: skipped at smoke size \(it needs two builds of the site\)\.$/m,
    /^Load average after: /m,
    /^(Every figure within its budget\.|Over budget: .+)$/m,
  ];
  for (const row of rows) assert.match(stdout, row);
});
