/**
 * Acceptance 6 is the benchmark itself (npm run bench -- gateway). This only
 * keeps it runnable: a quick run finishes by itself and prints every figure
 * and ratio. It asserts nothing about speed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

test('the gateway benchmark runs end to end and reports (a), (b) and (c) against their targets', async () => {
  const script = new URL('../../bench/gateway.ts', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [script, '--quick'], { timeout: 120_000 });
  for (const line of [
    /raw crypto\.verify, signature only, sequential +\d+\.\dk\/s/,
    /aws-jwt-verify CognitoJwtVerifier\.verifySync, sequential +\d+\.\dk\/s/,
    /gateway authorizer, sequential +\d+\.\dk\/s/,
    /gateway \/ raw crypto\.verify +\d+\.\d\d× \(target ≥ 0\.7×/,
    /gateway \/ aws-jwt-verify +\d+\.\d\d× \(target ≥ 1\.0×/,
    /\/rest\/prod +without authorizer +\d+\/s +with authorizer +\d+\/s +\d+\.\d\d× \(target ≥ 0\.6×/,
    /\/http +without authorizer +\d+\/s +with authorizer +\d+\/s +\d+\.\d\d× \(target ≥ 0\.6×/,
    /\/http authorized +p50 +\d+\.\d\d ms +p99 +\d+\.\d\d ms/,
  ]) {
    assert.match(stdout, line);
  }
});
