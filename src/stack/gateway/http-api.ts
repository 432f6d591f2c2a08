import type { HttpApiDefinition } from '../api.ts';
import { scopesOf } from './authorizer/claims.ts';
import type { RouteAuthorizer } from './authorizer/types.ts';
import { applyHttpCors, httpPreflightHeaders, isPreflight } from './cors.ts';
import type { GatewayClientInfo } from './events/incoming.ts';
import { httpEvent } from './events/v2.ts';
import { amznTraceId, apigwId, stableId } from './ids.ts';
import { prepareRoutes, readBody, receive, type ApiServices } from './api-services.ts';
import { integrate } from './integration.ts';
import type { MappedResponse } from './lambda/proxy-response-v1.ts';
import { mapHttpProxyResponse } from './lambda/proxy-response-v2.ts';
import { respond } from './respond.ts';
import { HTTP_ERRORS, type GatewayError } from './responses.ts';
import { Routes } from './routes.ts';
import { GATEWAY_PATHS } from '../../lib/stack-urls.ts';

/** URL prefix of the HTTP API on the gateway's port (its `$default` stage has no path of its own). */
export const HTTP_PREFIX = GATEWAY_PATHS.http;

// An HTTP API waits at most 30 s for an integration, and that is the default.
const DEFAULT_TIMEOUT_MS = 30_000;

// Payload 2.0 carries a body as text for these types and base64 for others.
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|application\/[^;]*\+(json|xml))/i;

/**
 * An HTTP API (v2) as API Gateway runs it: JWT authorizers, Lambda
 * integrations with payload 2.0, automatic CORS from its configuration, and
 * terse error responses without a content type.
 */
export function httpApi(
  definition: HttpApiDefinition,
  services: ApiServices,
  authorizerFor: (name: string, scopes: readonly string[]) => RouteAuthorizer,
): (request: Request, client: GatewayClientInfo) => Promise<Response> {
  const routes = new Routes(prepareRoutes(definition.routes, services, authorizerFor));
  const apiId = stableId(definition.name, 10);

  return async (request, client) => {
    const receivedAt = services.now();
    const ids = { requestId: apigwId(), traceHeader: amznTraceId(receivedAt) };
    const { incoming, trace } = receive('http', ids.requestId, request, client, HTTP_PREFIX, receivedAt);

    const origin = request.headers.get('origin');
    const finish = (response: MappedResponse) => {
      response.headers = [...applyHttpCors(definition.cors, origin, response.headers), ['apigw-requestid', ids.requestId]];
      return respond(response, trace, services.store, services.log);
    };
    // No content type on the gateway's own answers, as AWS sends them.
    const gatewayError = (error: GatewayError) =>
      finish({ status: error.status, headers: error.wwwAuthenticate ? [['www-authenticate', error.wwwAuthenticate]] : [], body: error.body });

    let since = trace.mark();
    if (isPreflight(request)) {
      trace.hop('route', since, true, { preflight: true });
      const headers = httpPreflightHeaders(definition.cors, origin);
      return respond({ status: 204, headers: [...headers, ['apigw-requestid', ids.requestId]], body: '' }, trace, services.store, services.log);
    }
    const matched = routes.match(incoming.method, incoming.rawPath);
    if (!matched) {
      trace.hop('route', since, false, { method: incoming.method, path: incoming.rawPath });
      trace.fail('route', 'route', `no route matches ${incoming.method} ${incoming.rawPath}`);
      return gatewayError(HTTP_ERRORS.notFound);
    }
    const { route, fn, authorize } = matched.route;
    const routeKey = `${route.method} ${route.path}`;
    const timeoutMs = route.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    trace.hop('route', since, true, {
      routeKey,
      function: route.function,
      authorizer: route.authorizer ?? null,
      authorizationScopes: route.authorizationScopes ?? [],
      timeoutMs,
    });

    let authorizer: { payload: Record<string, unknown>; scopes: string[] | null } | undefined;
    if (authorize) {
      const decision = await authorize(request, trace);
      if (!decision.allowed) return gatewayError(decision.refusal);
      // `scopes` lists the token's scopes on a scoped route, and is null on others.
      authorizer = { payload: decision.payload, scopes: route.authorizationScopes?.length ? scopesOf(decision.payload) : null };
    }

    since = trace.mark();
    const body = await readBody(request, services.maxBodyBytes);
    if (body === 'too large') {
      trace.fail('received', 'request-size', `the body is larger than API Gateway's ${services.maxBodyBytes} bytes`);
      return gatewayError(HTTP_ERRORS.tooLarge);
    }
    const textual = TEXT_TYPES.test(request.headers.get('content-type') ?? '');
    const event = httpEvent({
      incoming,
      routeKey,
      pathParameters: matched.pathParameters,
      body: body === null ? null : textual ? { text: new TextDecoder().decode(body), isBase64Encoded: false } : { text: toBase64(body), isBase64Encoded: true },
      ids,
      api: { accountId: services.accountId, apiId },
      authorizer,
    });
    const result = await integrate(
      fn,
      event,
      { payloadVersion: '2.0', timeoutMs, region: services.region, accountId: services.accountId, requestId: ids.requestId, log: services.log, timers: services.timers },
      mapHttpProxyResponse,
      trace,
      since,
    );
    if (!result.ok) return gatewayError(result.failure.kind === 'timeout' ? HTTP_ERRORS.integrationTimeout : HTTP_ERRORS.integrationFailure);
    return finish(result.response);
  };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
