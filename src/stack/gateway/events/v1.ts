import { forwardedHeaders } from './headers.ts';
import { queryValues, type Incoming } from './incoming.ts';

/** What a REST API knows about itself and the request, beyond the request. */
export interface RestEventContext {
  incoming: Incoming;
  stage: string;
  /** The resource path as defined, e.g. `/orders/{id}`. */
  resource: string;
  pathParameters: Record<string, string> | null;
  body: string | null;
  ids: { requestId: string; extendedRequestId: string; traceHeader: string };
  api: { accountId: string; apiId: string; resourceId: string; deploymentId: string };
  /** The verified token's claims as the authorizer hands them on, when the method has one. */
  claims?: Record<string, unknown>;
}

const KEEP_NONE: ReadonlySet<string> = new Set();

/**
 * A Lambda proxy event, payload format 1.0, with the keys and value formats
 * of events recorded on AWS: header names as sent, `null` for absent query
 * strings and path parameters, `path` without the stage and
 * `requestContext.path` with it.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
export function restEvent(context: RestEventContext): Record<string, unknown> {
  const { incoming, ids, api } = context;
  // Maps, not objects, while collecting: a header may be called __proto__.
  const headers = new Map<string, string[]>();
  for (const [name, value] of forwardedHeaders(incoming, ids.traceHeader, KEEP_NONE)) {
    const values = headers.get(name);
    if (values) values.push(value);
    else headers.set(name, [value]);
  }
  const query = queryValues(incoming.rawQuery);
  const stagePath = incoming.rawPath.slice(context.stage.length + 1);
  return {
    resource: context.resource,
    path: stagePath.replace(/^\/+/, '/') || '/',
    httpMethod: incoming.method,
    // The last value wins in `headers`; `multiValueHeaders` has them all.
    headers: Object.fromEntries([...headers].map(([name, values]) => [name, values.at(-1)])),
    multiValueHeaders: Object.fromEntries(headers),
    queryStringParameters: query.size === 0 ? null : Object.fromEntries([...query].map(([name, values]) => [name, values.at(-1)])),
    multiValueQueryStringParameters: query.size === 0 ? null : Object.fromEntries(query),
    pathParameters: context.pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: api.resourceId,
      ...(context.claims ? { authorizer: { claims: context.claims } } : {}),
      resourcePath: context.resource,
      httpMethod: incoming.method,
      extendedRequestId: ids.extendedRequestId,
      requestTime: requestTime(incoming.receivedAt),
      path: incoming.rawPath,
      accountId: api.accountId,
      protocol: 'HTTP/1.1',
      stage: context.stage,
      domainPrefix: incoming.hostname.split('.')[0],
      requestTimeEpoch: incoming.receivedAt,
      requestId: ids.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: incoming.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: incoming.userAgent,
        user: null,
      },
      domainName: incoming.hostname,
      deploymentId: api.deploymentId,
      apiId: api.apiId,
    },
    body: context.body,
    isBase64Encoded: false,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Common Log Format, as API Gateway writes `requestTime` and `time`: `26/Nov/2025:02:45:21 +0000`. */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
