import type { Backend } from '../../../lib/backend.ts';
import { apiLabel } from '../../../lib/demo-routes.ts';
import type { ApiName } from '../../../lib/stack-urls.ts';
import { backendReady } from '../../../lib/browser-stack-client.ts';
import type { Trace } from '../../../lib/trace/types.ts';
import { isUnreachable, unreachable } from '../explain.ts';

/**
 * One request to a demo API, and the demo gateway's trace of it. The
 * gateway names the request in `Server-Timing` (`trace;desc="<id>"`) and in
 * `x-amzn-RequestId` (REST) or `apigw-requestid` (HTTP); the trace endpoint
 * answers the site's own pages only.
 */
export interface GatewayRequest {
  api: ApiName;
  /** Path below the API's base URL, e.g. /hello. */
  route: string;
  /** The whole Authorization header value, or null to send none. */
  authorization: string | null;
}

export interface GatewayExchange {
  url: string;
  requestHeaders: [string, string][];
  status: number;
  statusText: string;
  /** What CORS lets the page read; the trace's response hop has them all. */
  responseHeaders: [string, string][];
  body: string;
  ms: number;
  requestId?: string;
  trace?: Trace;
  /** Why there is no trace, when there is none. */
  traceNote?: string;
}

export async function callGateway(backend: Backend, request: GatewayRequest): Promise<GatewayExchange> {
  const base = backend.apis[request.api];
  if (base === null) throw new Error(`This site was built without the ${apiLabel(request.api)}, so there is nothing to call.`);
  await backendReady(backend);
  const url = `${base}${request.route}`;
  const requestHeaders: [string, string][] = request.authorization === null ? [] : [['Authorization', request.authorization]];
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, { headers: requestHeaders, cache: 'no-store' });
  } catch (error) {
    throw new Error(isUnreachable(error) ? unreachable(url, backend) : String(error));
  }
  const body = await response.text();
  const ms = performance.now() - started;
  const requestId = traceIdOf(response.headers) ?? response.headers.get('x-amzn-requestid') ?? response.headers.get('apigw-requestid') ?? undefined;
  const exchange: GatewayExchange = {
    url,
    requestHeaders,
    status: response.status,
    statusText: response.statusText,
    responseHeaders: [...response.headers],
    body,
    ms,
    requestId,
  };
  if (!backend.local)
    return { ...exchange, traceNote: 'API Gateway on AWS keeps no trace a page can fetch: its access logs and CloudWatch hold part of this story.' };
  if (!requestId) return { ...exchange, traceNote: 'The response named no request id, so there is no trace to fetch.' };
  const traced = await fetchTrace(backend.local.traceById, requestId);
  return { ...exchange, ...traced };
}

/** The request id from `Server-Timing: …, trace;desc="<id>"`. */
export function traceIdOf(headers: Headers): string | undefined {
  const timing = headers.get('server-timing');
  return timing ? /(?:^|,)\s*trace;desc="([^"]*)"/.exec(timing)?.[1] : undefined;
}

async function fetchTrace(template: string, requestId: string): Promise<Pick<GatewayExchange, 'trace' | 'traceNote'>> {
  try {
    const response = await fetch(template.replace('{requestId}', encodeURIComponent(requestId)), { cache: 'no-store' });
    if (!response.ok) return { traceNote: `The gateway has no trace for ${requestId} (${response.status}).` };
    return { trace: (await response.json()) as Trace };
  } catch {
    return { traceNote: 'The trace endpoint did not answer; the response above is all there is.' };
  }
}
