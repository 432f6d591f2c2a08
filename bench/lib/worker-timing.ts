/**
 * Prepended, by the browser benchmark only, to the stack's Service Worker
 * script as buildStackWorker() makes it: it times, inside the worker, what
 * the worker does for each request, and leaves the stack's code and answers
 * as they are (no header is added; production answers never carry timings).
 *
 * - A request's time runs from the moment the worker's fetch listener is
 *   called to the moment the answer it gave `respondWith` is ready: routing,
 *   the pool's handler (exponentiations, RSA signatures through WebCrypto,
 *   hashing, sealing) and the save to IndexedDB that every answer waits for.
 *   Not included: the browser carrying the request to the worker and the
 *   answer back to the page.
 * - Work the stack does between requests (it computes SRP's g^b ahead, in
 *   timers) is timed too, whenever no sign-in request is in flight (one that
 *   runs during a sign-in request is in that request's time already).
 *
 * The benchmark reads and clears the records with
 * `postMessage({ type: TIMING_MESSAGE })` and a MessagePort.
 */
export const TIMING_MESSAGE = 'token-trail-bench-timing';
export const SIGN_IN_TARGETS = ['AWSCognitoIdentityProviderService.InitiateAuth', 'AWSCognitoIdentityProviderService.RespondToAuthChallenge'];

export interface TimedRequest {
  /** The X-Amz-Target of a pool call, or the path. */
  what: string;
  start: number;
  end: number;
}
export interface TimedWork {
  start: number;
  end: number;
}
export interface WorkerTimings {
  requests: TimedRequest[];
  /** Timer callbacks that ran while no sign-in request was in flight. */
  between: TimedWork[];
}

interface FetchEventLike extends Event {
  readonly request: Request;
  respondWith(answer: Promise<Response> | Response): void;
}
interface MessageEventLike extends Event {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}
type Listener = (event: Event) => void;

// Installed only when this file runs as the worker's prelude (bench/browser.ts bundles it as one), not when the benchmark imports its types.
if (typeof (globalThis as { ServiceWorkerGlobalScope?: unknown }).ServiceWorkerGlobalScope === 'function') install();

function install(): void {
  const scope = globalThis as unknown as {
    addEventListener(type: string, listener: Listener, options?: unknown): void;
    setTimeout(handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
  };
  const signIns = new Set(SIGN_IN_TARGETS);
  let timings: WorkerTimings = { requests: [], between: [] };
  let signInsInFlight = 0;

  const addEventListener = scope.addEventListener.bind(scope);
  scope.addEventListener = (type, listener, options) => {
    if (type !== 'fetch') return addEventListener(type, listener, options);
    addEventListener(
      'fetch',
      (event: Event) => {
        const fetchEvent = event as FetchEventLike;
        const start = performance.now();
        const what = fetchEvent.request.headers.get('x-amz-target') ?? new URL(fetchEvent.request.url).pathname;
        const signIn = signIns.has(what);
        const respondWith = fetchEvent.respondWith.bind(fetchEvent);
        Object.defineProperty(fetchEvent, 'respondWith', {
          value(answer: Promise<Response> | Response) {
            if (signIn) signInsInFlight += 1;
            const done = () => {
              if (signIn) signInsInFlight -= 1;
              timings.requests.push({ what, start, end: performance.now() });
            };
            respondWith(Promise.resolve(answer).finally(done));
          },
        });
        listener(fetchEvent);
      },
      options,
    );
  };

  const setTimeout = scope.setTimeout.bind(scope);
  scope.setTimeout = (handler, ms, ...args) =>
    setTimeout(() => {
      const start = performance.now();
      try {
        handler(...args);
      } finally {
        if (signInsInFlight === 0) timings.between.push({ start, end: performance.now() });
      }
    }, ms);

  addEventListener('message', (event: Event) => {
    const message = event as MessageEventLike;
    if ((message.data as { type?: unknown } | null)?.type !== TIMING_MESSAGE) return;
    message.ports[0]?.postMessage(timings);
    timings = { requests: [], between: [] };
  });
}
