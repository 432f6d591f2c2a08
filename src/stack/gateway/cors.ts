import type { HttpCorsConfiguration, RestCorsPreflight } from '../api.ts';

/** The `Access-Control-Allow-Origin` value for a request's origin; undefined without an allowed origin. */
export function allowedOrigin(allowOrigins: readonly string[], origin: string | null): string | undefined {
  if (origin === null) return undefined;
  if (allowOrigins.includes('*')) return '*';
  return allowOrigins.includes(origin) ? origin : undefined;
}

/**
 * A REST API's generated `OPTIONS` method: a mock integration that answers
 * with the configured headers (CDK's `defaultCorsPreflightOptions`).
 */
export function restPreflightHeaders(cors: RestCorsPreflight, origin: string | null): Array<[string, string]> {
  const allow = allowedOrigin(cors.allowOrigins, origin);
  return [
    ['Content-Type', 'application/json'],
    ['Access-Control-Allow-Headers', cors.allowHeaders.join(',')],
    ...(allow ? [['Access-Control-Allow-Origin', allow] as [string, string]] : []),
    ...(allow && allow !== '*' ? [['Vary', 'Origin'] as [string, string]] : []),
    ['Access-Control-Allow-Methods', cors.allowMethods.join(',')],
  ];
}

/** Whether an HTTP API answers this request as a CORS preflight itself. */
export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');
}

/** An HTTP API's automatic preflight answer. A disallowed origin gets no CORS headers. */
export function httpPreflightHeaders(cors: HttpCorsConfiguration, origin: string | null): Array<[string, string]> {
  const allow = allowedOrigin(cors.allowOrigins, origin);
  if (!allow) return [];
  return [
    ['access-control-allow-origin', allow],
    ['access-control-allow-methods', cors.allowMethods.join(',')],
    ['access-control-allow-headers', cors.allowHeaders.join(',')],
    ['access-control-max-age', String(cors.maxAgeSeconds)],
    ...(allow !== '*' ? [['vary', 'origin'] as [string, string]] : []),
  ];
}

/**
 * An HTTP API with a CORS configuration replaces whatever CORS headers the
 * function sent with its own.
 */
export function applyHttpCors(cors: HttpCorsConfiguration, origin: string | null, headers: Array<[string, string]>): Array<[string, string]> {
  const kept = headers.filter(([name]) => !name.toLowerCase().startsWith('access-control-'));
  const allow = allowedOrigin(cors.allowOrigins, origin);
  if (!allow) return kept;
  return [
    ...kept,
    ['access-control-allow-origin', allow],
    ...(cors.exposeHeaders.length > 0 ? [['access-control-expose-headers', cors.exposeHeaders.join(',')] as [string, string]] : []),
    ...(allow !== '*' ? [['vary', 'origin'] as [string, string]] : []),
  ];
}
