/**
 * The conformance run's gateway in a Chromium Service Worker: the gateway
 * modules of the in-browser stack (createGateway with the bundled functions,
 * the same-origin guard, the in-process fetch, the same rebasing and the same
 * transport as src/stack/browser/browser-stack.ts), trusting a TEST issuer
 * instead of the in-browser pool. The pool's private keys are not extractable
 * and cannot sign an attacker's token; the test's issuer can. Its JWKS and
 * OpenID configuration come from the page that made the issuer and are served
 * in process, as the stack serves its own pool's.
 *
 * Test endpoints under the worker's scope (protocol.ts): make a gateway,
 * call one in process (with a client address and raw header lines a fetch
 * cannot carry), list what one fetched. Everything else under a gateway's
 * `<scope><name>/_stack/gateway/` goes to that gateway as the stack's worker
 * routes a page's request.
 */
import { bundledHandlerLoader } from '../../../src/stack/browser/functions.ts';
import { inProcessFetch } from '../../../src/stack/browser/in-process-fetch.ts';
import { sameOriginGuard } from '../../../src/stack/browser/local-access.ts';
import { rebased, StackRoutes } from '../../../src/stack/browser/routes.ts';
import { dated, WORKER_CLIENT } from '../../../src/stack/browser/transport.ts';
import { createGateway, type Gateway } from '../../../src/stack/gateway/index.ts';
import { manualTimers } from '../../helpers/manual-timers.ts';
import { GATEWAY_TEST_API, type GatewaySetup, type InProcessCall } from './protocol.ts';

interface LifecycleEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface WorkerFetchEvent extends LifecycleEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  readonly location: { readonly origin: string };
  readonly registration: { readonly scope: string };
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: LifecycleEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: WorkerFetchEvent) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const origin = scope.location.origin;
const base = new URL(scope.registration.scope).pathname;
const testApi = Object.fromEntries(Object.entries(GATEWAY_TEST_API).map(([key, path]) => [key, `${base}${path}`])) as Record<
  keyof typeof GATEWAY_TEST_API,
  string
>;

interface Hosted {
  gateway: Gateway;
  routes: StackRoutes;
  now: number;
  fetched: string[];
}
const gateways = new Map<string, Hosted>();

function host(setup: GatewaySetup): void {
  gateways.get(setup.name)?.gateway.close();
  const documents = new Map(setup.documents);
  const fetched: string[] = [];
  const served = inProcessFetch(async (request) => (documents.has(request.url) ? Response.json(documents.get(request.url)) : undefined));
  const gateway = createGateway({
    ...(setup.definition ? { definition: setup.definition } : {}),
    userPools: { demo: setup.pool },
    local: sameOriginGuard(origin),
    now: () => setup.now,
    // Nothing here waits: no timer fires unless a test fires it, as in the Node gateway's tests.
    timers: manualTimers(),
    fetch: (input, init) => {
      fetched.push(input instanceof Request ? input.url : String(input));
      return served(input, init);
    },
    loadHandler: bundledHandlerLoader,
  });
  gateways.set(setup.name, { gateway, routes: new StackRoutes(origin, `${base}${setup.name}/`), now: setup.now, fetched });
}

function named(name: string | null): Hosted {
  const hosted = name === null ? undefined : gateways.get(name);
  if (!hosted) throw new Error(`no gateway named ${JSON.stringify(name)}`);
  return hosted;
}

async function answer(request: Request): Promise<Response | undefined> {
  const url = new URL(request.url);
  if (url.origin !== origin) return undefined;
  if (url.pathname === testApi.gateways && request.method === 'POST') {
    host((await request.json()) as GatewaySetup);
    return new Response(null, { status: 204 });
  }
  if (url.pathname === testApi.inProcess && request.method === 'POST') {
    const call = (await request.json()) as InProcessCall;
    const headers = new Headers();
    for (const [name, value] of call.init.headers ?? []) headers.append(name, value);
    // The browser drops what a page may not send (Host, User-Agent, Cookie, Accept-Encoding); the raw lines keep them.
    return named(call.name).gateway.handler(
      new Request(`${origin}${call.path}`, { method: call.init.method ?? 'GET', headers, body: call.init.body }),
      call.client,
    );
  }
  if (url.pathname === testApi.fetched) return Response.json(named(url.searchParams.get('name')).fetched);
  for (const hosted of gateways.values()) {
    const route = hosted.routes.route(url);
    if (route?.to === 'gateway') return dated(await hosted.gateway.handler(await rebased(request, origin, route.path), WORKER_CLIENT), hosted.now);
  }
  return undefined;
}

scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));
scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== origin || !url.pathname.startsWith(base) || url.pathname.endsWith('.js') || url.pathname.endsWith('.html')) return;
  event.respondWith(
    answer(event.request).then(
      (response) => response ?? new Response('Not served by the gateway worker', { status: 404 }),
      (error: unknown) => new Response(`gateway worker error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { status: 500 }),
    ),
  );
});
