/**
 * The gateway benchmark is `npm run bench -- gateway`, never part of
 * `npm test`. This only keeps it runnable: a smoke-sized run
 * (GATEWAY_BENCH_SIZE=smoke: a few dozen verifications, slices of a few
 * milliseconds) finishes by itself and prints every row of its report, for
 * each of the three APIs. It asserts no figure: at this size they mean nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

const APIS: Array<[path: string, authorizer: string]> = [
  ['/rest/prod', 'Cognito'],
  ['/http', 'JWT'],
  ['/rest-jwt/prod', 'JWT'],
];

test('the gateway benchmark runs end to end and prints every row of (a), (b) and (c), for all three APIs', async () => {
  const script = new URL('../../bench/gateway.ts', import.meta.url).pathname;
  // The timeout only stops a run that hangs; a smoke run takes seconds.
  const { stdout } = await promisify(execFile)(process.execPath, [script], { env: { ...process.env, GATEWAY_BENCH_SIZE: 'smoke' }, timeout: 180_000 });
  const rows = [
    /^Gateway benchmark \(smoke run\), Node /m,
    /^\(a\) Token verifications per second: /m,
    /^ {4}raw crypto\.verify, signature only, sequential .+$/m,
    /^ {4}aws-jwt-verify CognitoJwtVerifier\.verifySync, sequential .+$/m,
    ...APIS.map(([path, authorizer]) => new RegExp(`^ {4}gateway authorizer, ${RegExp.escape(path)} \\(${authorizer}\\) +sequential .+$`, 'm')),
    ...APIS.map(([path, authorizer]) => new RegExp(`^ {4}gateway authorizer, ${RegExp.escape(path)} \\(${authorizer}\\) +verified before .+$`, 'm')),
    /^ {4}gateway authorizer, \/rest\/prod \(Cognito\) +64 in flight .+$/m,
    /^ {4}for reference: jose jwtVerify with a cached CryptoKey, sequential .+$/m,
    /^ {4}for reference: jose jwtVerify with a cached CryptoKey, 64 in flight .+$/m,
    ...APIS.map(([path]) => new RegExp(`^ {4}gateway / raw crypto\\.verify +${RegExp.escape(path)} .+\\(target ≥ 0\\.7×: (met|NOT MET)\\)$`, 'm')),
    ...APIS.map(([path]) => new RegExp(`^ {4}gateway / aws-jwt-verify +${RegExp.escape(path)} .+\\(target ≥ 1\\.0×: (met|NOT MET)\\)$`, 'm')),
    /^\(b\) Requests per second over loopback HTTP, /m,
    ...APIS.map(([path]) => new RegExp(`^ {4}${RegExp.escape(path)} +without authorizer .+ with authorizer .+\\(target ≥ 0\\.75×: (met|NOT MET)\\)$`, 'm')),
    ...APIS.map(([path]) => new RegExp(`^ {4}${RegExp.escape(path)} +with authorizer, every request verified .+ without authorizer$`, 'm')),
    ...APIS.map(
      ([path]) =>
        new RegExp(
          `^ {4}${RegExp.escape(path)} +without authorizer .+ µs +with authorizer .+ µs +requests per CPU-second .+ every request verified .+ µs, .+×$`,
          'm',
        ),
    ),
    /^\(c\) Latency at 64 concurrent connections/m,
    ...APIS.flatMap(([path]) => ['open', 'authorized', 'uncached'].map((kind) => new RegExp(`^ {4}${RegExp.escape(path)} ${kind} +p50 .+ p99 .+$`, 'm'))),
    /^Load average after: /m,
  ];
  assert.equal(rows.length, 40);
  for (const row of rows) assert.match(stdout, row);
});
