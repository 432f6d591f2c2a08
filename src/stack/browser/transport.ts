import type { ClientInfo } from '../http/types.ts';

/**
 * What stands in for the network between a page and the stack in its
 * Service Worker: the client every request comes from, and the Date header
 * every answer gets. One module, so that the tests that run the gateway in a
 * Service Worker of their own (tests/conformance/browser/gateway-worker.ts)
 * see the answers exactly as the stack's worker sends them.
 */

/**
 * The peer every request to the worker comes from. There is no socket: a
 * Service Worker sees only its own pages' requests (and navigations). The
 * gateway reports it as the Lambda event's `sourceIp`.
 */
export const WORKER_CLIENT: ClientInfo = { remoteAddress: '127.0.0.1' };

/** A `Date` header, as every HTTP server sends (Node's adds one to the Node stack's answers). */
export function dated(response: Response, now: number): Response {
  if (response.headers.has('date')) return response;
  const date = new Date(now).toUTCString();
  try {
    response.headers.set('date', date);
    return response;
  } catch {
    // Headers of a response that came from elsewhere may be immutable.
    const headers = new Headers(response.headers);
    headers.set('date', date);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
