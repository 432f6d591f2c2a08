import { TrieRouter } from 'hono/router/trie-router';

export interface RouteShape {
  method: string;
  path: string;
}

export interface Matched<R> {
  route: R;
  /** Path parameters, still percent-encoded as AWS passes them; null when the route has none. */
  pathParameters: Record<string, string> | null;
}

/**
 * Matches a request to an API's routes the way API Gateway does: literal
 * segments before `{param}` before greedy `{param+}`, a trailing slash and
 * leading repeated slashes ignored, parameters left percent-encoded. Hono's
 * router does the matching once the paths are translated.
 */
export class Routes<R extends RouteShape> {
  readonly #routes = new TrieRouter<R>();
  readonly #resources = new TrieRouter<string>();

  constructor(routes: readonly R[]) {
    const seen = new Set<string>();
    for (const route of [...routes].sort((a, b) => specificity(a.path) - specificity(b.path))) {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) throw new Error(`The API definition declares ${key} twice`);
      seen.add(key);
      this.#routes.add(route.method, toHonoPath(route.path), route);
      this.#resources.add('ALL', toHonoPath(route.path), route.path);
    }
  }

  match(method: string, rawPath: string): Matched<R> | undefined {
    const [matches] = this.#routes.match(method, normalise(rawPath)) as [Array<[R, Record<string, string>]>];
    const first = matches[0];
    if (!first) return undefined;
    const [route, params] = first;
    return { route, pathParameters: Object.keys(params).length > 0 ? { ...params } : null };
  }

  /** The resource path a request path falls under, whatever the method. */
  resource(rawPath: string): string | undefined {
    const [matches] = this.#resources.match('GET', normalise(rawPath)) as [Array<[string, unknown]>];
    return matches[0]?.[0];
  }
}

function normalise(rawPath: string): string {
  const path = rawPath.replace(/^\/+/, '/');
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** `{id}` becomes `:id`; greedy `{proxy+}` becomes `:proxy{.+}`. */
function toHonoPath(path: string): string {
  return path.replace(/\{([^}+]+)(\+?)\}/g, (_, name: string, greedy: string) => (greedy ? `:${name}{.+}` : `:${name}`));
}

/** Lower sorts first: fewer parameters, and greedy ones last. */
function specificity(path: string): number {
  const greedy = (path.match(/\{[^}]+\+\}/g) ?? []).length;
  const params = (path.match(/\{[^}]+\}/g) ?? []).length;
  return greedy * 100 + params;
}
