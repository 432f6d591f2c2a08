/**
 * The playground's sandbox: the page `<base>playground/sandbox.html` that a
 * chapter frames with `sandbox="allow-scripts"` and nothing else, which
 * gives it an opaque origin. It therefore shares nothing with the site: no
 * localStorage, sessionStorage, IndexedDB or cookies (each throws a
 * SecurityError), and its own CSP (scripts/lib/playground-build.ts) lets it
 * load the site's scripts and nothing else: no fetch, no images, no frames.
 *
 * It runs the code the page sends it, and reports back what it printed and
 * how it ended, as text. Its `fetch` asks the page, which sends the request
 * only to the stack's own URLs (sandbox-host.ts): the demo stack in the
 * reader's browser is a Service Worker, which does not control a sandboxed
 * frame (https://github.com/w3c/ServiceWorker/issues/1390), so the page
 * must make the request for it either way.
 */
import { PAGE_MODULE, PLAYGROUND_LIBRARIES, PLAYGROUND_PROTOCOL, type FromSandbox, type LogLevel, type PlaygroundHello, type ToSandbox } from '../protocol.ts';
import { DEFINE } from './define.ts';
import { IMPORT_FUNCTION, snippetLine, transform } from './transform.ts';

const modules = new Map<string, object>();
(globalThis as unknown as Record<string, unknown>)[DEFINE] = (name: string, exports: object) => modules.set(name, exports);

let port: MessagePort | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (message: ToSandbox) => void; reject: (error: Error) => void }>();

function send(message: FromSandbox, transfer: Transferable[] = []): void {
  port?.postMessage(message, transfer);
}

/** Asks the page, and waits for its answer to this question. */
function ask(question: Extract<FromSandbox, { id: number }>, transfer: Transferable[] = []): Promise<ToSandbox> {
  return new Promise((resolve, reject) => {
    waiting.set(question.id, { resolve, reject });
    send(question, transfer);
  });
}

function refusal(name: string, message: string): Error {
  const error = name === 'TypeError' ? new TypeError(message) : new Error(message);
  if (name !== 'TypeError') error.name = name;
  return error;
}

// ---- What the snippet sees instead of the network ----

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = new Request(input, init);
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
  const id = ++nextId;
  const answer = await new Promise<ToSandbox>((resolve, reject) => {
    request.signal.throwIfAborted();
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
    ask({ type: 'fetch', id, url: request.url, method: request.method, headers: [...request.headers], body }, body ? [body] : []).then(resolve, reject);
  });
  if (answer.type === 'refused') throw refusal(answer.name, answer.message);
  if (answer.type !== 'fetched') throw new TypeError('Failed to fetch');
  return new Response(NULL_BODY_STATUSES.has(answer.status) ? null : answer.body, {
    status: answer.status,
    statusText: answer.statusText,
    headers: answer.headers,
  });
};

const pageModule = {
  async signedInToken(kind: 'id' | 'access'): Promise<string> {
    if (kind !== 'id' && kind !== 'access') throw new TypeError("signedInToken takes 'id' or 'access'.");
    const answer = await ask({ type: 'token', id: ++nextId, kind });
    if (answer.type === 'refused') throw refusal(answer.name, answer.message);
    if (answer.type !== 'token') throw new Error('No token.');
    return answer.token;
  },
};

// ---- What it prints ----

function format(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return describe(value);
  if (typeof value === 'function') return `[function ${value.name || '(anonymous)'}]`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object' || value === null) return String(value);
  if (value instanceof Response) return `Response ${value.status} ${value.statusText}`.trimEnd();
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(
      value,
      (_key, item: unknown) => {
        if (typeof item === 'bigint') return `${item}n`;
        if (typeof item === 'function') return `[function ${item.name || '(anonymous)'}]`;
        if (item === undefined) return '[undefined]';
        if (item instanceof Error) return describe(item);
        if (ArrayBuffer.isView(item)) return `${item.constructor.name}(${item.byteLength} bytes)`;
        if (item instanceof Map) return Object.fromEntries(item);
        if (item instanceof Set) return [...item];
        if (typeof item === 'object' && item !== null) {
          if (seen.has(item)) return '[circular]';
          seen.add(item);
        }
        return item;
      },
      2,
    );
  } catch {
    return String(value);
  }
}

/** An error as the reader should read it: its name, its library's code, its message, and the line of the snippet it came from. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return `Uncaught ${format(error)}`;
  // jose's errors carry a code (ERR_JWT_EXPIRED…): https://github.com/panva/jose/blob/main/docs/util/errors/README.md
  const { code: errorCode } = error as Error & { code?: unknown };
  const code = typeof errorCode === 'string' ? ` [${errorCode}]` : '';
  const line = snippetLine(error.stack);
  return `${error.name}${code}: ${error.message}${line ? ` (line ${line})` : ''}`;
}

for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const satisfies readonly LogLevel[]) {
  console[level] = (...args: unknown[]) => send({ type: 'log', level, text: args.map(format).join(' ') });
}
// What the snippet started and did not wait for still reaches the reader.
addEventListener('unhandledrejection', (event) => send({ type: 'log', level: 'error', text: `Unhandled: ${describe(event.reason)}` }));
addEventListener('error', (event) => send({ type: 'log', level: 'error', text: `Unhandled: ${describe(event.error ?? event.message)}` }));

// ---- Running it ----

const loading = new Map<string, Promise<void>>();

function load(specifier: string): Promise<void> {
  if (specifier === PAGE_MODULE) return Promise.resolve();
  if (!Object.hasOwn(PLAYGROUND_LIBRARIES, specifier)) {
    return Promise.reject(new Error(`The playground has no module "${specifier}". It has ${[...Object.keys(PLAYGROUND_LIBRARIES), PAGE_MODULE].join(', ')}.`));
  }
  const file = PLAYGROUND_LIBRARIES[specifier]!;
  let promise = loading.get(file);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL(file, document.baseURI).href;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`The playground could not load ${specifier}.`));
      document.head.append(script);
    });
    loading.set(file, promise);
  }
  return promise;
}

function importModule(specifier: string): object {
  if (specifier === PAGE_MODULE) return pageModule;
  const exports = modules.get(specifier);
  if (!exports) throw new Error(`The playground has no module "${specifier}".`);
  return exports;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;

async function run(code: string): Promise<void> {
  try {
    const { body, specifiers } = transform(code);
    await Promise.all(specifiers.map(load));
    await new AsyncFunction(IMPORT_FUNCTION, body)(importModule);
    send({ type: 'done' });
  } catch (error) {
    send({ type: 'failed', text: describe(error) });
  }
}

function onPortMessage(event: MessageEvent<ToSandbox>): void {
  const message = event.data;
  if (message.type === 'run') {
    void run(message.code);
    return;
  }
  const question = waiting.get(message.id);
  if (!question) return;
  waiting.delete(message.id);
  question.resolve(message);
}

// ---- Meeting the page ----

// Opened any other way than in the playground's frame (directly, or framed
// without the sandbox), it would run with the site's origin: it runs nothing then.
const sandboxed = self.origin === 'null' && window.parent !== window;
if (!sandboxed) {
  document.addEventListener('DOMContentLoaded', () => {
    document.body.textContent = 'This page runs code only inside the playground of a Token Trail chapter.';
  });
} else {
  addEventListener('message', (event: MessageEvent<PlaygroundHello>) => {
    // The first channel from the page that framed it, and no other.
    if (port || event.source !== window.parent || event.data?.protocol !== PLAYGROUND_PROTOCOL || event.data.type !== 'connect' || !event.ports[0]) return;
    port = event.ports[0];
    port.onmessage = onPortMessage;
  });
  // Nothing secret: any frame could say it. The page checks that this frame said it.
  window.parent.postMessage({ protocol: PLAYGROUND_PROTOCOL, type: 'ready' } satisfies PlaygroundHello, '*');
}
