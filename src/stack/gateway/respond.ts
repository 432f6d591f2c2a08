import type { MappedResponse } from './lambda/proxy-response-v1.ts';
import type { TraceRecorder } from './trace/recorder.ts';
import type { TraceStore } from './trace/store.ts';

const NULL_BODY_STATUSES = new Set([204, 205, 304]);
const BODY_PREVIEW_BYTES = 64 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Step 7: sends the mapped response and closes the trace. AWS's headers are
 * already in `response`; this adds only what the local trace needs:
 * `Server-Timing` (exposed to pages on other origins, with
 * `Timing-Allow-Origin`, whenever the response allows their origin).
 */
export function respond(response: MappedResponse, trace: TraceRecorder, store: TraceStore, log: (line: string) => void): Response {
  const since = trace.mark();
  const body = typeof response.body === 'string' ? encoder.encode(response.body) : response.body;
  const headers = new Headers(response.headers);
  // A text body within the preview's size is its own preview: only other bodies need decoding, and only
  // when the trace is read (the bytes do not change: a Response takes a copy of them).
  const { status, headers: lines } = response;
  const preview = typeof response.body === 'string' && body.byteLength <= BODY_PREVIEW_BYTES ? response.body : undefined;
  trace.hop(
    'response',
    since,
    status < 400,
    preview === undefined
      ? () => ({ status, headers: lines, body: decoder.decode(body.subarray(0, BODY_PREVIEW_BYTES)), bodyBytes: body.byteLength })
      : { status, headers: lines, body: preview, bodyBytes: body.byteLength },
  );

  headers.set('Server-Timing', trace.serverTiming());
  const allowOrigin = headers.get('access-control-allow-origin');
  if (allowOrigin) {
    const exposed = headers.get('access-control-expose-headers');
    headers.set('Access-Control-Expose-Headers', exposed ? `${exposed},Server-Timing` : 'Server-Timing');
    headers.set('Timing-Allow-Origin', allowOrigin);
  }

  const finished = trace.finish(response.status);
  store.add(finished);
  log(
    `${finished.api} ${finished.method} ${finished.path} ${finished.status} ${finished.durationMs.toFixed(1)} ms ${finished.requestId}${finished.failure ? ` (${finished.failure.check}: ${finished.failure.reason})` : ''}`,
  );
  // Plain-object headers, because Node's adapter gives a Headers object a
  // default content type, and API Gateway's own errors have none. Only
  // repeated set-cookie headers need the Headers object.
  const init = headers.has('set-cookie') ? headers : Object.fromEntries(headers);
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, { status: response.status, headers: init });
}
