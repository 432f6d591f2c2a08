/**
 * `npm run fuzz`: the fuzz properties of tests/fuzz/ with fifty times the
 * cases of their bounded run in `npm test` (FUZZ_SCALE=50; set FUZZ_SCALE to
 * choose another multiple). Arguments go on to `node --test`:
 *
 *     npm run fuzz                                   # every property, 50x
 *     npm run fuzz -- tests/fuzz/gateway.test.ts     # one file
 *     npm run fuzz -- --test-name-pattern=SignUp     # one property
 *
 * A failure prints its seed and path; support/runner.ts says how to replay it.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const files = args.some((arg) => arg.endsWith('.ts')) ? [] : ['tests/fuzz/*.test.ts'];
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...args, ...files], {
  stdio: 'inherit',
  env: { FUZZ_SCALE: '50', ...process.env },
});
process.exit(run.status ?? 1);
