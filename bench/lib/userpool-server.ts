import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from '../../src/stack/http/listen.ts';
import { openUserPool, SEED } from '../../src/stack/userpool/index.ts';
import type { PoolKeyCrypto } from '../../src/stack/userpool/key-crypto.ts';
import { NodePoolKeyCrypto } from '../../src/stack/userpool/node-key-crypto.ts';
import { nodeCryptoPrimitives } from '../../src/stack/userpool/node-primitives.ts';
import type { CryptoPrimitives } from '../../src/stack/userpool/primitives.ts';

/**
 * The user pool in its own process for the benchmark, so that the client's
 * SRP arithmetic never runs on the server's thread. Between a "mark" and a
 * "cpu" message from the parent it measures, on its main thread:
 * - the time in its request handlers (the pool's own code; one request at a
 *   time, a handler's await never runs another's work);
 * - the time inside the unavoidable crypto (exponentiations and RSA
 *   signatures), where it runs — same process, same caches — split into
 *   inside and outside the handlers (g^b is computed ahead, between requests);
 * - the CPU of the whole main thread, HTTP transport included.
 * Short spans are timed with the wall clock: this machine's thread CPU clock
 * ticks too coarsely for sub-millisecond work, and with one request at a time
 * the pool has a core to itself.
 */
let handlersRunning = 0;
let handlerMs = 0;
let cryptoInHandlersMs = 0;
let cryptoOutsideMs = 0;

const timed =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A): R => {
    const start = performance.now();
    try {
      return fn(...args);
    } finally {
      const elapsed = performance.now() - start;
      if (handlersRunning > 0) cryptoInHandlersMs += elapsed;
      else cryptoOutsideMs += elapsed;
    }
  };
// The pool is given timed crypto rather than having its own patched: the
// exponentiations, and the RSA signatures (synchronous inside their promise).
const nodeKeyCrypto = new NodePoolKeyCrypto();
const keyCrypto: PoolKeyCrypto = {
  generateKeyPair: nodeKeyCrypto.generateKeyPair.bind(nodeKeyCrypto),
  signRs256: timed(nodeKeyCrypto.signRs256.bind(nodeKeyCrypto)),
  verifyRs256: nodeKeyCrypto.verifyRs256.bind(nodeKeyCrypto),
  sealJwe: nodeKeyCrypto.sealJwe.bind(nodeKeyCrypto),
  openJwe: nodeKeyCrypto.openJwe.bind(nodeKeyCrypto),
};
const primitives: CryptoPrimitives = { ...nodeCryptoPrimitives, modPowN: timed(nodeCryptoPrimitives.modPowN) };

const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-bench-'));
let url = '';
const pool = await openUserPool({ dataDir, siteOrigins: [], publicUrl: () => url, primitives, keyCrypto });
// Users for the wrong-password rows, each guessed at fewer than five times so that no lockout shortens its answers.
const BENCH_USERS = 200;
for (let i = 0; i < BENCH_USERS; i++) pool.setPassword(SEED.pool.id, `bench-user-${i}`, 'Bench-pass-1');

const server = await listen(
  async (request, client) => {
    handlersRunning++;
    const start = performance.now();
    try {
      return await pool.handler(request, client);
    } finally {
      handlerMs += performance.now() - start;
      handlersRunning--;
    }
  },
  { host: '127.0.0.1', port: 0 },
);
url = server.url;

let threadMark = process.threadCpuUsage();
process.on('message', async (message: { type: string }) => {
  if (message.type === 'mark') {
    threadMark = process.threadCpuUsage();
    handlerMs = cryptoInHandlersMs = cryptoOutsideMs = 0;
    process.send!({ type: 'marked' });
  } else if (message.type === 'cpu') {
    const thread = process.threadCpuUsage(threadMark);
    process.send!({ type: 'cpu', threadMs: (thread.user + thread.system) / 1000, handlerMs, cryptoInHandlersMs, cryptoOutsideMs });
  } else if (message.type === 'memory') {
    const stats = pool.stats();
    process.send!({ type: 'memory', spent: stats.spentChallenges, names: stats.namesWithoutAccount });
  } else if (message.type === 'stop') {
    await server.close();
    pool.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send!({ type: 'ready', url, poolId: SEED.pool.id, clientId: SEED.client.id });
