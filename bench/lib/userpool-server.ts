import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from '../../src/stack/http/listen.ts';
import { openUserPool, SEED } from '../../src/stack/userpool/index.ts';
import { nodeCryptoPrimitives } from '../../src/stack/userpool/node-primitives.ts';

/**
 * The user pool in its own process for the benchmark, so that the client's
 * SRP arithmetic never runs on the server's thread. It reports its own CPU
 * time between two messages from the parent.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-bench-'));
let url = '';
const pool = await openUserPool({ dataDir, publicUrl: () => url });
const server = await listen(pool.handler, { host: '127.0.0.1', port: 0 });
url = server.url;

// The main thread's CPU: everything the pool's JavaScript does, HTTP
// included, without what the operating system charges for waking it up.
// Time spent inside the unavoidable crypto (exponentiations and RSA
// signatures), measured where it runs: same process, same caches, same
// interleaving with the rest of the work.
let cryptoMs = 0;
const timed = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
  const start = performance.now();
  try {
    return fn(...args);
  } finally {
    cryptoMs += performance.now() - start;
  }
};
nodeCryptoPrimitives.modPowN = timed(nodeCryptoPrimitives.modPowN);
pool.ctx.keyCrypto.signRs256 = timed(pool.ctx.keyCrypto.signRs256.bind(pool.ctx.keyCrypto));

let mark = process.threadCpuUsage();
let processMark = process.cpuUsage();
process.on('message', async (message: { type: string }) => {
  if (message.type === 'mark') {
    mark = process.threadCpuUsage();
    processMark = process.cpuUsage();
    cryptoMs = 0;
    process.send!({ type: 'marked' });
  } else if (message.type === 'cpu') {
    const thread = process.threadCpuUsage(mark);
    const all = process.cpuUsage(processMark);
    process.send!({ type: 'cpu', micros: thread.user + thread.system, processMicros: all.user + all.system, cryptoMs });
  } else if (message.type === 'stop') {
    await server.close();
    pool.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send!({ type: 'ready', url, poolId: SEED.pool.id, clientId: SEED.client.id });
