import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../../scripts/lib/static-server.ts';
import { startStack } from '../../src/stack/stack.ts';
import { TEST_PORTS } from './ports.ts';

/**
 * The browser tests' server: a fresh demo stack on the test ports, then the
 * site built against it and served the way `npm start` serves it, by our
 * static server with our security headers (scripts/lib/security-headers.ts).
 */
const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-browser-'));
const stack = await startStack({
  dataDir,
  host: '127.0.0.1',
  userPoolPort: TEST_PORTS.userPool,
  gatewayPort: TEST_PORTS.gateway,
  siteOrigins: [`http://127.0.0.1:${TEST_PORTS.site}`],
});
const env = { ...process.env, TOKEN_TRAIL_DATA: dataDir, ASTRO_TELEMETRY_DISABLED: '1' };
// A private output folder: a build someone runs meanwhile (into dist/)
// cannot pull the site out from under the tests.
const outDir = join(dataDir, 'site');
try {
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', outDir], { stdio: 'inherit', env });
  // The search index, as `npm run build` makes it.
  execFileSync(process.execPath, ['node_modules/pagefind/lib/runner/bin.cjs', '--site', outDir, '--silent'], { stdio: 'inherit', env });
} catch (error) {
  await stack.close();
  throw error;
}
const site = await serveStatic(outDir, TEST_PORTS.site);
console.log(`serving ${outDir} at ${site.url}`);

const stop = async () => {
  await site.close();
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
