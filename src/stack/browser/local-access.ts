import { jsonPostRefusal, LOCAL_REFUSALS, type LocalAccessGuard } from '../http/local-access.ts';

/**
 * Who may use the local endpoints (mailbox, key rotation, reset, traces) of
 * the stack in a Service Worker. There is no peer address and no server
 * name to check: the worker sees only its own pages' requests, and
 * navigations to its URLs. So a request must be for the site's own origin,
 * carry no Origin but the site's (a page elsewhere that submits a form here
 * sends its own), and POST as `application/json`; refusals read as the Node
 * stack's.
 */
export function sameOriginGuard(origin: string): LocalAccessGuard {
  const own = new URL(origin).origin;
  return {
    refusal(request) {
      const url = new URL(request.url);
      if (url.origin !== own) return LOCAL_REFUSALS.host(url.host);
      const from = request.headers.get('origin');
      if (from !== null && from !== own) return LOCAL_REFUSALS.origin(from);
      return jsonPostRefusal(request);
    },
    corsOrigin: (from) => (from === own ? from : undefined),
  };
}
