/**
 * `npm run workshop -- --check`: every requirement, missing, fails with a
 * sentence that names it and says what to do; all present, it passes. The
 * checks run on facts a test gives (a made-up Node version, a full disk, an
 * address the machine lacks) and, end to end, on this machine's own, with a
 * port a test holds. `npm run workshop` without --host, and `npm start` with
 * one, refuse to start. Everything here is on loopback.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MIN_FREE_BYTES, preflight, type PreflightFacts } from '../../scripts/lib/preflight.ts';

const GOOD: PreflightFacts = {
  nodeVersion: '24.1.0',
  addresses: () => ['127.0.0.1', '::1', '192.0.2.10'],
  freeBytes: () => MIN_FREE_BYTES * 4,
  portProblem: async () => undefined,
  dependenciesInstalled: () => true,
};
const OPTIONS = { host: '192.0.2.10', ports: { site: 4321, userPool: 9400, gateway: 9401 }, dataDir: '/srv/trail/.data' };

const failed = async (facts: Partial<PreflightFacts>, options: Partial<typeof OPTIONS> = {}) =>
  (await preflight({ ...OPTIONS, ...options }, { ...GOOD, ...facts })).filter((check) => !check.ok);

describe('the pre-flight checks', () => {
  test('everything present: every check passes', async () => {
    const checks = await preflight(OPTIONS, GOOD);
    assert.deepEqual(
      checks.filter((check) => !check.ok),
      [],
    );
    assert.deepEqual(
      checks.map((check) => check.name),
      ['Node.js', 'Dependencies', 'Address', 'Port 4321 (site)', 'Port 9400 (user pool)', 'Port 9401 (gateway)', 'Disk'],
    );
  });

  test('an old Node fails, naming the version and what to install', async () => {
    const [check, ...rest] = await failed({ nodeVersion: '20.11.1' });
    assert.deepEqual(rest, []);
    assert.equal(check!.name, 'Node.js');
    assert.match(check!.detail, /needs Node 22\.18 or later.*This is Node 20\.11\.1/);
  });

  test('missing dependencies fail, pointing at npm install and the offline route', async () => {
    const [check] = await failed({ dependenciesInstalled: () => false });
    assert.equal(check!.name, 'Dependencies');
    assert.match(check!.detail, /run npm install .*--offline/);
  });

  test('an address the machine lacks fails, listing the ones it has; its ports are skipped, not failed', async () => {
    const checks = await preflight({ ...OPTIONS, host: '198.51.100.7' }, GOOD);
    const failures = checks.filter((check) => !check.ok);
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.name, 'Address');
    assert.equal(failures[0]!.detail, '198.51.100.7 is not an address of this machine; it has 127.0.0.1, ::1, 192.0.2.10');
    assert.ok(checks.filter((check) => check.name.startsWith('Port')).every((check) => check.skipped));
  });

  test('a wildcard or a name is not an address participants can reach', async () => {
    for (const host of ['0.0.0.0', '::']) {
      const [check] = await failed({}, { host });
      assert.match(check!.detail, /means every address, and participants need one they can reach/);
    }
    const [named] = await failed({}, { host: 'laptop.local' });
    assert.match(named!.detail, /"laptop\.local" is not an IP address/);
  });

  test('a port in use fails, naming the port, what uses it and the flag that moves it', async () => {
    const [check] = await failed({ portProblem: async (_host, port) => (port === 9400 ? 'in use by another program' : undefined) });
    assert.equal(check!.name, 'Port 9400 (user pool)');
    assert.equal(check!.detail, 'in use by another program: stop that program, or choose another port with --userpool-port');
  });

  test('two services on one port fail', async () => {
    const failures = await failed({}, { ports: { site: 9401, userPool: 9400, gateway: 9401 } });
    assert.deepEqual(
      failures.map((check) => check.detail),
      [
        'the same port as the gateway: stop that program, or choose another port with --site-port',
        'the same port as the site: stop that program, or choose another port with --gateway-port',
      ],
    );
  });

  test('a full disk fails, with the space found and the space needed', async () => {
    const [check] = await failed({ freeBytes: () => 20 * 1024 * 1024 });
    assert.equal(check!.name, 'Disk');
    assert.match(check!.detail, /^20 MB free for \/srv\/trail\/\.data: the site's build and the room's data need 500 MB/);
  });
});

/** Runs a script to its end, on a deadline that only stops one that hangs. */
function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish:\n${output}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm run workshop -- --check, on this machine', () => {
  let busy: Server;
  let busyPort: number;
  before(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  /** `npm run workshop -- --check` at `host`, every port free (0) but the user pool's. */
  const preflight = (host: string, userpoolPort = '0') =>
    run(['scripts/workshop.ts', '--check', '--host', host, '--site-port', '0', '--userpool-port', userpoolPort, '--gateway-port', '0']);

  test('loopback with free ports passes and says how to start', async () => {
    const { code, output } = await preflight('127.0.0.1');
    assert.equal(code, 0, output);
    assert.match(output, /Ready: npm run workshop -- --host 127\.0\.0\.1/);
  });

  test('a port another program holds fails the check with exit code 1', async () => {
    const { code, output } = await preflight('127.0.0.1', String(busyPort));
    assert.equal(code, 1, output);
    assert.match(
      output,
      new RegExp(`FAIL  Port ${busyPort} \\(user pool\\): in use by another program: stop that program, or choose another port with --userpool-port`),
    );
    assert.match(output, /1 check failed/);
  });

  test('an address of no interface here fails the check', async () => {
    const { code, output } = await preflight('198.51.100.7');
    assert.equal(code, 1, output);
    assert.match(output, /FAIL {2}Address: 198\.51\.100\.7 is not an address of this machine; it has 127\.0\.0\.1/);
  });

  test('without --host it does not start, and says why', async () => {
    const { code, output } = await run(['scripts/workshop.ts']);
    assert.equal(code, 2);
    assert.match(output, /^--host is required: the address participants will reach/);
  });

  test('npm start refuses --host: serving a room is npm run workshop', async () => {
    const { code, output } = await run(['scripts/start.ts', '--host', '0.0.0.0']);
    assert.equal(code, 1);
    assert.match(output, /npm start serves this machine only\. To serve a room, run: npm run workshop -- --host <address>/);
  });
});
