/**
 * The browser benchmark's page: it registers the stack's worker (with the
 * timing prelude of worker-timing.ts in front), and signs in with the real
 * aws-amplify, as a reader does, as often as the benchmark asks.
 */
import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { browserStackUrls } from '../../src/lib/stack-urls.ts';
import { api, restStages } from '../../src/stack/api.ts';
import seed from '../../src/stack/userpool/seed.json' with { type: 'json' };
import { TIMING_MESSAGE, type WorkerTimings } from './worker-timing.ts';

export interface BenchPage {
  /** Registers the worker and waits until it controls the page and its stack has started. */
  start(): Promise<void>;
  /** `count` sign-ins of alice (USER_SRP_AUTH), each followed by a sign-out; the page's time for each signIn(), ms. */
  signIns(count: number): Promise<number[]>;
  /** What the worker timed since the last call. */
  takeTimings(): Promise<WorkerTimings>;
}

const alice = seed.users.find((user) => user.username === 'alice')!;

const page: BenchPage = {
  async start() {
    const controlled = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    await navigator.serviceWorker.register('/stack-worker.js', { scope: '/' });
    await controlled;
    const urls = browserStackUrls(location.origin, '/', seed.pool.id, restStages(api));
    Amplify.configure({ Auth: { Cognito: { userPoolId: seed.pool.id, userPoolClientId: seed.client.id, userPoolEndpoint: urls.userPoolEndpoint } } });
    // The stack has started once it answers (the first request waits for its seed and keys).
    await fetch(urls.jwksUri);
  },
  async signIns(count) {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const result = await signIn({ username: alice.username, password: alice.password! });
      times.push(performance.now() - start);
      if (!result.isSignedIn) throw new Error(`sign-in ${i} did not complete: ${JSON.stringify(result.nextStep)}`);
      await signOut();
    }
    return times;
  },
  takeTimings() {
    const worker = navigator.serviceWorker.controller!;
    const channel = new MessageChannel();
    const answer = new Promise<WorkerTimings>((resolve) => {
      channel.port1.onmessage = (event: MessageEvent<WorkerTimings>) => resolve(event.data);
    });
    worker.postMessage({ type: TIMING_MESSAGE }, [channel.port2]);
    return answer;
  },
};

(globalThis as unknown as { bench: BenchPage }).bench = page;
