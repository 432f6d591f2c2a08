import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../../src/stack/stack.ts';
import { TEST_PORTS } from './ports.ts';

/**
 * The browser tests' server: a fresh demo stack on the test ports, then the
 * site built against it and served the way a static host would.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-browser-'));
const stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: TEST_PORTS.userPool, gatewayPort: TEST_PORTS.gateway });
const env = { ...process.env, TOKEN_TRAIL_DATA: dataDir, ASTRO_TELEMETRY_DISABLED: '1' };
// A private output folder: a build someone runs meanwhile (into dist/)
// cannot pull the site out from under the tests.
const outDir = join(dataDir, 'site');
execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', outDir], { stdio: 'inherit', env });
// The search index, as `npm run build` makes it.
execFileSync(process.execPath, ['node_modules/pagefind/lib/runner/bin.cjs', '--site', outDir, '--silent'], { stdio: 'inherit', env });
const preview = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(TEST_PORTS.site)], { stdio: 'inherit', env });

const stop = async () => {
  preview.kill('SIGTERM');
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
preview.on('exit', (code) => {
  void stack.close().then(() => process.exit(code ?? 1));
});
