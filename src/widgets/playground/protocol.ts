/**
 * The messages between a chapter's page and the playground's sandbox
 * (src/widgets/playground/sandbox/runtime.ts). The page transfers one end of
 * a MessageChannel to the sandbox once it says it is ready; everything after
 * that goes over the channel, which no other frame or page can reach.
 *
 * The sandbox asks the page for what it may not do itself: requests to the
 * stack (its own CSP allows no network at all) and the reader's token.
 */
export const PLAYGROUND_PROTOCOL = 'tt-playground/1';

/** The window message each way: the sandbox is ready; the page hands over the channel (with `ports[0]`). */
export interface PlaygroundHello {
  protocol: typeof PLAYGROUND_PROTOCOL;
  type: 'ready' | 'connect';
}

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** From the page to the sandbox. */
export type ToSandbox =
  | { type: 'run'; code: string }
  | { type: 'fetched'; id: number; status: number; statusText: string; headers: [string, string][]; body: ArrayBuffer | null }
  | { type: 'token'; id: number; token: string }
  /** A request or a token the page would not, or could not, get: `name` is the error the sandbox throws (TypeError for a network failure, as fetch does). */
  | { type: 'refused'; id: number; name: string; message: string };

/** From the sandbox to the page. */
export type FromSandbox =
  | { type: 'log'; level: LogLevel; text: string }
  | { type: 'done' }
  | { type: 'failed'; text: string }
  | { type: 'fetch'; id: number; url: string; method: string; headers: [string, string][]; body: ArrayBuffer | null }
  | { type: 'token'; id: number; kind: 'id' | 'access' };

/** The modules a snippet may import in the playground, and the sandbox script each comes in. */
export const PLAYGROUND_LIBRARIES: Readonly<Record<string, string>> = {
  jose: 'lib-jose.js',
  'aws-jwt-verify': 'lib-aws-jwt-verify.js',
  'aws-amplify': 'lib-amplify.js',
  'aws-amplify/auth': 'lib-amplify.js',
  'aws-amplify/utils': 'lib-amplify.js',
};

/** The module the playground itself offers a snippet: the page's token (content/snippets/token-trail-page.d.ts). */
export const PAGE_MODULE = 'token-trail:page';

/** Where the sandbox lives under the site's base: its page, its runtime and the libraries. */
export const PLAYGROUND_DIR = 'playground';
export const SANDBOX_PAGE = 'sandbox.html';
