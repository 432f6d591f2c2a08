import type { Backend } from '../../lib/backend.ts';

/**
 * Whether a request of the playground's sandbox goes to this page's stack,
 * and so may be sent: Cognito's API (a POST to the pool's endpoint), the
 * pool's keys and discovery document, or a path under one of the two APIs.
 * Not the demo stacks' local endpoints (mailbox, traces, key rotation,
 * reset), which are the site's own tools, not the tutorial's subject.
 *
 * URLs are compared once parsed, so `rest/prod/../../_trace` is the trace
 * endpoint it names, not a path under the API.
 */
export function isStackRequest(url: URL, method: string, backend: Backend): boolean {
  const href = url.href;
  const pool = backend.userPoolEndpoint ?? `https://cognito-idp.${backend.region}.amazonaws.com/`;
  if (method === 'POST' && href === pool) return true;
  if ((method === 'GET' || method === 'HEAD') && (href === backend.jwksUri || href === `${backend.issuer}/.well-known/openid-configuration`)) return true;
  return [backend.apis.rest, backend.apis.http].some((api) => href.startsWith(`${api}/`));
}
