import { browserStackBases } from '../../lib/stack-urls.ts';

/** Which part of the stack a URL is for, and the path that part sees (its base cut off; `/` at least). */
export type StackRoute = { to: 'userPool' | 'gateway'; path: string } | { to: 'reset' };

/**
 * The in-browser stack's paths under a site's base (all from
 * src/lib/stack-urls.ts): `<base>_stack/cognito/…` for the pool,
 * `<base>_stack/gateway/…` for the gateway, `<base>_stack/reset`.
 */
export class StackRoutes {
  readonly origin: string;
  /** The pool's base URL, `<origin><base>_stack/cognito`: its `publicUrl`. */
  readonly userPoolBase: string;
  readonly #userPool: string;
  readonly #gateway: string;
  readonly #reset: string;

  constructor(origin: string, base: string) {
    this.origin = new URL(origin).origin;
    const bases = browserStackBases(this.origin, base);
    this.userPoolBase = bases.userPool;
    this.#userPool = new URL(bases.userPool).pathname;
    this.#gateway = new URL(bases.gateway).pathname;
    this.#reset = new URL(bases.reset).pathname;
  }

  /** The route of a URL, or undefined when the URL is not the stack's (another origin, or a page of the site). */
  route(url: URL): StackRoute | undefined {
    if (url.origin !== this.origin) return undefined;
    const path = url.pathname;
    if (path === this.#reset) return { to: 'reset' };
    for (const [to, prefix] of [
      ['userPool', this.#userPool],
      ['gateway', this.#gateway],
    ] as const) {
      if (path === prefix) return { to, path: '/' };
      if (path.startsWith(`${prefix}/`)) return { to, path: path.slice(prefix.length) };
    }
    return undefined;
  }
}

/**
 * The request as the pool or the gateway expects it: the same method,
 * headers, body and signal, at `path` (and the same query) on the site's
 * origin, as if each served its own host. The body is read into a Blob
 * first: a page's request body is in memory anyway, and a Blob body, unlike
 * a stream, needs no `duplex` and works in every browser.
 */
export async function rebased(request: Request, origin: string, path: string): Promise<Request> {
  const url = new URL(request.url);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(`${origin}${path}${url.search}`, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.blob() : undefined,
    signal: request.signal,
    redirect: 'manual',
  });
}
