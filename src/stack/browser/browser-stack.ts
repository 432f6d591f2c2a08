import { browserStackUrls, type StackUrls } from '../../lib/stack-urls.ts';
import { api, restStages } from '../api.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway/index.ts';
import { publishedDemoUsers, type StackInfo } from '../stack-info.ts';
import type { PoolKeyCrypto } from '../userpool/key-crypto.ts';
import type { CryptoPrimitives } from '../userpool/primitives.ts';
import { openBrowserUserPool, SEED, type BrowserUserPool } from './browser-pool.ts';
import { bundledHandlerLoader } from './functions.ts';
import { inProcessFetch } from './in-process-fetch.ts';
import { sameOriginGuard } from './local-access.ts';
import { MemoryUserPoolStore } from './memory-store.ts';
import { MemoryPersistence, type StorePersistence } from './persistence.ts';
import { rebased, StackRoutes, type StackRoute } from './routes.ts';
import { dated, WORKER_CLIENT } from './transport.ts';

export interface BrowserStackOptions {
  /** The site's origin, `https://example.org`: the only one the stack answers. */
  origin: string;
  /** The site's base path, `/` or `/token-trail/`: the stack lives under `<base>_stack/`. */
  base: string;
  /** Where the pool's records are kept: IndexedDB in the worker, memory in tests. */
  persistence: StorePersistence;
  /** ms clock, for tests. */
  now?: () => number;
  log?: (line: string) => void;
  /** For tests: Node's crypto in place of the browser's. */
  primitives?: CryptoPrimitives;
  keyCrypto?: () => PoolKeyCrypto;
  /** Gateway settings passed through, e.g. `{ jwks: { cooldownMs: 0 } }` or manual `timers` in tests. */
  gateway?: Omit<GatewayOptions, 'userPools' | 'local' | 'log' | 'fetch' | 'loadHandler' | 'now'>;
}

/** What a page may know of the in-browser stack: stack.json's contract without the admin credentials, and its local URLs. */
export type BrowserStackInfo = Omit<StackInfo, 'admin'> & Pick<StackUrls, 'discovery' | 'rotateKeys'> & { reset: string };

export interface BrowserStack {
  /**
   * The stack's answer to a request for one of its URLs, once every record it
   * changed is saved; undefined for any other URL (another origin, or a page
   * of the site), which the caller leaves to the network.
   */
  handle(request: Request): Promise<Response | undefined>;
  /** Back to the seed: the records forgotten, then a new pool with new keys, secret and admin credentials. */
  reset(): Promise<void>;
  /** Settles once the stack has loaded its records and applied the seed; rejects if it could not start. */
  ready: Promise<void>;
  info: BrowserStackInfo;
  /** Saves whatever changed and is not yet saved. */
  flush(): Promise<void>;
  /** Ends the trace streams; the stack answers nothing afterwards. */
  close(): void;
}

/** One pool and its gateway, from one load of the records or one reset. */
interface Generation {
  store: MemoryUserPoolStore;
  pool: BrowserUserPool;
  gateway: Gateway;
  /** Set by a reset: this generation's later changes are never saved. */
  retired: boolean;
}

/**
 * The whole demo stack in one object with no server: the user pool, the
 * gateway trusting it, and the functions, answering fetch-standard requests
 * for `<base>_stack/cognito/…`, `<base>_stack/gateway/…` and
 * `POST <base>_stack/reset`. What the Service Worker (worker.ts) runs, and
 * what the tests run in Node.
 *
 * The pool's store lives in memory, loaded whole from `persistence` when the
 * stack starts; every answer waits until the records its request changed are
 * saved (one save, which IndexedDB commits as one transaction), so that an
 * answer the reader saw survives the worker being stopped.
 */
export function createBrowserStack(options: BrowserStackOptions): BrowserStack {
  const log = options.log ?? (() => {});
  const routes = new StackRoutes(options.origin, options.base);
  const { origin } = routes;
  const urls = browserStackUrls(origin, options.base, SEED.pool.id, restStages(api));
  const guard = sameOriginGuard(origin);
  let persistence = options.persistence;
  let closed = false;

  // Saves run one after another, in the order they were asked for; a reset's clearing runs in the same line.
  let saving: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>): Promise<void> => {
    const run = saving.then(work);
    saving = run.catch(() => {});
    return run;
  };

  const flush = (generation: Generation): Promise<void> =>
    enqueue(async () => {
      if (generation.retired || !generation.store.changed) return;
      const changes = generation.store.takeChanges();
      try {
        await persistence.save(changes);
      } catch (error) {
        // The answer still goes out; the changes are saved with the next request's.
        generation.store.restoreChanges(changes);
        log(`could not save ${changes.length} changed records: ${String(error)}`);
      }
    });

  const open = async (store: MemoryUserPoolStore): Promise<Generation> => {
    const pool = await openBrowserUserPool({
      store,
      publicUrl: routes.userPoolBase,
      localAccess: guard,
      now: options.now,
      log: (line) => log(`[userpool] ${line}`),
      primitives: options.primitives,
      keyCrypto: options.keyCrypto?.(),
      // The records' persistence keeps the private keys too: a reset forgets both.
      vault: persistence,
    });
    const gateway = createGateway({
      ...options.gateway,
      userPools: { demo: { userPoolId: SEED.pool.id, issuer: urls.issuer, jwksUri: urls.jwksUri, clientIds: [SEED.client.id] } },
      local: guard,
      now: options.now,
      // The gateway reaches this generation's pool in process, never over the network.
      fetch: inProcessFetch(async (request) => {
        const route = routes.route(new URL(request.url));
        return route?.to === 'userPool' ? pool.handler(await rebased(request, origin, route.path), WORKER_CLIENT) : undefined;
      }),
      loadHandler: bundledHandlerLoader,
      log: (line) => log(`[gateway] ${line}`),
    });
    const generation: Generation = { store, pool, gateway, retired: false };
    await flush(generation);
    return generation;
  };

  const start = async (): Promise<Generation> => {
    let snapshot: Awaited<ReturnType<typeof persistence.load>>;
    try {
      snapshot = await persistence.load();
    } catch (error) {
      log(`could not load the saved records (${String(error)}); this run starts from the seed and keeps its records in memory only`);
      persistence = new MemoryPersistence();
      snapshot = await persistence.load();
    }
    return open(new MemoryUserPoolStore(snapshot));
  };

  let current: Promise<Generation> = start();
  const ready = current.then(() => undefined);
  // A stack that could not start answers 503; the rejection is the caller's through `ready`.
  current.catch(() => {});

  // One reset at a time: a reset asked for while one is under way is that one.
  let resetting: Promise<void> | undefined;
  const reset = (): Promise<void> =>
    (resetting ??= (async () => {
      const previous = await current.catch(() => undefined);
      if (previous) {
        previous.retired = true;
        previous.gateway.close();
      }
      current = (async () => {
        await enqueue(() => persistence.clear());
        return open(new MemoryUserPoolStore());
      })();
      await current;
      log('the stack is back to its seed');
    })().finally(() => {
      resetting = undefined;
    }));

  const answer = async (route: StackRoute, request: Request): Promise<Response> => {
    if (route.to === 'reset') {
      const refusal = guard.refusal(request, WORKER_CLIENT);
      if (refusal) return Response.json({ message: refusal }, { status: 403 });
      if (request.method !== 'POST')
        return Response.json({ message: 'POST here, as application/json, to put the stack back to its seed.' }, { status: 405, headers: { allow: 'POST' } });
      await reset();
      return Response.json({ message: 'The stack is back to its seed: the demo users, new keys, no other users and no sessions.' });
    }
    const generation = await current;
    const handler = route.to === 'userPool' ? generation.pool.handler : generation.gateway.handler;
    try {
      return await handler(await rebased(request, origin, route.path), WORKER_CLIENT);
    } finally {
      await flush(generation);
    }
  };

  return {
    ready,
    info: {
      region: SEED.region,
      userPoolId: SEED.pool.id,
      userPoolClientId: SEED.client.id,
      userPoolEndpoint: urls.userPoolEndpoint,
      issuer: urls.issuer,
      jwksUri: urls.jwksUri,
      discovery: urls.discovery,
      demoUsers: publishedDemoUsers(SEED.users),
      mailbox: urls.mailbox,
      rotateKeys: urls.rotateKeys,
      apis: urls.apis,
      trace: urls.trace,
      reset: urls.reset,
    },

    async handle(request) {
      const route = routes.route(new URL(request.url));
      if (!route || closed) return undefined;
      let response: Response;
      try {
        response = await answer(route, request);
      } catch (error) {
        log(`stack error for ${request.method} ${new URL(request.url).pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        const starting = await current.then(
          () => false,
          () => true,
        );
        response = Response.json(
          { message: starting ? 'The in-browser stack could not start; its log has the details.' : "Internal error; the stack's log has the details." },
          { status: starting ? 503 : 500 },
        );
      }
      return dated(response, (options.now ?? Date.now)());
    },

    reset,

    async flush() {
      const generation = await current.catch(() => undefined);
      if (generation) await flush(generation);
    },

    close() {
      closed = true;
      void current.then(
        (generation) => generation.gateway.close(),
        () => {},
      );
    },
  };
}
