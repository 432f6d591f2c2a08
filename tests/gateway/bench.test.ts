/**
 * The gateway benchmark is `npm run bench -- gateway`, never part of
 * `npm test`. This only keeps it runnable: a smoke-sized run
 * (GATEWAY_BENCH_SIZE=smoke: a few dozen verifications, slices of a few
 * milliseconds) finishes by itself and prints every row of its report. It
 * asserts no figure: at this size they mean nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

test('the gateway benchmark runs end to end and prints every row of (a), (b) and (c)', async () => {
  const script = new URL('../../bench/gateway.ts', import.meta.url).pathname;
  // The timeout only stops a run that hangs; a smoke run takes seconds.
  const { stdout } = await promisify(execFile)(process.execPath, [script], { env: { ...process.env, GATEWAY_BENCH_SIZE: 'smoke' }, timeout: 180_000 });
  const rows = [
    /^Gateway benchmark \(smoke run\), Node /m,
    /^\(a\) Token verifications per second: /m,
    /^ {4}raw crypto\.verify, signature only, sequential .+$/m,
    /^ {4}aws-jwt-verify CognitoJwtVerifier\.verifySync, sequential .+$/m,
    /^ {4}gateway authorizer, sequential .+$/m,
    /^ {4}gateway authorizer, 64 in flight .+$/m,
    /^ {4}for reference: jose jwtVerify with a cached CryptoKey, sequential .+$/m,
    /^ {4}for reference: jose jwtVerify with a cached CryptoKey, 64 in flight .+$/m,
    /^ {4}gateway \/ raw crypto\.verify .+\(target ≥ 0\.7×: (met|NOT MET)\)$/m,
    /^ {4}gateway \/ aws-jwt-verify .+\(target ≥ 1\.0×: (met|NOT MET)\)$/m,
    /^\(b\) Requests per second over loopback HTTP, /m,
    /^ {4}\/rest\/prod +without authorizer .+ with authorizer .+\(target ≥ 0\.6×: (met|NOT MET)\)$/m,
    /^ {4}\/http +without authorizer .+ with authorizer .+\(target ≥ 0\.6×: (met|NOT MET)\)$/m,
    /^ {4}\/rest\/prod +without authorizer .+ µs +with authorizer .+ µs +requests per CPU-second .+$/m,
    /^ {4}\/http +without authorizer .+ µs +with authorizer .+ µs +requests per CPU-second .+$/m,
    /^\(c\) Latency at 64 concurrent connections/m,
    /^ {4}\/rest\/prod open +p50 .+ p99 .+$/m,
    /^ {4}\/rest\/prod authorized +p50 .+ p99 .+$/m,
    /^ {4}\/http open +p50 .+ p99 .+$/m,
    /^ {4}\/http authorized +p50 .+ p99 .+$/m,
    /^Load average after: /m,
  ];
  assert.equal(rows.length, 21);
  for (const row of rows) assert.match(stdout, row);
});
