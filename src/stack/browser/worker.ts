/**
 * The Service Worker that runs the demo stack in the reader's browser when
 * the site has no stack or AWS backend to talk to. Served at
 * `<base>stack-worker.js`, it takes its base from its own URL, answers every
 * request for `<base>_stack/…` (the pool, the gateway, the reset) from the
 * stack, and leaves every other request to the browser. All the site's tabs
 * share this one worker, and so one stack; its records are in IndexedDB.
 */
import { browserStackBaseOf } from '../../lib/stack-urls.ts';
import { createBrowserStack, type BrowserStack } from './browser-stack.ts';
import { IndexedDbPersistence } from './indexeddb-persistence.ts';
import { StackRoutes } from './routes.ts';

// The few Service Worker types used here (the project's TypeScript lib is DOM's, not WebWorker's).
interface LifecycleEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface StackFetchEvent extends LifecycleEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface StackMessageEvent extends LifecycleEvent {
  readonly data: unknown;
}
interface ServiceWorkerScope {
  readonly location: { readonly href: string };
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: LifecycleEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: StackFetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: StackMessageEvent) => void): void;
}

const scope = globalThis as unknown as ServiceWorkerScope;
const site = browserStackBaseOf(scope.location.href);
if (!site) throw new Error(`The stack's worker must be served as <base>stack-worker.js, not ${scope.location.href}`);
const routes = new StackRoutes(site.origin, site.base);

// Made on first use after activation, not when an update installs beside a
// running worker, so that the stack loads the records the previous worker
// saved last.
let stack: BrowserStack | undefined;
function theStack(): BrowserStack {
  if (!stack) {
    stack = createBrowserStack({
      origin: site!.origin,
      base: site!.base,
      persistence: new IndexedDbPersistence(),
      log: (line) => console.info(`[token-trail stack] ${line}`),
    });
    stack.ready.catch((error: unknown) => console.error('[token-trail stack] could not start', error));
  }
  return stack;
}

scope.addEventListener('install', (event) => {
  event.waitUntil(scope.skipWaiting());
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await scope.clients.claim();
      // Start loading now, so that the first request need not wait for it.
      await theStack().ready.catch(() => {});
    })(),
  );
});

// A page of the site that this worker does not control yet (one loaded with
// a forced reload, which bypasses workers) asks to be claimed
// (src/lib/browser-stack-client.ts). Only the site's own pages can message
// its worker (https://w3c.github.io/ServiceWorker/#service-worker-postmessage).
scope.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown } | null;
  if (data?.type === 'claim') event.waitUntil(scope.clients.claim());
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  // Decided synchronously: a request the stack does not serve is never
  // touched, and goes to the network as if there were no worker.
  if (!routes.route(new URL(request.url))) return;
  event.respondWith(
    theStack()
      .handle(request)
      .then((response) => response ?? fetch(request)),
  );
});
