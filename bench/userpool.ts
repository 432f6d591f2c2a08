import { fork, type ChildProcess } from 'node:child_process';
import { createDiffieHellman, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { N_HEX } from '../src/stack/userpool/srp/group.ts';
import { SEED } from '../src/stack/userpool/index.ts';
import { srpAnswer, srpStart } from '../tests/helpers/srp-client.ts';
import { agent, call, request, srpSignIn as signInAs } from './lib/userpool-client.ts';

/**
 * `npm run bench -- userpool`: complete SRP sign-ins (InitiateAuth +
 * RespondToAuthChallenge) over loopback, one at a time and eight at a time,
 * against the cost of the crypto no implementation can avoid, measured in the
 * same run. The pool runs in a child process and reports its CPU time.
 */
const DURATION_MS = 4000;
const MAX_SIGN_INS = 2000;
const WARMUP = 30;
const alice = SEED.users.find((user) => user.username === 'alice')!;

const srpSignIn = (url: string, poolId: string, clientId: string) => signInAs(url, poolId, clientId, { username: alice.username, password: alice.password! });

async function passwordSignIn(url: string, clientId: string) {
  await call(url, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
  });
}

const WRONG_PASSWORD = 'Wrong-password-1';
/** Names with an account (made by the pool's process) and without one, each tried at most four times: no lockout. */
const BENCH_USERS = 200;
const nameCycle = (prefix: string) => {
  let next = 0;
  return () => `${prefix}-${next++ % BENCH_USERS}`;
};

async function srpWrongProof(url: string, poolId: string, clientId: string, username: string) {
  const client = srpStart();
  const started = await call(url, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, SRP_A: client.SRP_A },
  });
  const answer = srpAnswer(poolId, client, started.ChallengeParameters, WRONG_PASSWORD);
  await call(url, 'RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId: clientId, ChallengeResponses: answer }, 400);
}

async function passwordWrong(url: string, clientId: string, username: string) {
  await call(
    url,
    'InitiateAuth',
    { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: WRONG_PASSWORD } },
    400,
  );
}

/** Runs `once` with `concurrency` loops until the time or count bound; returns rate, latencies and what the pool measured. */
async function measure(child: ChildProcess, concurrency: number, once: () => Promise<void>, maxCount = MAX_SIGN_INS) {
  await request(child, 'mark');
  const latencies: number[] = [];
  const start = performance.now();
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < maxCount && performance.now() - start < DURATION_MS) {
        started++;
        const t = performance.now();
        await once();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const pool = await request(child, 'cpu');
  latencies.sort((a, b) => a - b);
  const each = (ms: number) => ms / latencies.length;
  return {
    count: latencies.length,
    perSecond: latencies.length / seconds,
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
    /** The pool's own work: its handlers plus what it computes ahead between requests. */
    poolMs: each(pool.handlerMs + pool.cryptoOutsideMs),
    threadMs: each(pool.threadMs),
    cryptoMs: each(pool.cryptoInHandlersMs + pool.cryptoOutsideMs),
  };
}

/** Two RSA-2048 signatures (ID and access token) and three 3072-bit exponentiations with 256-bit exponents (g^b, v^u, (A·v^u)^b). */
function unavoidableCryptoMs(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dh = createDiffieHellman(Buffer.from(N_HEX, 'hex'), Buffer.from([2]));
  const base = randomBytes(384);
  base[0] = 0x7f;
  const data = randomBytes(900);
  const round = () => {
    sign('sha256', data, privateKey);
    sign('sha256', data, privateKey);
    for (let i = 0; i < 3; i++) {
      dh.setPrivateKey(randomBytes(32));
      dh.computeSecret(base);
    }
  };
  for (let i = 0; i < 20; i++) round();
  const rounds = 300;
  const t = performance.now();
  for (let i = 0; i < rounds; i++) round();
  return (performance.now() - t) / rounds;
}

const child = fork(new URL('./lib/userpool-server.ts', import.meta.url), {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/cpuprof2'] : [],
});
if (process.env.PIN) {
  const { execSync } = await import('node:child_process');
  execSync(`taskset -pc 1 ${child.pid}`);
  execSync(`taskset -pc 0 ${process.pid}`);
}
const ready = await new Promise<{ url: string; poolId: string; clientId: string }>((resolve) => child.once('message', resolve));
const endpoint = `${ready.url}/`;
const srp = () => srpSignIn(endpoint, ready.poolId, ready.clientId);

for (let i = 0; i < WARMUP; i++) await srp();
const sequential = await measure(child, 1, srp);
const concurrent = await measure(child, 8, srp);
const password = await measure(child, 1, () => passwordSignIn(endpoint, ready.clientId));
// A name without an account must cost what a name with one costs, or timing tells them apart.
const GUESSES = 4 * BENCH_USERS;
const realUser = nameCycle('bench-user');
const noAccount = nameCycle('no-such-user');
const srpReal = await measure(child, 1, () => srpWrongProof(endpoint, ready.poolId, ready.clientId, realUser()), GUESSES);
const srpDecoy = await measure(child, 1, () => srpWrongProof(endpoint, ready.poolId, ready.clientId, noAccount()), GUESSES);
const passwordReal = await measure(child, 1, () => passwordWrong(endpoint, ready.clientId, realUser()), GUESSES);
const passwordDecoy = await measure(child, 1, () => passwordWrong(endpoint, ready.clientId, noAccount()), GUESSES);
const held = await request(child, 'memory');
const cryptoMs = unavoidableCryptoMs();
agent.destroy();
child.send({ type: 'stop' });
await new Promise((resolve) => child.once('exit', resolve));

const ratio = sequential.poolMs / sequential.cryptoMs;
const row = (name: string, r: typeof sequential) =>
  `  ${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)} /s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   (${r.count} sign-ins)`;
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
console.log(`User pool sign-ins over loopback (Node ${process.version}; the client, in this process, computes SRP as Amplify does, with a 1024-bit a,
through the tests' SRP client on node:crypto; the pool runs in a child):
${row('SRP sign-in, one at a time', sequential)}
${row('SRP sign-in, 8 at a time', concurrent)}
${row('USER_PASSWORD_AUTH, one at a time', password)}

Server time per SRP sign-in, one at a time, measured by the pool on its main thread:
  the pool's own work (both handlers, and g^b computed ahead): ${sequential.poolMs.toFixed(2)} ms
  of which the unavoidable crypto (2 RSA-2048 signatures, 3 exponentiations
    with a 3072-bit modulus and 256-bit exponents), timed where it ran: ${sequential.cryptoMs.toFixed(2)} ms
  the whole main thread, Node's HTTP and the kernel's loopback included: ${sequential.threadMs.toFixed(2)} ms
The same crypto alone in a tight loop, just now: ${cryptoMs.toFixed(2)} ms

  SRP sign-ins per second, one at a time: ${sequential.perSecond.toFixed(0)}  (target >= 150: ${verdict(sequential.perSecond >= 150)}; the client's own SRP work is in this figure)
  server time / unavoidable crypto: ${ratio.toFixed(2)}  (target <= 1.5: ${verdict(ratio <= 1.5)}); with the HTTP transport: ${(sequential.threadMs / sequential.cryptoMs).toFixed(2)}

A wrong password for a name with an account and for one without (PreventUserExistenceErrors: ENABLED), the pool's time per attempt:
  SRP start and wrong proof       with ${srpReal.poolMs.toFixed(2)} ms, without ${srpDecoy.poolMs.toFixed(2)} ms   (without / with: ${(srpDecoy.poolMs / srpReal.poolMs).toFixed(2)}; target about 1)
  USER_PASSWORD_AUTH              with ${passwordReal.poolMs.toFixed(2)} ms, without ${passwordDecoy.poolMs.toFixed(2)} ms   (without / with: ${(passwordDecoy.poolMs / passwordReal.poolMs).toFixed(2)}; target about 1)
  memory the pool holds per pending challenge: none (a challenge is sealed into the SECRET_BLOCK the client holds); after this run it
    remembers ${held.spent} answered challenges and ${held.names} names without an account (for their lockout)`);
