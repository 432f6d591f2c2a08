import { forwardedHeaders } from './headers.ts';
import { queryValues, type Incoming } from './incoming.ts';
import { requestTime } from './v1.ts';

export interface HttpEventContext {
  incoming: Incoming;
  /** `GET /orders/{id}` */
  routeKey: string;
  pathParameters: Record<string, string> | null;
  body: { text: string; isBase64Encoded: boolean } | null;
  ids: { requestId: string; traceHeader: string };
  api: { accountId: string; apiId: string };
  /** The verified token's claims, as the authorizer hands them on, and its scopes, when the route has an authorizer. */
  authorizer?: { claims: Record<string, string>; scopes: string[] | null };
}

const KEEP_CONTENT_LENGTH: ReadonlySet<string> = new Set(['content-length']);

/**
 * A Lambda event, payload format 2.0: header names in lower case with
 * repeated headers joined by commas, cookies apart, no multi-value maps, and
 * optional keys left out rather than null.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function httpEvent(context: HttpEventContext): Record<string, unknown> {
  const { incoming, ids } = context;
  // A Map, not an object, while collecting: a header may be called __proto__.
  const headers = new Map<string, string>();
  const cookies: string[] = [];
  for (const [name, value] of forwardedHeaders(incoming, ids.traceHeader, KEEP_CONTENT_LENGTH)) {
    const lower = name.toLowerCase();
    const previous = headers.get(lower);
    if (lower === 'cookie') cookies.push(...value.split(/;\s*/).filter((cookie) => cookie !== ''));
    else headers.set(lower, previous === undefined ? value : `${previous},${value}`);
  }
  const query = queryValues(incoming.rawQuery);
  return {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath: incoming.rawPath,
    rawQueryString: incoming.rawQuery,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers: Object.fromEntries(headers),
    ...(query.size > 0 ? { queryStringParameters: Object.fromEntries([...query].map(([name, values]) => [name, values.join(',')])) } : {}),
    ...(context.pathParameters ? { pathParameters: context.pathParameters } : {}),
    requestContext: {
      accountId: context.api.accountId,
      apiId: context.api.apiId,
      ...(context.authorizer ? { authorizer: { jwt: { claims: context.authorizer.claims, scopes: context.authorizer.scopes } } } : {}),
      domainName: incoming.hostname,
      domainPrefix: incoming.hostname.split('.')[0],
      http: {
        method: incoming.method,
        path: incoming.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: incoming.sourceIp,
        userAgent: incoming.userAgent ?? '',
      },
      requestId: ids.requestId,
      routeKey: context.routeKey,
      stage: '$default',
      time: requestTime(incoming.receivedAt),
      timeEpoch: incoming.receivedAt,
    },
    ...(context.body ? { body: context.body.text } : {}),
    isBase64Encoded: context.body?.isBase64Encoded ?? false,
  };
}
