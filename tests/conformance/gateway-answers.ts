/**
 * The gateway's own answers as AWS sends them: status, exact body, and the
 * exact set of headers, each with its value or its format. Runtime-neutral:
 * the attack corpus runs these checks in Node and in Chromium, and
 * tests/gateway/fixtures/expect.ts hands the other gateway tests the same
 * ones.
 *
 * What the way from the gateway to the client adds is a `Transport`: Node's
 * HTTP adapter adds Date, Connection, Keep-Alive and Content-Length; the
 * in-browser stack's Service Worker adds Date; a handler called in process
 * adds nothing. Every other header must be exactly the gateway's.
 */
import type { CheckName } from '../../src/lib/trace/hops.ts';
import type { Trace } from '../../src/lib/trace/types.ts';
import { deepEqual, equal, match, ok } from './check.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const APIGW_ID = /^[A-Za-z0-9]{15}=$/;
export const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export const REST_UNAUTHORIZED = { status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' };
export const REST_EXPIRED = { status: 401, body: '{"message":"The incoming token has expired"}', errorType: 'UnauthorizedException' };
/** The REST API's JWT authorizer, for a valid token without any of the method's scopes (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html): AWS documents the 403; its body is the default ACCESS_DENIED gateway response's. */
export const REST_FORBIDDEN = { status: 403, body: '{"message":"Forbidden"}', errorType: 'AccessDeniedException' };
export const REST_MISSING_TOKEN = { status: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException' };
export const HTTP_UNAUTHORIZED = { status: 401, body: '{"message":"Unauthorized"}' };

/** What the definition's CORS says a page on another origin may read (src/stack/api.ts), and Server-Timing, which the gateway adds. */
export const EXPOSED_HEADERS = 'x-amzn-RequestId,x-amzn-ErrorType,x-amz-apigw-id,apigw-requestid,Server-Timing';

export type Expected = string | RegExp | ((value: string) => void);

/** The headers the way from the gateway's handler to the client adds to every answer. */
export interface Transport {
  name: string;
  headers: Readonly<Record<string, Expected>>;
  /** Whether a Content-Length with the body's exact byte length comes with an answer that has a body. */
  contentLength: boolean;
}

/** Over a loopback socket, after the Node adapter that serves readers (src/stack/http/listen.ts; tests/gateway/adapter.test.ts). */
export const NODE_WIRE: Transport = {
  name: 'Node HTTP',
  headers: { date: HTTP_DATE, connection: 'keep-alive', 'keep-alive': 'timeout=65', 'content-length': /^\d+$/ },
  contentLength: true,
};
/** From the stack's Service Worker to a page's fetch: the worker dates every answer, as a server would (src/stack/browser/browser-stack.ts). */
export const SERVICE_WORKER: Transport = { name: 'Service Worker', headers: { date: HTTP_DATE }, contentLength: false };
/** The handler's Response itself. */
export const IN_PROCESS: Transport = { name: 'in process', headers: {}, contentLength: false };

/**
 * The response has exactly these headers (names in any case), each with this
 * value, matching this pattern, or passing this check, and the transport's
 * (a `content-length: null` says the answer has none, as a 204).
 */
export function assertHeaders(response: Response, expected: Record<string, Expected | null>, transport: Transport): void {
  const wanted = new Map<string, Expected>(Object.entries(transport.headers));
  for (const [name, value] of Object.entries(expected)) {
    if (value === null) wanted.delete(name.toLowerCase());
    else wanted.set(name.toLowerCase(), value);
  }
  const names = [...response.headers.keys()];
  deepEqual(names, [...wanted.keys()].sort(), 'the header names');
  for (const [name, value] of wanted) {
    const actual = response.headers.get(name) ?? '';
    if (typeof value === 'string') equal(actual, value, name);
    else if (value instanceof RegExp) match(actual, value, name);
    else value(actual);
  }
}

/** `Server-Timing`: one entry per tutorial step the request went through, the total, and the request id. */
export function serverTiming(requestId: () => string): (value: string) => void {
  return (value) => {
    const entries = value.split(', ');
    equal(entries.at(-1), `trace;desc="${requestId()}"`, 'server-timing: the trace');
    match(entries.at(-2) ?? '', /^total;dur=\d+\.\d{3}$/, 'server-timing: the total');
    for (const entry of entries.slice(0, -2))
      match(entry, /^step[3-7];dur=\d+\.\d{3};desc="(call-api|authorizer|lambda|lambda-response|response)"$/, 'server-timing: a step');
  };
}

const contentLength = (body: string) => String(new TextEncoder().encode(body).byteLength);

/**
 * A REST API gateway response: JSON, `x-amzn-ErrorType` when AWS sends one,
 * both request ids, the DEFAULT_4XX/5XX CORS headers of the definition
 * whatever the request's origin, and nothing else.
 */
export async function assertRestError(response: Response, expected: { status: number; body: string; errorType?: string }, transport: Transport): Promise<void> {
  equal(response.status, expected.status, 'the status');
  const body = await response.text();
  equal(body, expected.body, 'the body');
  const requestId = () => response.headers.get('x-amzn-requestid') ?? '';
  assertHeaders(
    response,
    {
      'content-type': 'application/json',
      ...(expected.errorType ? { 'x-amzn-errortype': expected.errorType } : {}),
      'x-amzn-requestid': UUID,
      'x-amz-apigw-id': APIGW_ID,
      'access-control-allow-origin': '*',
      'access-control-expose-headers': EXPOSED_HEADERS,
      'timing-allow-origin': '*',
      'server-timing': serverTiming(requestId),
      ...(transport.contentLength ? { 'content-length': contentLength(body) } : {}),
    },
    transport,
  );
}

/**
 * An HTTP API gateway response: no content type, `apigw-requestid`,
 * `www-authenticate` when given, the CORS headers only when the request came
 * from an allowed origin (`cors`), and nothing else.
 */
export async function assertHttpError(
  response: Response,
  expected: { status: number; body: string; wwwAuthenticate?: string | null; cors?: boolean | { origin: string } },
  transport: Transport,
): Promise<void> {
  equal(response.status, expected.status, 'the status');
  const body = await response.text();
  equal(body, expected.body, 'the body');
  const requestId = () => response.headers.get('apigw-requestid') ?? '';
  assertHeaders(
    response,
    {
      'apigw-requestid': APIGW_ID,
      ...(expected.wwwAuthenticate ? { 'www-authenticate': expected.wwwAuthenticate } : {}),
      ...(expected.cors ? httpCors(expected.cors === true ? '*' : expected.cors.origin) : {}),
      'server-timing': serverTiming(requestId),
      ...(transport.contentLength ? { 'content-length': contentLength(body) } : {}),
    },
    transport,
  );
}

/** The CORS headers an HTTP API adds for an allowed origin: `*`, or the origin itself and `vary`. */
function httpCors(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    'timing-allow-origin': origin,
    ...(origin === '*' ? {} : { vary: 'origin' }),
  };
}

export function httpInvalidToken(description: string, scopes = ''): string {
  return `Bearer scope="${scopes}" error="invalid_token" error_description="${description}"`;
}

/** The trace names the check that refused the request, and the hop it failed in is marked failed. */
export function assertRefusedBy(trace: Trace, check: CheckName): void {
  ok(trace.failure, 'the trace names no failure');
  equal(trace.failure.check, check, `refused by ${trace.failure.check}: ${trace.failure.reason}`);
  ok(trace.failure.reason.length > 0, 'the failure has a reason');
  const hop = trace.hops.find((candidate) => candidate.name === trace.failure?.hop);
  ok(hop, `no ${trace.failure.hop} hop`);
  equal(hop.ok, false, `the ${hop.name} hop failed`);
}
