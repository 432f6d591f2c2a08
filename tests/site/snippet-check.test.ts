/**
 * `npm run check` type-checks every snippet of the chapters
 * (content/snippets/, with content/snippets/tsconfig.json) against the
 * packages they import, and fails on a broken one: here, the same check over
 * the real snippets and two broken copies, an SDK call with a misspelled
 * input (TypeScript) and a jose call with an option of the wrong type
 * (JavaScript, checked through checkJs).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { SNIPPETS_DIR } from '../helpers/snippet-sources.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

test('npm run check runs the snippets’ type check', () => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(scripts.check!, /tsc -p content\/snippets\/tsconfig\.json/);
});

test('a broken snippet fails the type check, and only the broken ones are reported', { timeout: 180_000 }, () => {
  // Inside the project, so that the snippets' imports resolve from its node_modules.
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const work = mkdtempSync(join(ROOT, 'test-results', 'snippet-check-'));
  try {
    mkdirSync(join(work, 'broken'));
    const sdk = readFileSync(join(SNIPPETS_DIR, 'step-2/sdk.ts'), 'utf8');
    const misspelled = sdk.replace('RefreshToken: refreshToken,', 'RefreshTokn: refreshToken,');
    assert.notEqual(misspelled, sdk);
    writeFileSync(join(work, 'broken/sdk.ts'), misspelled);
    const jose = readFileSync(join(SNIPPETS_DIR, 'step-2/lambda.js'), 'utf8');
    const wrongType = jose.replace("algorithms: ['RS256'],", "algorithms: 'RS256',");
    assert.notEqual(wrongType, jose);
    writeFileSync(join(work, 'broken/lambda.js'), wrongType);
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({ extends: join(SNIPPETS_DIR, 'tsconfig.json'), include: [join(SNIPPETS_DIR, '**/*.ts'), join(SNIPPETS_DIR, '**/*.js'), 'broken/*'] }),
    );

    const result = spawnSync(process.execPath, [TSC, '-p', join(work, 'tsconfig.json'), '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
    assert.notEqual(result.status, 0, 'the check fails');
    const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    const files = new Set(errors.map((line) => line.replace(/\(\d+,\d+\).*$/, '').replace(/^.*[\\/]broken[\\/]/, 'broken/')));
    assert.deepEqual([...files].sort(), ['broken/lambda.js', 'broken/sdk.ts'], result.stdout);
    // The real types, each package's own: the SDK's command input, jose's JWSAlgorithm.
    assert.match(result.stdout, /'RefreshTokn' does not exist in type 'GetTokensFromRefreshTokenCommandInput'/);
    assert.match(result.stdout, /Type 'string' is not assignable to type 'JWSAlgorithm\[\]'/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
