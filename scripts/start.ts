import { resolve } from 'node:path';
import { normalizeBase } from '../src/lib/base-path.ts';
import { runSiteAndStack } from './lib/site-and-stack.ts';

/**
 * `npm start`: the demo stack, and the site built against it and served the
 * way a production host serves it, so the reader gets the production build's
 * Content-Security-Policy (astro.config.mjs) and the security headers of
 * scripts/lib/security-headers.ts, on loopback only. `npm run dev` stays
 * Astro's hot-reload server for authors; `npm run workshop` serves the same
 * to a room (scripts/workshop.ts).
 *
 * The site listens on TOKEN_TRAIL_SITE_PORT (default 4321; 0 picks a free
 * one). Arguments go to the stack (`npm start -- --reset`); TOKEN_TRAIL_DATA
 * moves the data folder. See scripts/lib/site-and-stack.ts for the order of
 * things and how one Ctrl-C stops them all.
 */
function sitePort(): number {
  const value = process.env.TOKEN_TRAIL_SITE_PORT ?? '4321';
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    console.error(`TOKEN_TRAIL_SITE_PORT must be a port number (0 picks a free one), not "${value}".`);
    process.exit(1);
  }
  return port;
}

// Beyond loopback only on purpose, with the address chosen: that is `npm run workshop -- --host <address>`.
if (process.argv.slice(2).some((arg) => arg === '--host' || arg.startsWith('--host='))) {
  console.error('npm start serves this machine only. To serve a room, run: npm run workshop -- --host <address>');
  process.exit(1);
}

const port = sitePort();
// SITE_BASE (e.g. /token-trail/) builds the site for a sub-path, and it is served there.
let base = '/';
try {
  base = normalizeBase(process.env.SITE_BASE);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
await runSiteAndStack({
  // Absolute: the build runs from a workspace of its own.
  dataDir: resolve(process.env.TOKEN_TRAIL_DATA ?? '.data'),
  host: '127.0.0.1',
  sitePort: port,
  base,
  stackArgs: process.argv.slice(2),
  ready(siteUrl, _info, seconds) {
    console.log(`\nToken Trail is ready at ${siteUrl}${base} (built in ${seconds} s). Ctrl-C stops the site and the stack.`);
  },
});
