import type { CognitoUserPoolsAuthorizer, RestApiDefinition, RestJwtAuthorizer, Route } from '../../api.ts';
import type { ApiServices } from '../api-services.ts';
import { restPreflightHeaders } from '../cors.ts';
import { restEvent } from '../events/v1.ts';
import { amznTraceId, apigwId, stableId } from '../ids.ts';
import { mapRestProxyResponse } from '../lambda/proxy-response-v1.ts';
import type { Flavour, RequestIds } from '../pipeline.ts';
import { incompleteSignature, REST_ERRORS } from '../responses.ts';
import type { RouteAuthorizer } from '../authorizer/types.ts';

/** What sets one REST API apart from another: its name, its prefix, its authorizers, and how they hand claims on. */
export interface RestFlavourOptions<A extends CognitoUserPoolsAuthorizer | RestJwtAuthorizer> {
  name: Flavour['name'];
  prefix: string;
  definition: RestApiDefinition<A>;
  /** The routes it serves: a deployment of other routes is another deployment. */
  routes: readonly Route[];
  authorizer(name: string, scopes: readonly string[]): RouteAuthorizer;
  /** The verified claims as the event carries them. */
  claims(payload: Readonly<Record<string, unknown>>): Record<string, unknown>;
  eventInferred?: string;
}

// API Gateway's default integration timeout for REST APIs.
const DEFAULT_TIMEOUT_MS = 29_000;
const decoder = new TextDecoder();

/**
 * A REST API (v1) as API Gateway runs it: the stage in the path, Lambda
 * proxy integrations (payload 1.0), `OPTIONS` mock methods for CORS, and its
 * own error responses with `x-amzn-ErrorType` and the definition's gateway
 * response headers. Both REST APIs are this, with their own authorizers.
 */
export function restFlavour<A extends CognitoUserPoolsAuthorizer | RestJwtAuthorizer>(options: RestFlavourOptions<A>, services: ApiServices): Flavour {
  const { definition } = options;
  const apiId = stableId(definition.name, 10);
  const deploymentId = stableId(JSON.stringify({ ...definition, routes: options.routes }), 6);
  // The ids AWS would give each resource, the same after every restart.
  const resourceIds = new Map<string, string>();
  const resourceId = (path: string) => {
    const id = resourceIds.get(path) ?? stableId(`${definition.name} ${path}`, 6);
    resourceIds.set(path, id);
    return id;
  };
  const withIds = (headers: Array<[string, string]>, ids: RequestIds) => {
    headers.push(['x-amzn-RequestId', ids.requestId], ['x-amz-apigw-id', ids.extendedRequestId]);
  };

  return {
    name: options.name,
    base: { prefix: options.prefix, stage: definition.stage },
    defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
    payloadVersion: '1.0',
    eventInferred: options.eventInferred,
    ids: (receivedAt) => ({ requestId: crypto.randomUUID(), extendedRequestId: apigwId(), traceHeader: amznTraceId(receivedAt) }),
    authorizer: options.authorizer,
    mapResponse: mapRestProxyResponse,
    event: ({ incoming, route, pathParameters, body, ids, payload }) =>
      restEvent({
        incoming,
        stage: definition.stage,
        resource: route.path,
        pathParameters,
        body: body === null ? null : decoder.decode(body),
        ids,
        api: { accountId: services.accountId, apiId, resourceId: resourceId(route.path), deploymentId },
        claims: payload === undefined ? undefined : options.claims(payload),
      }),
    errors: {
      noRoute(request, incoming) {
        const authorization = request.headers.get('authorization');
        if (!authorization) return { error: REST_ERRORS.missingToken, reason: `no route matches ${incoming.method} ${incoming.rawPath}` };
        return {
          error: incompleteSignature(authorization, request.headers.has('x-amz-date') || request.headers.has('date')),
          reason: `no route matches ${incoming.method} ${incoming.rawPath}; with an Authorization header present, API Gateway reads it as an AWS Signature V4`,
        };
      },
      tooLarge: REST_ERRORS.tooLarge,
      integrationFailure: REST_ERRORS.integrationFailure,
      integrationTimeout: REST_ERRORS.integrationTimeout,
      response: (error) => ({
        status: error.status,
        headers: [
          ['Content-Type', 'application/json'],
          ...(error.errorType ? [['x-amzn-ErrorType', error.errorType] as [string, string]] : []),
          ...Object.entries(definition.gatewayResponses[error.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX']?.headers ?? {}),
        ],
        body: error.body,
      }),
    },
    cors: {
      // The generated OPTIONS method of a resource: a mock integration, no authorizer, no function.
      preflight(request, path, routes, ids) {
        const resource = path === undefined || request.method !== 'OPTIONS' ? undefined : routes.resource(path);
        if (resource === undefined) return undefined;
        const headers = restPreflightHeaders(definition.cors, request.headers.get('origin'));
        withIds(headers, ids);
        return { resource, response: { status: definition.cors.statusCode, headers, body: '' } };
      },
      // Every answer carries the request ids; a function's answer also the trace id.
      finish(response, ids, _origin, fromFunction) {
        if (fromFunction) response.headers.push(['X-Amzn-Trace-Id', ids.traceHeader]);
        withIds(response.headers, ids);
        return response;
      },
    },
  };
}
