import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../../src/stack/stack.ts';

/**
 * The whole stack run for a workshop, in a process of its own for the
 * workshop benchmark (bench/workshop.ts), so that its memory is measured
 * apart from the load the benchmark makes. It tells its parent where it
 * listens and the facilitator's token, answers "memory" with its resident
 * set (now and at its peak), and stops on "stop".
 */
const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-bench-workshop-'));
const SITE_ORIGIN = 'http://127.0.0.1:4321';
const stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [SITE_ORIGIN], workshop: true });

process.on('message', async (message: { type: string }) => {
  if (message.type === 'memory') {
    process.send!({ rssBytes: process.memoryUsage().rss, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
  } else if (message.type === 'stop') {
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send!({ type: 'ready', info: stack.info, token: stack.workshop!.token.value, siteOrigin: SITE_ORIGIN });
