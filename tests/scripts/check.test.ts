/**
 * `npm run check` runs the linter and the formatter (Biome, with the
 * project's biome.json) before the type checkers, and `npm test`, which is
 * what CI runs, runs `npm run check`: so a violation fails CI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PHASES } from '../../scripts/lib/test-phases.ts';

const ROOT = new URL('../../', import.meta.url);
const BIOME = createRequire(ROOT).resolve('@biomejs/biome/bin/biome');
const scripts = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> }).scripts;

// A folder outside the repository with the project's own configuration: the
// cases below are judged by exactly the rules `npm run check` applies.
const folder = mkdtempSync(join(tmpdir(), 'tt-check-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const config = JSON.parse(readFileSync(new URL('biome.json', ROOT), 'utf8')) as Record<string, unknown>;
delete config.$schema;
config.vcs = { enabled: false };
writeFileSync(join(folder, 'biome.json'), JSON.stringify(config));
mkdirSync(join(folder, 'src'));

function biomeCi(file: string, source: string): { status: number | null; output: string } {
  writeFileSync(join(folder, 'src', file), source);
  const run = spawnSync(process.execPath, [BIOME, 'ci', '--error-on-warnings', '--colors=off', `src/${file}`], { cwd: folder, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

test('npm test runs npm run check, and check runs Biome first', () => {
  assert.ok(
    PHASES.some((phase) => phase.script === 'check'),
    'a phase of npm test runs npm run check',
  );
  assert.match(scripts.check!, /^biome ci --error-on-warnings \. && /);
});

test('code that follows the rules passes', () => {
  const { status, output } = biomeCi('clean.ts', 'export function shout(name: string): string {\n  return name.toUpperCase();\n}\n');
  assert.equal(status, 0, output);
});

test('a lint violation fails the check, naming the rule', () => {
  const { status, output } = biomeCi('sparse.ts', 'export const sparse = [1, , 3];\n');
  assert.notEqual(status, 0);
  assert.match(output, /lint\/suspicious\/noSparseArray/);
});

test('an unused import fails the check', () => {
  const { status, output } = biomeCi('unused.ts', "import { readFileSync } from 'node:fs';\nexport const answer = 42;\n");
  assert.notEqual(status, 0);
  assert.match(output, /noUnusedImports/);
});

test('code the formatter would change fails the check: spacing, quotes and a missing semicolon', () => {
  for (const [file, source] of [
    ['spacing.ts', 'export const answer  =  42;\n'],
    ['quotes.ts', 'export const greeting = "hello";\n'],
    ['semicolon.ts', 'export const answer = 42\n'],
  ]) {
    const { status, output } = biomeCi(file!, source!);
    assert.notEqual(status, 0, file);
    assert.match(output, /format/i, file);
  }
});

test('Markdown and the recorded AWS fixtures are left as written', () => {
  const formatter = config.formatter as { enabled: boolean; includes: string[] };
  assert.equal(formatter.enabled, true);
  assert.ok(formatter.includes.includes('!**/*.md'));
  assert.ok(formatter.includes.includes('!tests/**/fixtures/**/*.json'));
});
