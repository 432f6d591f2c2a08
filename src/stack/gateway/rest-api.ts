import type { RestApiDefinition } from '../api.ts';
import type { RouteAuthorizer } from './authorizer/types.ts';
import { restPreflightHeaders } from './cors.ts';
import type { GatewayClientInfo } from './events/incoming.ts';
import { restEvent } from './events/v1.ts';
import { amznTraceId, apigwId, stableId } from './ids.ts';
import { integrate } from './integration.ts';
import { mapRestProxyResponse, type MappedResponse } from './lambda/proxy-response-v1.ts';
import { prepareRoutes, readBody, receive, type ApiServices } from './api-services.ts';
import { respond } from './respond.ts';
import { incompleteSignature, REST_ERRORS, type GatewayError } from './responses.ts';
import { Routes } from './routes.ts';
import { GATEWAY_PATHS } from '../../lib/stack-urls.ts';

/** URL prefix of the REST API on the gateway's port; the stage follows it. */
export const REST_PREFIX = GATEWAY_PATHS.rest;

// API Gateway's default integration timeout for REST APIs.
const DEFAULT_TIMEOUT_MS = 29_000;


/**
 * A REST API (v1) as API Gateway runs it: stage in the path, routes with
 * Cognito user pool authorizers, Lambda proxy integrations (payload 1.0), and
 * its own error responses with `x-amzn-ErrorType`.
 */
export function restApi(
  definition: RestApiDefinition,
  services: ApiServices,
  authorizerFor: (name: string, scopes: readonly string[]) => RouteAuthorizer,
): (request: Request, client: GatewayClientInfo) => Promise<Response> {
  const routes = new Routes(
    prepareRoutes(definition.routes, services, authorizerFor).map((prepared) => ({ ...prepared, resourceId: stableId(`${definition.name} ${prepared.path}`, 6) })),
  );
  const apiId = stableId(definition.name, 10);
  const deploymentId = stableId(JSON.stringify(definition), 6);
  const stagePrefix = `/${definition.stage}`;

  return async (request, client) => {
    const receivedAt = services.now();
    const ids = { requestId: crypto.randomUUID(), extendedRequestId: apigwId(), traceHeader: amznTraceId(receivedAt) };
    const { incoming, trace } = receive('rest', ids.requestId, request, client, REST_PREFIX, receivedAt);

    // Every REST response carries the request ids; Lambda answers also the trace id.
    const finish = (response: MappedResponse) => {
      response.headers.push(['x-amzn-RequestId', ids.requestId], ['x-amz-apigw-id', ids.extendedRequestId]);
      return respond(response, trace, services.store, services.log);
    };
    const gatewayError = (error: GatewayError) => {
      const kind = error.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
      return finish({
        status: error.status,
        headers: [
          ['Content-Type', 'application/json'],
          ...(error.errorType ? [['x-amzn-ErrorType', error.errorType] as [string, string]] : []),
          ...Object.entries(definition.gatewayResponses[kind]?.headers ?? {}),
        ],
        body: error.body,
      });
    };

    let since = trace.mark();
    const inStage = incoming.rawPath === stagePrefix || incoming.rawPath.startsWith(`${stagePrefix}/`);
    const path = inStage ? incoming.rawPath.slice(stagePrefix.length) || '/' : undefined;
    const origin = request.headers.get('origin');
    if (path !== undefined && incoming.method === 'OPTIONS' && routes.resource(path) !== undefined) {
      trace.hop('route', since, true, { resource: routes.resource(path), preflight: true });
      return finish({ status: definition.cors.statusCode, headers: restPreflightHeaders(definition.cors, origin), body: '' });
    }
    const matched = path === undefined ? undefined : routes.match(incoming.method, path);
    if (!matched) {
      trace.hop('route', since, false, { stage: inStage ? definition.stage : null, method: incoming.method, path: path ?? incoming.rawPath });
      const authorization = request.headers.get('authorization');
      if (authorization) {
        trace.fail('route', 'route', `no route matches ${incoming.method} ${incoming.rawPath}; with an Authorization header present, API Gateway reads it as an AWS Signature V4`);
        return gatewayError(incompleteSignature(authorization, request.headers.has('x-amz-date') || request.headers.has('date')));
      }
      trace.fail('route', 'route', `no route matches ${incoming.method} ${incoming.rawPath}`);
      return gatewayError(REST_ERRORS.missingToken);
    }
    const { route, fn, authorize, resourceId } = matched.route;
    const timeoutMs = route.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    trace.hop('route', since, true, {
      resource: route.path,
      method: route.method,
      function: route.function,
      authorizer: route.authorizer ?? null,
      authorizationScopes: route.authorizationScopes ?? [],
      timeoutMs,
    });

    let payload: Record<string, unknown> | undefined;
    if (authorize) {
      const decision = await authorize(request, trace);
      if (!decision.allowed) return gatewayError(decision.refusal);
      payload = decision.payload;
    }

    since = trace.mark();
    const body = await readBody(request, services.maxBodyBytes);
    if (body === 'too large') {
      trace.fail('received', 'request-size', `the body is larger than API Gateway's ${services.maxBodyBytes} bytes`);
      return gatewayError(REST_ERRORS.tooLarge);
    }
    const event = restEvent({
      incoming,
      stage: definition.stage,
      resource: route.path,
      pathParameters: matched.pathParameters,
      body: body === null ? null : new TextDecoder().decode(body),
      ids,
      api: { accountId: services.accountId, apiId, resourceId, deploymentId },
      payload,
    });
    const result = await integrate(
      fn,
      event,
      { payloadVersion: '1.0', timeoutMs, region: services.region, accountId: services.accountId, requestId: ids.requestId, log: services.log, timers: services.timers },
      mapRestProxyResponse,
      trace,
      since,
    );
    if (!result.ok) return gatewayError(result.failure.kind === 'timeout' ? REST_ERRORS.integrationTimeout : REST_ERRORS.integrationFailure);
    result.response.headers.push(['X-Amzn-Trace-Id', ids.traceHeader]);
    return finish(result.response);
  };
}
