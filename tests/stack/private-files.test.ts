import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startStack } from '../../src/stack/stack.ts';
import { callPool, TEST_SITE_ORIGIN } from '../helpers/user-pool.ts';

/**
 * The data folder holds the admin credentials and the pool's private signing
 * keys: only the user running the stack may read it, on every start.
 */

const work = mkdtempSync(join(tmpdir(), 'token-trail-private-'));
after(() => rmSync(work, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;
const SECRET_FILES = ['stack.json', 'userpool.sqlite', 'userpool.sqlite-wal', 'userpool.sqlite-shm'];

/** Starts the stack on `dataDir`, makes it write (a sign-up), and returns the modes of the folder and its files while it runs. */
async function modesWhileRunning(dataDir: string): Promise<Record<string, string>> {
  const stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [TEST_SITE_ORIGIN] });
  try {
    const signedUp = await callPool(stack.info.userPoolEndpoint, 'SignUp', {
      ClientId: stack.info.userPoolClientId,
      Username: `writer-${Math.random().toString(36).slice(2)}`,
      Password: 'Valid-pass-1',
      UserAttributes: [{ Name: 'email', Value: 'writer@example.com' }],
    });
    assert.equal(signedUp.status, 200, signedUp.text);
    const files = readdirSync(dataDir);
    for (const file of SECRET_FILES) assert.ok(files.includes(file), `${file} exists while the stack runs`);
    return Object.fromEntries(
      [['.', mode(dataDir)], ...files.map((file) => [file, mode(join(dataDir, file))])].map(([name, bits]) => [name, (bits as number).toString(8)]),
    );
  } finally {
    await stack.close();
  }
}

test('a new data folder is 0700, and stack.json, the database and its WAL and SHM files are 0600', async () => {
  const modes = await modesWhileRunning(join(work, 'fresh'));
  assert.deepEqual(modes, { '.': '700', 'stack.json': '600', 'userpool.sqlite': '600', 'userpool.sqlite-wal': '600', 'userpool.sqlite-shm': '600' });
});

test('an existing folder left readable by others (by an older version, or by hand) is tightened on the next start', async () => {
  const dataDir = join(work, 'loose');
  mkdirSync(dataDir, { mode: 0o755 });
  await modesWhileRunning(dataDir);
  chmodSync(dataDir, 0o755);
  for (const file of readdirSync(dataDir)) chmodSync(join(dataDir, file), 0o644);
  assert.equal(mode(join(dataDir, 'userpool.sqlite')), 0o644, 'the test loosened the files');

  const modes = await modesWhileRunning(dataDir);
  assert.deepEqual(modes, { '.': '700', 'stack.json': '600', 'userpool.sqlite': '600', 'userpool.sqlite-wal': '600', 'userpool.sqlite-shm': '600' });
});
