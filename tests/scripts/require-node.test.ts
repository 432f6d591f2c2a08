/**
 * The old-Node check that runs before `npm start`, `npm test`, `npm run
 * stack` and `npm run bench` (scripts/require-node.mjs): one plain sentence
 * and exit code 1 on a Node that cannot run the project's TypeScript.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NEEDS_NEWER_NODE, nodeVersionProblem } from '../../scripts/require-node.mjs';

const SCRIPT = fileURLToPath(new URL('../../scripts/require-node.mjs', import.meta.url));

test('Node 22.18 and later will do; anything older, or unreadable, gets the sentence', () => {
  for (const version of ['22.18.0', 'v22.18.0', '22.18.1', '22.19.0', '23.0.0', '24.0.0', '24.11.1', '25.2.0']) {
    assert.equal(nodeVersionProblem(version), null, version);
  }
  for (const version of ['22.17.9', 'v22.17.1', '22.0.0', '21.99.99', '20.19.5', '18.20.8', '16.0.0', '0.12.18']) {
    const problem = nodeVersionProblem(version);
    assert.ok(problem?.startsWith(NEEDS_NEWER_NODE), version);
    assert.match(problem!, new RegExp(`This is Node ${version.replace(/^v/, '').replaceAll('.', '\\.')}\\.$`), version);
  }
  assert.ok(nodeVersionProblem('not a version')?.startsWith(NEEDS_NEWER_NODE));
});

test('the sentence says what is needed and how to get Node 24', () => {
  assert.match(NEEDS_NEWER_NODE, /^Token Trail needs Node 22\.18 or later \(Node 24 LTS recommended\): nvm install 24.*https:\/\/nodejs\.org\/$/);
  assert.equal(readFileSync(new URL('../../.nvmrc', import.meta.url), 'utf8').trim(), '24');
});

test('on an old Node the script prints one sentence to stderr and exits 1, no stack trace', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import { main } from ${JSON.stringify(SCRIPT)}; main('18.19.1');`], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, `${NEEDS_NEWER_NODE} This is Node 18.19.1.\n`);
});

test('on this Node it says nothing and exits 0', () => {
  const run = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
  assert.deepEqual({ status: run.status, stdout: run.stdout, stderr: run.stderr }, { status: 0, stdout: '', stderr: '' });
});

test('npm start, npm test, npm run stack and npm run bench run the check first', () => {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  for (const name of ['start', 'test', 'stack', 'bench']) {
    assert.match(scripts[name]!, /^node scripts\/require-node\.mjs && /, `${name}: ${scripts[name]}`);
  }
});
