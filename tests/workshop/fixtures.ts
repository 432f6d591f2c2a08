import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { startStack, type RunningStack } from '../../src/stack/stack.ts';
import { type SseBlock, SseSplitter } from '../../src/lib/sse.ts';
import { manualTimers, type ManualTimers } from '../helpers/manual-timers.ts';
import { TEST_SITE_ORIGIN } from '../helpers/user-pool.ts';

export { TEST_SITE_ORIGIN };

export interface WorkshopStack {
  stack: RunningStack;
  dataDir: string;
  timers: ManualTimers;
  log: string[];
  /** The facilitator's API base, `<gateway>/_workshop/facilitator`. */
  api: string;
  /** A facilitator call with the current token, as the console makes it. */
  facilitator(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A stack run for a workshop, on loopback and free ports, with a fresh data
 * folder and the gateway's timers in the test's hand (tests/helpers/manual-timers.ts).
 */
export async function startWorkshopStack(): Promise<WorkshopStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'trail-workshop-'));
  const timers = manualTimers();
  const log: string[] = [];
  const stack = await startStack({
    dataDir,
    host: '127.0.0.1',
    userPoolPort: 0,
    gatewayPort: 0,
    siteOrigins: [TEST_SITE_ORIGIN],
    workshop: true,
    gateway: { timers, jwks: { cooldownMs: 0 } },
    log: (line) => log.push(line),
  });
  const api = stack.info.workshop!.facilitator;
  return {
    stack,
    dataDir,
    timers,
    log,
    api,
    facilitator(method, path, body, headers = {}) {
      return fetch(`${api}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.workshop!.token.value}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    async close() {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Amplify, unchanged, against this stack's pool. */
export function configureAmplify(stack: RunningStack): void {
  const { userPoolId, userPoolClientId, userPoolEndpoint } = stack.info;
  Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint } } });
}

/** Signs in with Amplify's default flow (USER_SRP_AUTH) and returns the raw tokens. */
export async function amplifyTokens(username: string, password: string): Promise<{ id: string; access: string }> {
  await signOut();
  const result = await signIn({ username, password });
  if (!result.isSignedIn) throw new Error(`${username}: ${result.nextStep.signInStep}`);
  const { tokens } = await fetchAuthSession();
  if (!tokens?.idToken || !tokens.accessToken) throw new Error(`${username}: no tokens`);
  return { id: tokens.idToken.toString(), access: tokens.accessToken.toString() };
}

/** A JWT's payload, decoded without checking anything: the test reads claims it already trusts. */
export function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Reads a server-sent event stream from a fetch response, event by event. */
export function eventReader(response: Response): { next(signal?: AbortSignal): Promise<{ event: string; data: any }>; cancel(): Promise<void> } {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const splitter = new SseSplitter();
  const ready: SseBlock[] = [];
  return {
    async next(signal) {
      for (;;) {
        const block = ready.shift();
        if (block?.event !== undefined) return { event: block.event, data: JSON.parse(block.data ?? '') };
        if (block) continue;
        if (signal?.aborted) throw signal.reason;
        const { done, value } = await reader.read();
        if (done) throw new Error('the event stream ended');
        ready.push(...splitter.push(value));
      }
    },
    cancel: () => reader.cancel(),
  };
}
