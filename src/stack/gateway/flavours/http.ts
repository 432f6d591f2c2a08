import type { HttpApiDefinition } from '../../api.ts';
import type { ApiServices } from '../api-services.ts';
import { scopesOf } from '../authorizer/claims.ts';
import type { RouteAuthorizer } from '../authorizer/types.ts';
import { applyHttpCors, httpPreflightHeaders, isPreflight } from '../cors.ts';
import { httpClaims } from '../events/claims-format.ts';
import { httpEvent } from '../events/v2.ts';
import { amznTraceId, apigwId, stableId } from '../ids.ts';
import { mapHttpProxyResponse } from '../lambda/proxy-response-v2.ts';
import type { Flavour } from '../pipeline.ts';
import { HTTP_ERRORS } from '../responses.ts';
import { bytesToBase64 } from '../../../lib/bytes.ts';

// An HTTP API waits at most 30 s for an integration, and that is the default.
const DEFAULT_TIMEOUT_MS = 30_000;

// Payload 2.0 carries a body as text for these types and base64 for others.
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|application\/[^;]*\+(json|xml))/i;
const decoder = new TextDecoder();

/**
 * An HTTP API (v2) as API Gateway runs it: no stage in the path (`$default`),
 * JWT authorizers, Lambda integrations with payload 2.0, automatic CORS from
 * its configuration, and terse error responses without a content type.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html
 */
export function httpFlavour(
  definition: HttpApiDefinition,
  prefix: string,
  authorizer: (name: string, scopes: readonly string[]) => RouteAuthorizer,
  services: ApiServices,
): Flavour {
  const apiId = stableId(definition.name, 10);
  const withId = (headers: Array<[string, string]>, requestId: string): Array<[string, string]> => [...headers, ['apigw-requestid', requestId]];

  return {
    name: 'http',
    base: { prefix },
    defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
    payloadVersion: '2.0',
    ids: (receivedAt) => {
      const requestId = apigwId();
      return { requestId, extendedRequestId: requestId, traceHeader: amznTraceId(receivedAt) };
    },
    authorizer,
    mapResponse: mapHttpProxyResponse,
    event: ({ request, incoming, route, pathParameters, body, ids, payload }) => {
      const textual = TEXT_TYPES.test(request.headers.get('content-type') ?? '');
      return httpEvent({
        incoming,
        routeKey: route.detail.routeKey,
        pathParameters,
        body: body === null ? null : textual ? { text: decoder.decode(body), isBase64Encoded: false } : { text: bytesToBase64(body), isBase64Encoded: true },
        ids,
        api: { accountId: services.accountId, apiId },
        // `scopes` lists the token's scopes on a scoped route, and is null on others.
        authorizer:
          payload === undefined ? undefined : { claims: httpClaims(payload), scopes: route.route.authorizationScopes?.length ? scopesOf(payload) : null },
      });
    },
    errors: {
      noRoute: (_request, incoming) => ({ error: HTTP_ERRORS.notFound, reason: `no route matches ${incoming.method} ${incoming.rawPath}` }),
      tooLarge: HTTP_ERRORS.tooLarge,
      integrationFailure: HTTP_ERRORS.integrationFailure,
      integrationTimeout: HTTP_ERRORS.integrationTimeout,
      // No content type on the gateway's own answers, as AWS sends them.
      response: (error) => ({ status: error.status, headers: error.wwwAuthenticate ? [['www-authenticate', error.wwwAuthenticate]] : [], body: error.body }),
    },
    cors: {
      // The API answers every preflight itself, whatever the path.
      preflight(request, _path, _routes, ids) {
        if (!isPreflight(request)) return undefined;
        return {
          resource: null,
          response: { status: 204, headers: withId(httpPreflightHeaders(definition.cors, request.headers.get('origin')), ids.requestId), body: '' },
        };
      },
      // The API's CORS headers replace any the function sent.
      finish: (response, ids, origin) => ({ ...response, headers: withId(applyHttpCors(definition.cors, origin, response.headers), ids.requestId) }),
    },
  };
}
