import type { Backend } from './backend.ts';
import { SITE_BASE, withBase } from './base-path.ts';
import { BROWSER_STACK_PATHS } from './stack-urls.ts';

/**
 * The page's side of the demo stack in the browser
 * (src/stack/browser/worker.ts): the one module that registers its Service
 * Worker, and only when the reader first acts (a widget's button, the
 * connection check's "Check again", the reset button), never when a page
 * loads. Every request a widget sends to the backend waits on `backendReady`
 * first; for the Node stack and AWS it resolves at once.
 */

/** Why the stack cannot run in this browser, in words a reader can act on. */
export class StackUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StackUnavailableError';
  }
}

export const NO_SERVICE_WORKERS =
  'This browser does not let the site run its demo stack: Service Workers are turned off here. ' +
  'Some browsers turn them off in private windows, and every browser does on a page opened from a file (file://) or over plain http:// from another machine. ' +
  'The chapters read fine without it. To use the widgets, open the site in a normal window over https:// (or http://localhost), or run the Node stack from the project folder: npm start.';

/** How long the worker may take to install and take control of the page (its script is about 65 KB gzipped, and it loads its records from IndexedDB first). */
const CONTROL_TIMEOUT_MS = 20_000;

/** Whether this page could run the stack in the browser: Service Workers exist here (a secure context, not turned off). */
export function serviceWorkersAvailable(): boolean {
  // Some browsers leave `navigator.serviceWorker` out where workers are off, others leave it undefined.
  return typeof navigator !== 'undefined' && navigator.serviceWorker !== undefined && navigator.serviceWorker !== null && window.isSecureContext;
}

/** Whether the stack's worker already controls this page (a reader who used the widgets before), so that asking it costs no registration. */
export function stackControlsPage(): boolean {
  return serviceWorkersAvailable() && navigator.serviceWorker.controller !== null;
}

/** The `tt:browser-stack` event on `document`: the stack in the browser started, or could not. */
export type BrowserStackEvent = { status: 'up' } | { status: 'down'; message: string };

function announce(detail: BrowserStackEvent): void {
  document.dispatchEvent(new CustomEvent<BrowserStackEvent>('tt:browser-stack', { detail }));
}

let ready: Promise<void> | undefined;

/**
 * Resolves once requests to `backend` can be sent: at once for AWS and the
 * Node stack; for the stack in the browser, once its Service Worker is
 * registered and controls this page, so that the page's requests to
 * `<base>_stack/…` reach it. Rejects with a StackUnavailableError that says
 * what to do when it cannot.
 */
export function backendReady(backend: Backend): Promise<void> {
  if (backend.kind !== 'browser') return Promise.resolve();
  ready ??= controlled().then(
    () => announce({ status: 'up' }),
    (error: unknown) => {
      // Not kept: the reader may try again (after closing another tab, say).
      ready = undefined;
      announce({ status: 'down', message: (error as Error).message });
      throw error;
    },
  );
  return ready;
}

async function controlled(): Promise<void> {
  if (!serviceWorkersAvailable()) throw new StackUnavailableError(NO_SERVICE_WORKERS);
  const container = navigator.serviceWorker;
  if (container.controller) return;
  // Listening before registering: the worker's activate handler claims this
  // page (clients.claim()), and the change may come before `ready` settles.
  const changed = new Promise<void>((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }));
  let registration: ServiceWorkerRegistration | undefined;
  try {
    // Scope = the base, the folder of the script: no Service-Worker-Allowed header needed.
    registration = await container.register(withBase(`/${BROWSER_STACK_PATHS.worker}`), { scope: SITE_BASE });
  } catch (error) {
    throw new StackUnavailableError(`${NO_SERVICE_WORKERS} (The browser said: ${(error as Error).message})`, { cause: error });
  }
  // A browser that blocks workers without saying so registers nothing.
  if (!registration) throw new StackUnavailableError(NO_SERVICE_WORKERS);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StackUnavailableError(
            "The demo stack's Service Worker did not start in this browser. Reload the page and try again; if it still does not start, this browser may be blocking Service Workers for the site.",
          ),
        ),
      CONTROL_TIMEOUT_MS,
    );
  });
  const control = (async () => {
    await container.ready;
    if (container.controller) return;
    // Active already, but not in control of this page: a page loaded with a
    // forced reload (Shift+Reload) bypasses the worker, and its activation's
    // claim came before this page. Ask it to claim again.
    (await container.ready).active?.postMessage({ type: 'claim' });
    await changed;
  })();
  try {
    await Promise.race([control, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Puts the stack in the browser back to its seed (`POST <base>_stack/reset`):
 * the demo users with their published passwords, new keys, no other users and
 * no sessions. Resolves with the stack's own words.
 */
export async function resetBrowserStack(backend: Backend): Promise<string> {
  const url = backend.local?.reset;
  if (backend.kind !== 'browser' || !url) throw new Error('Only the demo stack in the browser resets from the page.');
  await backendReady(backend);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', cache: 'no-store' });
  const body = (await response.json().catch(() => ({}))) as { message?: unknown };
  const message = typeof body.message === 'string' ? body.message : `${response.status} ${response.statusText}`;
  if (!response.ok) throw new Error(`The stack did not reset (${response.status}): ${message}`);
  return message;
}
