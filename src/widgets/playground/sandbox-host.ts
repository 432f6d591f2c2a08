import type { Backend } from '../../lib/backend.ts';
import { withBase } from '../../lib/base-path.ts';
import { backendReady } from '../../lib/browser-stack-client.ts';
import { tokenOf } from '../shared/token-store.ts';
import { PLAYGROUND_DIR, PLAYGROUND_PROTOCOL, SANDBOX_PAGE, type FromSandbox, type LogLevel, type PlaygroundHello, type ToSandbox } from './protocol.ts';
import { isStackRequest } from './stack-request.ts';

/**
 * The page's side of one run in the playground's sandbox (sandbox/runtime.ts):
 * a fresh frame per run, so that nothing (an Amplify session, a variable, a
 * timer) carries over from the last one.
 *
 * The frame's `fetch` comes here. The page sends a request on only when it
 * goes to this page's stack: Cognito's API at the pool's endpoint, the pool's
 * keys and discovery document, and the two APIs. Never the local endpoints
 * (mailbox, traces, key rotation, reset), never with cookies, never
 * following a redirect. The page's CSP (connect-src) applies to what it
 * sends, as to every widget's requests; and for the stack in the browser the
 * page's requests are the ones its Service Worker sees.
 */
export interface RunListener {
  log(level: LogLevel, text: string): void;
  ended(outcome: RunOutcome): void;
}

/** How a run ended: the code finished, threw (its error as text), was stopped, or never started. */
export type RunOutcome = { kind: 'finished' } | { kind: 'threw'; text: string } | { kind: 'stopped' } | { kind: 'broken'; text: string };

export interface SandboxRun {
  /** Ends the run: its frame goes, and with it whatever the code still had going. */
  stop(): void;
}

// Enough for the frame to load its runtime on a slow machine; the run itself has no time limit (Stop ends it).
const START_TIMEOUT_MS = 15_000;

export function runInSandbox(code: string, backend: Backend, host: Element, listener: RunListener): SandboxRun {
  const frame = document.createElement('iframe');
  // Scripts, and nothing else: no allow-same-origin, so an opaque origin with no access to the site's storage or cookies.
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = "The playground's sandbox";
  frame.hidden = true;
  frame.src = withBase(`/${PLAYGROUND_DIR}/${SANDBOX_PAGE}`);

  let channel: MessageChannel | undefined;
  let finished = false;
  const finish = (outcome: RunOutcome) => {
    if (finished) return;
    finished = true;
    clearTimeout(startTimer);
    listener.ended(outcome);
  };
  const post = (message: ToSandbox, transfer: Transferable[] = []) => channel?.port1.postMessage(message, transfer);

  const onHello = (event: MessageEvent<PlaygroundHello>) => {
    // This frame, with the opaque origin its sandbox gives it, saying it is ready: once.
    if (channel || event.source !== frame.contentWindow || event.origin !== 'null') return;
    if (event.data?.protocol !== PLAYGROUND_PROTOCOL || event.data.type !== 'ready') return;
    clearTimeout(startTimer);
    channel = new MessageChannel();
    channel.port1.onmessage = (message: MessageEvent<FromSandbox>) => void onMessage(message.data);
    // '*': a frame with an opaque origin can be named no other way. What goes is only the channel's other end.
    frame.contentWindow!.postMessage({ protocol: PLAYGROUND_PROTOCOL, type: 'connect' } satisfies PlaygroundHello, '*', [channel.port2]);
    post({ type: 'run', code });
  };

  const onMessage = async (message: FromSandbox) => {
    switch (message.type) {
      case 'log':
        return listener.log(message.level, String(message.text));
      case 'done':
        return finish({ kind: 'finished' });
      case 'failed':
        return finish({ kind: 'threw', text: String(message.text) });
      case 'fetch':
        return post(...(await forward(message, backend)));
      case 'token':
        return post(await token(message, backend));
    }
  };

  const startTimer = setTimeout(() => {
    finish({ kind: 'broken', text: 'The sandbox did not start. Reload the page and try again.' });
    stop();
  }, START_TIMEOUT_MS);
  addEventListener('message', onHello);
  host.append(frame);

  const stop = () => {
    removeEventListener('message', onHello);
    channel?.port1.close();
    frame.remove();
    finish({ kind: 'stopped' });
  };
  return { stop };
}

type Answer = [ToSandbox, Transferable[]];

/** A request of the code in the sandbox, sent on if it goes to this page's stack. */
async function forward(request: Extract<FromSandbox, { type: 'fetch' }>, backend: Backend): Promise<Answer> {
  const refuse = (message: string): Answer => [{ type: 'refused', id: request.id, name: 'TypeError', message }, []];
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refuse(`Failed to fetch: ${request.url} is not a URL.`);
  }
  if (!isStackRequest(url, request.method, backend)) {
    return refuse(
      `Failed to fetch: the playground sends requests to this page's stack only (its user pool, its keys and its APIs), not to ${url.origin}${url.pathname}.`,
    );
  }
  try {
    await backendReady(backend);
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
    });
    const body = await response.arrayBuffer();
    return [{ type: 'fetched', id: request.id, status: response.status, statusText: response.statusText, headers: [...response.headers], body }, [body]];
  } catch (error) {
    // As a page's fetch fails: a TypeError, whatever the cause (no stack, or an answer without CORS headers).
    return refuse((error as Error).message || 'Failed to fetch');
  }
}

/**
 * `signedInToken(kind)` of the sandbox: the token of whoever signed in on this
 * page (the widgets' store); on the demo stacks, when nobody has, a fresh one
 * of the first demo user, signed in for this run only (USER_PASSWORD_AUTH,
 * which the demo app client allows). The widgets' store is not changed.
 */
async function token(question: Extract<FromSandbox, { type: 'token' }>, backend: Backend): Promise<ToSandbox> {
  const stored = tokenOf(question.kind);
  if (stored) return { type: 'token', id: question.id, token: stored };
  const demo = backend.local?.demoUsers.find((user) => user.username === 'alice') ?? backend.local?.demoUsers[0];
  if (!demo || !backend.userPoolEndpoint) {
    return { type: 'refused', id: question.id, name: 'Error', message: 'Nobody is signed in on this page: sign in with the widget of step 1 first.' };
  }
  try {
    await backendReady(backend);
    const response = await fetch(backend.userPoolEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: backend.userPoolClientId,
        AuthParameters: { USERNAME: demo.username, PASSWORD: demo.password },
      }),
      credentials: 'omit',
    });
    const answer = (await response.json()) as { AuthenticationResult?: { IdToken?: string; AccessToken?: string }; message?: string };
    const value = question.kind === 'id' ? answer.AuthenticationResult?.IdToken : answer.AuthenticationResult?.AccessToken;
    if (!value) throw new Error(answer.message ?? `The pool answered ${response.status}.`);
    return { type: 'token', id: question.id, token: value };
  } catch (error) {
    return { type: 'refused', id: question.id, name: 'Error', message: `Could not sign ${demo.username} in: ${(error as Error).message}` };
  }
}
