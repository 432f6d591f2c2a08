/**
 * `npm run workshop -- --host 127.0.0.1`, as a child process, end to end on
 * loopback: it builds the site against a workshop stack, serves both, and
 * prints the join URL, its QR code and the facilitator token, the token
 * once and nowhere else; the token's file is private, stack.json has the
 * workshop's URLs but not the token, the join page and the console answer,
 * the token opens the facilitator's API, and one SIGINT stops everything.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';

// Deadlines that only stop a test which hangs: a build takes a minute or two on a busy machine.
const BUILD_MS = 420_000;
const STOP_MS = 30_000;
const dataDir = mkdtempSync(join(tmpdir(), 'trail-workshop-cli-'));
let child: ChildProcess | undefined;

after(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, STOP_MS).unref())]);
    child.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('npm run workshop serves the room: join URL, QR code and the token once; one Ctrl-C stops it', { timeout: BUILD_MS + 2 * STOP_MS }, async () => {
  child = spawn(
    process.execPath,
    ['scripts/workshop.ts', '--host', '127.0.0.1', '--site-port', '0', '--userpool-port', '0', '--gateway-port', '0', '--data', dataDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${BUILD_MS / 1000} s:\n${output}`)), BUILD_MS);
    const check = () => {
      if (/Traffic is plain HTTP/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child!.stdout!.on('data', (chunk) => {
      output += chunk;
      check();
    });
    child!.stderr!.on('data', (chunk) => (output += chunk));
    child!.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before it was ready:\n${output}`));
    });
  });
  await ready;

  const token = readFileSync(join(dataDir, 'facilitator-token'), 'utf8').trim();
  assert.match(token, /^ttf_[A-Za-z0-9_-]{43}$/);
  assert.equal(statSync(join(dataDir, 'facilitator-token')).mode & 0o777, 0o600);
  assert.equal(output.split(token).length - 1, 1, 'the token is printed exactly once');
  assert.match(output, new RegExp(`^ {2}Facilitator token {6}${token}$`, 'm'));
  const [, joinUrl] = /^ {2}Participants join at {3}(http:\/\/127\.0\.0\.1:\d+\/workshop\/join\/)$/m.exec(output)!;
  // The QR code: rows of the half-block characters the terminal renders it with.
  // (dark on a light background whatever the terminal's colours: the library sets both with ANSI codes).
  const rows = output.split('\n').map((line) => stripVTControlCharacters(line));
  assert.ok(rows.filter((line) => /^[ █▀▄]{20,}$/.test(line)).length >= 10, 'a QR code is printed');

  const info = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8')) as { workshop: { facilitator: string; progress: string } };
  assert.ok(!JSON.stringify(info).includes(token), 'stack.json does not hold the token');
  const join_ = await fetch(joinUrl!);
  assert.equal(join_.status, 200);
  const html = await join_.text();
  assert.match(html, /Join the workshop/);
  assert.ok(html.includes(info.workshop.progress), 'the join page reports to this stack');
  assert.ok(!html.includes(token));
  assert.equal((await fetch(joinUrl!.replace('/join/', '/console/'))).status, 200);
  assert.equal((await fetch(`${info.workshop.facilitator}/state`)).status, 401);
  assert.equal((await fetch(`${info.workshop.facilitator}/state`, { headers: { authorization: `Bearer ${token}` } })).status, 200);

  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  assert.equal(await exited, 0);
  await assert.rejects(fetch(joinUrl!), 'the site has stopped');
  await assert.rejects(fetch(`${info.workshop.facilitator}/state`), 'the stack has stopped');
});
