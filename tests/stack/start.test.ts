import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-start-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

async function waitFor(check: () => Promise<boolean> | boolean, what: string, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

const answers = (url: string) =>
  fetch(url)
    .then((response) => response.ok)
    .catch(() => false);

test('npm start serves the site with the stack running, and one Ctrl-C stops both', async () => {
  const start = spawn(process.execPath, ['scripts/start.ts', '--userpool-port', '9530', '--gateway-port', '9531'], {
    env: { ...process.env, TOKEN_TRAIL_DATA: dataDir, TOKEN_TRAIL_SITE_PORT: '4397', ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  start.stdout!.on('data', (chunk) => (output += chunk));
  start.stderr!.on('data', (chunk) => (output += chunk));
  try {
    await waitFor(() => existsSync(join(dataDir, 'stack.json')), 'stack.json');
    const info = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8'));
    assert.equal(info.userPoolEndpoint, 'http://127.0.0.1:9530/');
    await waitFor(() => answers('http://127.0.0.1:4397/'), 'the site');
    assert.ok(await answers('http://127.0.0.1:9531/rest/prod/public'), 'the gateway answers');
    assert.ok(await answers(`http://127.0.0.1:9530/${info.userPoolId}/.well-known/jwks.json`), 'the pool answers');
    const page = await (await fetch('http://127.0.0.1:4397/')).text();
    assert.match(page, /Token Trail/);
  } catch (error) {
    start.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- npm start output ---\n${output}`);
  }

  const exited = new Promise<number | null>((resolve) => start.once('exit', resolve));
  start.kill('SIGINT');
  assert.equal(await exited, 0);
  await waitFor(async () => !(await answers('http://127.0.0.1:4397/')) && !(await answers('http://127.0.0.1:9531/rest/prod/public')), 'both servers to stop', 10_000);
});
