import { isLoopback, type ClientInfo } from './types.ts';

/**
 * Who may use a server's local-only endpoints (the mailbox, key rotation,
 * traces): what the server knows about itself and the site that reads them.
 */
export interface LocalAccessPolicy {
  /** The server's own base URL (`http://127.0.0.1:9400`), known once it listens. */
  ownUrl(): string;
  /** Origins whose pages may call the local endpoints: the tutorial site's. */
  siteOrigins: readonly string[];
}

/**
 * The decision itself, for a server that is not a loopback HTTP server: the
 * stack in a Service Worker has no peer address and no Host of its own, and
 * judges by origin instead (src/stack/browser/local-access.ts). A
 * `LocalAccessPolicy` is turned into one by `localAccessGuard`.
 */
export interface LocalAccessGuard {
  /** Why the request may not reach a local endpoint, or undefined when it may. */
  refusal(request: Request, client: ClientInfo): string | undefined;
  /** The CORS origin to allow for a local endpoint: the caller's, when it may read the answer. */
  corsOrigin(origin: string | null | undefined): string | undefined;
}

/** What a server's local-endpoint option takes: the loopback policy of the Node stack, or a guard of its own. */
export type LocalAccess = LocalAccessPolicy | LocalAccessGuard;

/** The 403 messages every guard answers with, so that a refusal reads the same from every stack. */
export const LOCAL_REFUSALS = {
  notThisMachine: 'Local endpoints answer only on this machine.',
  host: (host: string) => `Local endpoints answer only to their own host name, not ${host.slice(0, 100)}.`,
  origin: (origin: string) => `Local endpoints answer only to the tutorial site, not to pages from ${origin.slice(0, 100)}.`,
  postType: 'Local endpoints take POST bodies as application/json only.',
} as const;

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** The guard for a `LocalAccess`: a guard as it is, a policy as `localAccessRefusal` and `localCorsOrigin` judge. */
export function localAccessGuard(access: LocalAccess): LocalAccessGuard {
  if ('refusal' in access) return access;
  return { refusal: (request, client) => localAccessRefusal(request, client, access), corsOrigin: (origin) => localCorsOrigin(origin, access) };
}

/**
 * Why a request may not reach a local endpoint, or undefined when it may.
 *
 * - A peer on another machine is refused: these endpoints hand out codes and
 *   rotate keys.
 * - The Host must name this server (its own host, or a loopback name, with its
 *   port). A DNS-rebinding page reaches a loopback server under its own name,
 *   which the browser sends as the Host.
 * - A browser's Origin, when sent, must be the site's or the server's own, so
 *   that no other web page can read or change anything here.
 * - A POST must say `application/json`: a browser sends that type cross-origin
 *   only after a preflight, which the Origin rule refuses for other sites.
 */
export function localAccessRefusal(request: Request, client: ClientInfo, policy: LocalAccessPolicy): string | undefined {
  if (!isLoopback(client)) return LOCAL_REFUSALS.notThisMachine;
  const own = new URL(policy.ownUrl());
  const host = new URL(request.url).host;
  if (!localHosts(own).includes(host.toLowerCase())) return LOCAL_REFUSALS.host(host);
  const origin = request.headers.get('origin');
  if (origin !== null && !allowedOrigins(policy, own).includes(origin)) return LOCAL_REFUSALS.origin(origin);
  return jsonPostRefusal(request);
}

/** The POST rule alone: a POST to a local endpoint must say `application/json`. */
export function jsonPostRefusal(request: Request): string | undefined {
  if (request.method === 'POST' && !JSON_TYPE.test(request.headers.get('content-type') ?? '')) return LOCAL_REFUSALS.postType;
  return undefined;
}

/** The CORS origin to allow for a local endpoint: the caller's, when it is the site's. */
export function localCorsOrigin(origin: string | null | undefined, policy: LocalAccessPolicy): string | undefined {
  return origin && allowedOrigins(policy, new URL(policy.ownUrl())).includes(origin) ? origin : undefined;
}

/** `host:port` values that name this server: its own, and every loopback spelling with its port. */
function localHosts(own: URL): string[] {
  return [own.host.toLowerCase(), ...LOOPBACK_NAMES.map((name) => `${name}:${own.port}`)];
}

/**
 * The site's origins, each also under the other loopback names (a reader may
 * open localhost where the stack was told 127.0.0.1), and the server's own.
 */
function allowedOrigins(policy: LocalAccessPolicy, own: URL): string[] {
  const origins = new Set([own.origin]);
  for (const site of policy.siteOrigins) {
    const url = new URL(site);
    origins.add(url.origin);
    if (LOOPBACK_NAMES.includes(url.hostname)) for (const name of LOOPBACK_NAMES) origins.add(`${url.protocol}//${name}${url.port ? `:${url.port}` : ''}`);
  }
  return [...origins];
}
