/**
 * The Chromium runner's side of the user pool suite, in the page: the
 * in-browser stack's real Service Worker script (buildStackWorker(), with
 * the test clock of worker-clock.ts in front) registered for the page, and a
 * PoolTarget over its `<base>_stack/cognito/` endpoint. Amplify runs in the
 * page and reaches the pool through the page's fetch, as on the site.
 *
 * The worker's admin credentials are published nowhere. Before the worker
 * starts, the page saves credentials of its own where the stack keeps them
 * (the pool's meta record, in the stack's IndexedDB database), as a previous
 * run of the worker would have left them; the stack takes them as its own.
 */
import { browserStackUrls } from '../../../src/lib/stack-urls.ts';
import { api, restStages } from '../../../src/stack/api.ts';
import { ADMIN_CREDENTIALS_META } from '../../../src/stack/browser/browser-pool.ts';
import { IndexedDbPersistence } from '../../../src/stack/browser/indexeddb-persistence.ts';
import { MemoryUserPoolStore } from '../../../src/stack/browser/memory-store.ts';
import seed from '../../../src/stack/userpool/seed.json' with { type: 'json' };
import type { AdminCredentials, PoolTarget } from '../pool-target.ts';
import { freezeDate, type FrozenDate } from './frozen-date.ts';
import { CLOCK_MESSAGE } from './protocol.ts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomText = (length: number) => Array.from(crypto.getRandomValues(new Uint8Array(length)), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');

/** Asks the stack's worker for its clock's time, after moving it by `advance` ms. */
function workerClock(advance?: number): Promise<number> {
  const worker = navigator.serviceWorker.controller;
  if (!worker) return Promise.reject(new Error("the stack's worker does not control this page"));
  const channel = new MessageChannel();
  const answer = new Promise<number>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent<{ now: number }>) => resolve(event.data.now);
  });
  worker.postMessage({ type: CLOCK_MESSAGE, advance }, [channel.port2]);
  return answer;
}

export async function startBrowserPoolTarget(): Promise<PoolTarget> {
  const admin: AdminCredentials = { accessKeyId: `AKIA${randomText(16)}`, secretAccessKey: randomText(40) };
  const store = new MemoryUserPoolStore();
  store.setMeta(ADMIN_CREDENTIALS_META, JSON.stringify(admin));
  const persistence = new IndexedDbPersistence();
  await persistence.save(store.takeChanges());
  await persistence.close();

  const controlled = navigator.serviceWorker.controller
    ? Promise.resolve()
    : new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
  // As the site registers it: a classic script at <base>stack-worker.js, its scope the base.
  await navigator.serviceWorker.register('/stack-worker.js', { scope: '/' });
  await controlled;

  const urls = browserStackUrls(location.origin, '/', seed.pool.id, restStages(api));
  let frozen: FrozenDate | undefined;
  return {
    runtime: `Chromium ${navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? ''}`.trim(),
    region: seed.region,
    poolId: seed.pool.id,
    clientId: seed.client.id,
    endpoint: urls.userPoolEndpoint,
    mailbox: urls.mailbox,
    admin,
    clock: {
      now: () => workerClock(),
      advance: async (ms) => void (await workerClock(ms)),
    },
    clientDate: {
      freeze(now) {
        frozen?.restore();
        frozen = freezeDate(globalThis, now);
      },
      advance: (ms) => frozen!.advance(ms),
      restore() {
        frozen?.restore();
        frozen = undefined;
      },
    },
  };
}
