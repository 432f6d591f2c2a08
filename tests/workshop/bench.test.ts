/**
 * The workshop benchmark is `npm run bench -- workshop`, never part of
 * `npm test`. This only keeps it runnable: a smoke-sized run
 * (WORKSHOP_BENCH_SIZE=smoke, five participants) finishes by itself and
 * prints every row of its report. It asserts no figure but the success
 * rate, which must be 100 % at any size.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

test('the workshop benchmark runs end to end and prints every row', async () => {
  const script = new URL('../../bench/workshop.ts', import.meta.url).pathname;
  // The timeout only stops a run that hangs; a smoke run takes seconds.
  const { stdout } = await promisify(execFile)(process.execPath, [script], { env: { ...process.env, WORKSHOP_BENCH_SIZE: 'smoke' }, timeout: 180_000 });
  for (const row of [
    /^Workshop benchmark \(smoke run: 5 participants\), Node /m,
    /^Participants: 5 at once, each joining, signing in with SRP \(2 calls\) and making 10 API calls$/m,
    /^ {4}success rate +100\.0 % +\(60 of 60 calls\) +\(target 100 %: met\)$/m,
    /^ {4}whole room +[\d.]+ s +\(target ≤ 60 s: (met|NOT MET)\)$/m,
    /^ {4}sign-in \(SRP, 2 calls\) p50 +[\d.]+ ms +p95 +[\d.]+ ms +\(5\)$/m,
    /^ {4}API call +p50 +[\d.]+ ms +p95 +[\d.]+ ms +\(50\)$/m,
    /^ {4}stack peak memory \(RSS\) +\d+ MB/m,
    /^ {4}console live updates +p50 +[\d.]+ ms +p95 +[\d.]+ ms +\(40 of 40 reports seen\)$/m,
    /^Load average after: /m,
  ]) {
    assert.match(stdout, row);
  }
});
