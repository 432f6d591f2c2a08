/**
 * Benchmark of the local API gateway, all in one run, for each of its three
 * APIs (the REST API's Cognito authorizer, the HTTP API's JWT authorizer and
 * the REST API's JWT authorizer):
 *
 * (a) token verifications per second: each authorizer against raw
 *     `crypto.verify` of the same token and against aws-jwt-verify; and each
 *     authorizer given a token it has verified before (its cache of verified
 *     tokens, authorizer/verified-tokens.ts);
 * (b) authorized requests per second over loopback HTTP, against the same
 *     route with the authorizer off, and against a gateway that keeps no
 *     verified tokens (every request verified);
 * (c) p50 and p99 latency at 64 concurrent connections.
 *
 * (a) runs in this process before anything else starts. For (b) and (c) the
 * gateway runs in a child process and the load comes from this one, so the
 * load generator does not take the gateway's CPU time on the same event loop.
 * Loopback only; every phase is bounded in count or time, and the run stops
 * by itself. Usage: node bench/gateway.ts [--quick] [--prof]
 *
 * `--prof` writes a CPU profile of the gateway process for (b) and (c) into
 * a new folder under the system's temporary folder, and prints where.
 *
 * The size of the run: `--quick`, or GATEWAY_BENCH_SIZE=full|quick|smoke.
 * A smoke run (a few dozen verifications, slices of a few milliseconds) only
 * shows that the benchmark runs and reports; its figures mean nothing.
 */
import { fork } from 'node:child_process';
import { createPublicKey, verify as rsaVerify } from 'node:crypto';
import { connect } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { importJWK, jwtVerify } from 'jose';
import { api, type ApiDefinition, type ApiName } from '../src/stack/api.ts';
import { cognitoUserPoolsAuthorizer } from '../src/stack/gateway/authorizer/cognito-user-pools.ts';
import { jwtAuthorizer } from '../src/stack/gateway/authorizer/jwt.ts';
import { restJwtAuthorizer } from '../src/stack/gateway/authorizer/rest-jwt.ts';
import type { RouteAuthorizer, VerificationSettings } from '../src/stack/gateway/authorizer/types.ts';
import { createGateway } from '../src/stack/gateway/index.ts';
import { TraceRecorder } from '../src/stack/gateway/trace/recorder.ts';
import { listen } from '../src/stack/http/listen.ts';
import { GATEWAY_PATHS } from '../src/lib/stack-urls.ts';
import { CLIENT_ID, POOL_ID, startIssuer, type TestIssuer } from '../tests/gateway/fixtures/issuer.ts';

const SIZES = {
  full: { verifications: 30_000, rounds: 3, warmupMs: 2_000, sliceMs: 1_000, slicePairs: 8 },
  quick: { verifications: 3_000, rounds: 3, warmupMs: 300, sliceMs: 250, slicePairs: 2 },
  smoke: { verifications: 50, rounds: 1, warmupMs: 10, sliceMs: 20, slicePairs: 1 },
} as const;
const SIZE_NAME = process.argv.includes('--quick') ? 'quick' : (process.env.GATEWAY_BENCH_SIZE ?? 'full');
if (!Object.hasOwn(SIZES, SIZE_NAME)) throw new Error(`GATEWAY_BENCH_SIZE must be one of ${Object.keys(SIZES).join(', ')}, not ${SIZE_NAME}`);
const SIZE = SIZES[SIZE_NAME as keyof typeof SIZES];
const VERIFICATIONS = SIZE.verifications;
const ROUNDS = SIZE.rounds;
const IN_FLIGHT = 64;
const CONNECTIONS = 64;
const WARMUP_MS = SIZE.warmupMs;
const SLICE_MS = SIZE.sliceMs;
const SLICE_PAIRS = SIZE.slicePairs;
const PROFILE = process.argv.includes('--prof');

/** Two routes on every API that differ only in the authorizer, answered by the same tiny function. */
const benchDefinition: ApiDefinition = {
  ...api,
  routes: [
    { method: 'GET', path: '/bench/open', function: 'public' },
    { method: 'GET', path: '/bench/authorized', function: 'public', authorizer: 'demo' },
  ],
};

/** Each API's base path on the gateway's port, as the report names it. */
const API_PATHS: Record<ApiName, string> = {
  rest: `${GATEWAY_PATHS.rest}/${api.rest.stage}`,
  http: GATEWAY_PATHS.http,
  restJwt: `${GATEWAY_PATHS.restJwt}/${api.restJwt.stage}`,
};
const APIS = Object.keys(API_PATHS) as ApiName[];
const AUTHORIZER_NAMES: Record<ApiName, string> = { rest: 'Cognito', http: 'JWT', restJwt: 'JWT' };

/** The routes of (b) on each API: the authorizer off, on, and on in the gateway that keeps no verified tokens. */
const KINDS = ['open', 'authorized', 'uncached'] as const;

function trustedPool(issuer: TestIssuer) {
  return { userPoolId: POOL_ID, issuer: issuer.issuer, jwksUri: issuer.jwksUri, clientIds: [CLIENT_ID] };
}

if (process.argv.includes('--serve')) await serve();
else await main();

/** Child process: the issuer's keys and the gateway, nothing else; and the gateway again, keeping no verified tokens. */
async function serve(): Promise<void> {
  const issuer = await startIssuer();
  const start = async (verifiedTokens?: number) => {
    let url = '';
    const gateway = createGateway({
      userPools: { demo: trustedPool(issuer) },
      definition: benchDefinition,
      verifiedTokens,
      local: { ownUrl: () => url, siteOrigins: [] },
    });
    const server = await listen(gateway.handler, { host: '127.0.0.1', port: 0 });
    url = server.url;
    return url;
  };
  const served: Served = { url: await start(), uncachedUrl: await start(0), token: await issuer.idToken() };
  process.send?.(served);
  // Any later message asks for the CPU time this process has used so far, in µs.
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpu: user + system });
  });
  process.on('disconnect', () => process.exit(0));
}

async function main(): Promise<void> {
  console.log(`Gateway benchmark (${SIZE_NAME} run), Node ${process.version}, ${navigator.hardwareConcurrency} CPUs`);
  // Other work on the machine moves every figure; say how busy it was.
  console.log(`Load average before: ${loadavg()[0]!.toFixed(2)}\n`);
  const verification = await benchVerification();
  const http = await benchHttp();
  report(verification, http);
  console.log(`\nLoad average after: ${loadavg()[0]!.toFixed(2)} (this run's own load included)`);
}

// (a) ---------------------------------------------------------------------

interface VerificationFigures {
  raw: number;
  aws: number;
  /** Each API's authorizer, one verification at a time, nothing kept from one to the next. */
  gateway: Record<ApiName, number>;
  /** Each API's authorizer given the token it verified before, as the gateway runs it. */
  gatewayCached: Record<ApiName, number>;
  gatewayInFlight: number;
  jose: number;
  joseInFlight: number;
  tokenBytes: number;
}

async function benchVerification(): Promise<VerificationFigures> {
  // An AWS-shaped issuer, so that aws-jwt-verify's CognitoJwtVerifier applies its Cognito checks unchanged.
  const issuer = await startIssuer({ awsShapedIssuer: true });
  const token = await issuer.idToken({ groups: ['admin'] });
  const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: Array<Record<string, string>> };

  const [header, payload, signature] = token.split('.') as [string, string, string];
  const signingInput = Buffer.from(`${header}.${payload}`);
  const signatureBytes = Buffer.from(signature, 'base64url');
  const keyObject = createPublicKey({ key: issuer.keys.id.jwk as never, format: 'jwk' });
  const raw = () => {
    if (!rsaVerify('sha256', signingInput, keyObject, signatureBytes)) throw new Error('raw verify failed');
  };

  const aws = CognitoJwtVerifier.create({ userPoolId: POOL_ID, tokenUse: 'id', clientId: CLIENT_ID });
  aws.cacheJwks(jwks as never);

  // Each API's own authorizer for an unscoped method, with its key cache warmed by one request. Discovery
  // may fetch only on loopback: the issuer's AWS-shaped URL must not reach for the internet. They keep no
  // verified tokens, so that every call verifies; the cached ones keep them, as the gateway does.
  const settings: VerificationSettings = {
    fetch: async (input, init) => (new URL(String(input)).hostname === '127.0.0.1' ? fetch(input, init) : Promise.reject(new TypeError('fetch failed'))),
    now: Date.now,
    clockSkewSeconds: 0,
    maxTokenBytes: 10_240,
    jwks: { maxAgeMs: 3_600_000, cooldownMs: 10_000, timeoutMs: 1_500, maxBytes: 150_000 },
    verifiedTokens: 0,
  };
  const pools = { demo: trustedPool(issuer) };
  const authorizersWith = (settings: VerificationSettings): Record<ApiName, RouteAuthorizer> => ({
    rest: cognitoUserPoolsAuthorizer(api.rest.authorizers.demo!, pools, settings)([]),
    http: jwtAuthorizer(api.http.authorizers.demo!, pools, settings)([]),
    restJwt: restJwtAuthorizer(api.restJwt.authorizers.demo!, pools, settings)([]),
  });
  const authorizers = authorizersWith(settings);
  const cachedAuthorizers = authorizersWith({ ...settings, verifiedTokens: undefined });
  const gatewayRequest = new Request('http://127.0.0.1/rest/prod/hello', { headers: { authorization: token } });
  const gatewayVerify = (name: ApiName, authorize: RouteAuthorizer) => {
    return async () => {
      const trace = new TraceRecorder({ requestId: 'bench', api: name, method: 'GET', path: '/prod/hello', startedAt: 0 }, performance.now());
      const decision = await authorize(gatewayRequest, trace);
      if (!decision.allowed) throw new Error(`the ${name} authorizer refused the token: ${JSON.stringify(decision.refusal)}`);
    };
  };
  const verifiers = Object.fromEntries(APIS.map((name) => [name, gatewayVerify(name, authorizers[name])])) as Record<ApiName, () => Promise<void>>;
  const cachedVerifiers = Object.fromEntries(APIS.map((name) => [name, gatewayVerify(name, cachedAuthorizers[name])])) as Record<ApiName, () => Promise<void>>;
  for (const name of APIS) await verifiers[name]();
  for (const name of APIS) await cachedVerifiers[name]();

  const cryptoKey = await importJWK(issuer.keys.id.jwk, 'RS256');
  const joseVerify = () => jwtVerify(token, cryptoKey, { algorithms: ['RS256'], issuer: issuer.issuer, audience: CLIENT_ID, requiredClaims: ['exp', 'iat'] });
  await issuer.close();

  const rounds: VerificationFigures[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const gateway = {} as Record<ApiName, number>;
    for (const name of APIS) gateway[name] = await sequentialAsync(VERIFICATIONS, verifiers[name]);
    const gatewayCached = {} as Record<ApiName, number>;
    for (const name of APIS) gatewayCached[name] = await sequentialAsync(VERIFICATIONS, cachedVerifiers[name]);
    rounds.push({
      raw: sequential(VERIFICATIONS, raw),
      aws: sequential(VERIFICATIONS, () => aws.verifySync(token)),
      gateway,
      gatewayCached,
      gatewayInFlight: await inFlight(VERIFICATIONS, verifiers.rest),
      jose: await sequentialAsync(VERIFICATIONS, joseVerify),
      joseInFlight: await inFlight(VERIFICATIONS, joseVerify),
      tokenBytes: token.length,
    });
  }
  const median = (pick: (figures: VerificationFigures) => number) => rounds.map(pick).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
  return {
    raw: median((r) => r.raw),
    aws: median((r) => r.aws),
    gateway: Object.fromEntries(APIS.map((name) => [name, median((r) => r.gateway[name])])) as Record<ApiName, number>,
    gatewayCached: Object.fromEntries(APIS.map((name) => [name, median((r) => r.gatewayCached[name])])) as Record<ApiName, number>,
    gatewayInFlight: median((r) => r.gatewayInFlight),
    jose: median((r) => r.jose),
    joseInFlight: median((r) => r.joseInFlight),
    tokenBytes: token.length,
  };
}

function sequential(count: number, work: () => unknown): number {
  for (let i = 0; i < count / 10; i++) work();
  const started = performance.now();
  for (let i = 0; i < count; i++) work();
  return count / ((performance.now() - started) / 1000);
}

async function sequentialAsync(count: number, work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < count / 10; i++) await work();
  const started = performance.now();
  for (let i = 0; i < count; i++) await work();
  return count / ((performance.now() - started) / 1000);
}

/** `IN_FLIGHT` workers share `count` operations, as concurrent requests would. */
async function inFlight(count: number, work: () => Promise<unknown>): Promise<number> {
  const run = async (total: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next++ < total) await work();
      }),
    );
  };
  await run(count / 10);
  const started = performance.now();
  await run(count);
  return count / ((performance.now() - started) / 1000);
}

// (b) and (c) ------------------------------------------------------------

interface LoadFigures {
  requestsPerSecond: number;
  /** CPU time the gateway process spent per request, µs: less sensitive to other load on the machine than throughput. */
  serverCpuPerRequest: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Served {
  url: string;
  /** The gateway that keeps no verified tokens. */
  uncachedUrl: string;
  token: string;
}

async function benchHttp(): Promise<Record<string, LoadFigures>> {
  const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'gateway-bench-prof-')) : undefined;
  const child = fork(import.meta.filename, ['--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  try {
    const { url, uncachedUrl, token } = await new Promise<Served>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Served));
      child.once('exit', (code) => reject(new Error(`the gateway process exited (${code})`)));
    });
    const serverCpu = () =>
      new Promise<number>((resolve) => {
        child.once('message', (message) => resolve((message as { cpu: number }).cpu));
        child.send('cpu');
      });
    const measure = async (target: string, ms: number): Promise<Slice> => {
      const before = await serverCpu();
      const slice = await load(target, token, ms);
      return { ...slice, serverCpu: (await serverCpu()) - before };
    };
    const results: Record<string, LoadFigures> = {};
    const routes = Object.values(API_PATHS).flatMap((apiPath) => KINDS.map((kind) => `${apiPath} ${kind}`));
    const urlOf = (route: string) => {
      const [apiPath, kind] = route.split(' ') as [string, (typeof KINDS)[number]];
      return kind === 'uncached' ? `${uncachedUrl}${apiPath}/bench/authorized` : `${url}${apiPath}/bench/${kind}`;
    };
    for (const route of routes) await load(urlOf(route), token, WARMUP_MS);
    // Short slices taken in turn, every API in each round and its routes in ABC CBA order, so that a noisy
    // neighbour or a slow drift weighs on all routes alike.
    const slices = new Map(routes.map((route) => [route, [] as Slice[]]));
    for (let pair = 0; pair < SLICE_PAIRS; pair++) {
      for (const apiPath of Object.values(API_PATHS)) {
        const order = pair % 2 === 0 ? KINDS : [...KINDS].reverse();
        for (const kind of order) slices.get(`${apiPath} ${kind}`)!.push(await measure(urlOf(`${apiPath} ${kind}`), SLICE_MS));
      }
    }
    for (const route of routes) results[route] = combine(slices.get(route)!);
    return results;
  } finally {
    // A profiled child writes its profile as it exits by itself (it exits when the channel closes); a kill would
    // lose it, so it gets a few seconds before the kill.
    const running = child.exitCode === null && child.signalCode === null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.disconnect();
    if (profileDir && running) {
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
      console.log(`CPU profile of the gateway process: ${profileDir}`);
    } else child.kill();
  }
}

interface Slice {
  latencies: number[];
  errors: number;
  seconds: number;
  /** µs of CPU the gateway process used during the slice. */
  serverCpu?: number;
}

function combine(slices: Slice[]): LoadFigures {
  const latencies = slices.flatMap((slice) => slice.latencies).sort((a, b) => a - b);
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
  return {
    requestsPerSecond: latencies.length / seconds,
    serverCpuPerRequest: slices.reduce((sum, slice) => sum + (slice.serverCpu ?? 0), 0) / latencies.length,
    p50: percentile(50),
    p99: percentile(99),
    errors: slices.reduce((sum, slice) => sum + slice.errors, 0),
  };
}

/**
 * Keeps `CONNECTIONS` keep-alive connections busy for `ms`, one request at a
 * time each. The client writes prepared request bytes and reads just enough
 * of each response to find its end (the gateway always sends Content-Length),
 * so that it takes little of the CPU the gateway needs: Node's HTTP client
 * costs about as much per request as the gateway does.
 */
async function load(url: string, token: string, ms: number): Promise<Slice> {
  const { hostname, port, pathname } = new URL(url);
  const requestBytes = Buffer.from(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: ${token}\r\n\r\n`);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    Array.from(
      { length: CONNECTIONS },
      () =>
        new Promise<void>((resolve) => {
          const socket = connect(Number(port), hostname);
          socket.setNoDelay(true);
          let pending: Buffer = Buffer.alloc(0);
          let sentAt = 0;
          const send = () => {
            if (performance.now() >= deadline) {
              socket.end();
              resolve();
              return;
            }
            sentAt = performance.now();
            socket.write(requestBytes);
          };
          socket.on('connect', send);
          socket.on('data', (chunk: Buffer) => {
            pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
            for (;;) {
              const headerEnd = pending.indexOf('\r\n\r\n');
              if (headerEnd < 0) return;
              const head = pending.subarray(0, headerEnd).toString('latin1');
              const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
              if (pending.length < headerEnd + 4 + length) return;
              pending = pending.subarray(headerEnd + 4 + length);
              if (head.startsWith('HTTP/1.1 200 ')) latencies.push(performance.now() - sentAt);
              else errors += 1;
              send();
            }
          });
          socket.on('error', () => {
            errors += 1;
            resolve();
          });
        }),
    ),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

// Report ------------------------------------------------------------------

function report(v: VerificationFigures, http: Record<string, LoadFigures>): void {
  const k = (n: number) => `${(n / 1000).toFixed(1)}k/s`;
  const check = (ratio: number, target: number) =>
    `${ratio.toFixed(2)}× (target ≥ ${target.toFixed(Number.isInteger(target * 10) ? 1 : 2)}×: ${ratio >= target ? 'met' : 'NOT MET'})`;

  console.log(
    `(a) Token verifications per second: RS256, one Cognito-shaped ID token of ${v.tokenBytes} bytes, median of ${ROUNDS} rounds of ${VERIFICATIONS},`,
  );
  console.log('    each round in the order listed; "sequential" waits for each verification before the next (one core)');
  console.log(`    raw crypto.verify, signature only, sequential                        ${k(v.raw)}`);
  console.log(`    aws-jwt-verify CognitoJwtVerifier.verifySync, sequential              ${k(v.aws)}`);
  for (const name of APIS)
    console.log(`    gateway authorizer, ${`${API_PATHS[name]} (${AUTHORIZER_NAMES[name]})`.padEnd(24)} sequential           ${k(v.gateway[name])}`);
  console.log(`    gateway authorizer, ${`${API_PATHS.rest} (${AUTHORIZER_NAMES.rest})`.padEnd(24)} ${IN_FLIGHT} in flight           ${k(v.gatewayInFlight)}`);
  console.log(`    for reference: jose jwtVerify with a cached CryptoKey, sequential     ${k(v.jose)}`);
  console.log(`    for reference: jose jwtVerify with a cached CryptoKey, ${IN_FLIGHT} in flight    ${k(v.joseInFlight)}`);
  console.log('    "Gateway authorizer" is the whole of step 4 as the gateway runs it per request: read the header, decode,');
  console.log('    check the issuer, look the kid up in the cached JWKS (keys selected and imported by jose), verify the RS256');
  console.log('    signature (node:crypto, synchronously), check the claims, decide, and record the trace hops. These');
  console.log('    authorizers keep no verified tokens: every call decodes the token and verifies the signature.');
  for (const name of APIS)
    console.log(`    gateway authorizer, ${`${API_PATHS[name]} (${AUTHORIZER_NAMES[name]})`.padEnd(24)} verified before       ${k(v.gatewayCached[name])}`);
  console.log('    "Verified before": the same token again, to an authorizer that keeps verified tokens, as the gateway does');
  console.log('    (authorizer/verified-tokens.ts): every check but the decoding and the signature runs again.');
  for (const name of APIS) console.log(`    gateway / raw crypto.verify  ${API_PATHS[name].padEnd(15)} ${check(v.gateway[name] / v.raw, 0.7)}`);
  for (const name of APIS) console.log(`    gateway / aws-jwt-verify     ${API_PATHS[name].padEnd(15)} ${check(v.gateway[name] / v.aws, 1.0)}`);

  console.log(`\n(b) Requests per second over loopback HTTP, ${CONNECTIONS} keep-alive connections, ${SLICE_PAIRS} slices of ${SLICE_MS / 1000} s per route`);
  console.log(
    `    taken in turn (every API each round, ABC CBA) after ${WARMUP_MS / 1000} s of warm-up per route; gateway in a child process, load from this one;`,
  );
  console.log('    the same route and function with the authorizer on or off; every request carries the same valid ID token, which');
  console.log('    each authorizer verifies at its first request and then finds among its verified tokens; "every request verified":');
  console.log('    the same gateway keeping no verified tokens, for comparison (no target)');
  for (const apiPath of Object.values(API_PATHS)) {
    const open = http[`${apiPath} open`]!;
    const authorized = http[`${apiPath} authorized`]!;
    console.log(
      `    ${apiPath.padEnd(15)} without authorizer ${open.requestsPerSecond.toFixed(0).padStart(6)}/s   with authorizer ${authorized.requestsPerSecond.toFixed(0).padStart(6)}/s   ${check(authorized.requestsPerSecond / open.requestsPerSecond, 0.75)}`,
    );
  }
  for (const apiPath of Object.values(API_PATHS)) {
    const open = http[`${apiPath} open`]!;
    const uncached = http[`${apiPath} uncached`]!;
    console.log(
      `    ${apiPath.padEnd(15)} with authorizer, every request verified ${uncached.requestsPerSecond.toFixed(0).padStart(6)}/s   ${(uncached.requestsPerSecond / open.requestsPerSecond).toFixed(2)}× without authorizer`,
    );
  }
  console.log('    Gateway CPU time per request (its own process, all threads), which other load on the machine moves less:');
  for (const apiPath of Object.values(API_PATHS)) {
    const open = http[`${apiPath} open`]!.serverCpuPerRequest;
    const authorized = http[`${apiPath} authorized`]!.serverCpuPerRequest;
    const uncached = http[`${apiPath} uncached`]!.serverCpuPerRequest;
    console.log(
      `    ${apiPath.padEnd(15)} without authorizer ${open.toFixed(0).padStart(6)} µs   with authorizer ${authorized.toFixed(0).padStart(6)} µs   requests per CPU-second ${(open / authorized).toFixed(2)}×   every request verified ${uncached.toFixed(0).padStart(6)} µs, ${(open / uncached).toFixed(2)}×`,
    );
  }

  console.log(`\n(c) Latency at ${CONNECTIONS} concurrent connections (all slices of (b)), client-side, from request to last byte`);
  console.log('    ("uncached": with authorizer, in the gateway keeping no verified tokens)');
  for (const [name, figures] of Object.entries(http)) {
    console.log(
      `    ${name.padEnd(26)} p50 ${figures.p50.toFixed(2).padStart(6)} ms   p99 ${figures.p99.toFixed(2).padStart(6)} ms${figures.errors ? `   ${figures.errors} errors` : ''}`,
    );
  }
}
