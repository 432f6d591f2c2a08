/**
 * A `fetch` that never leaves the process: it hands each request to `route`
 * and fails, as an unreachable host fails, for a URL `route` does not take.
 * The in-browser gateway fetches the pool's JWKS with it: inside a Service
 * Worker a real fetch of the worker's own URL would go to the network, not
 * to the worker. The request's signal is honoured, so the gateway's fetch
 * timeout still applies.
 */
export function inProcessFetch(route: (request: Request) => Promise<Response | undefined>): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    let stop: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      stop = () => reject(signal.reason);
      signal.addEventListener('abort', stop, { once: true });
    });
    try {
      const response = await Promise.race([route(request), aborted]);
      if (!response) throw new TypeError(`fetch failed: ${request.url} is not served in this process`);
      return response;
    } finally {
      signal.removeEventListener('abort', stop!);
    }
  };
}
