import type { RouteDetail } from '../../lib/trace/details.ts';
import type { ApiName, Route } from '../api.ts';
import { readBody, receive, type ApiServices } from './api-services.ts';
import type { RouteAuthorizer } from './authorizer/types.ts';
import type { GatewayClientInfo, Incoming } from './events/incoming.ts';
import { FAULT_INTEGRATION_TIMEOUT_MS } from './faults.ts';
import { integrate, type FunctionRuntime } from './integration.ts';
import type { MappedResponse, ProxyMapping } from './lambda/proxy-response-v1.ts';
import { respond } from './respond.ts';
import type { GatewayError } from './responses.ts';
import { Routes } from './routes.ts';

/**
 * The one way a request goes through the gateway, in the tutorial's order:
 * received → route → authorize → event → integrate → respond. Every API
 * runs it; what differs between the three is a `Flavour`: its base path, its
 * error catalogue, its authorizers, its Lambda event, how it reads a
 * function's answer, and its CORS.
 */
export interface Flavour {
  /** The API's name in traces. */
  name: ApiName;
  /** Where the API lives on the gateway's port: its prefix, and for a REST API the stage its paths begin with. */
  base: { prefix: string; stage?: string };
  /** The integration timeout of a route that sets none. */
  defaultTimeoutMs: number;
  /** The request's ids, in the shapes this API uses. */
  ids(receivedAt: number): RequestIds;
  errors: ErrorCatalogue;
  /** The authorizer of that name in this API, for a route with these scopes. */
  authorizer(name: string, scopes: readonly string[]): RouteAuthorizer;
  event: EventBuilder;
  /** Reads a function's answer in the API's proxy format. */
  mapResponse(payload: unknown): ProxyMapping;
  cors: CorsPolicy;
  /** Lambda payload format. */
  payloadVersion: '1.0' | '2.0';
  /** Said in the `lambda-event` hop when where the event puts something is this gateway's choice. */
  eventInferred?: string;
}

export interface RequestIds {
  requestId: string;
  /** `x-amz-apigw-id` and a REST event's `extendedRequestId`; an HTTP API's request id is of this shape. */
  extendedRequestId: string;
  /** `X-Amzn-Trace-Id`, as the gateway would start it. */
  traceHeader: string;
}

/** The answers the API makes by itself, and how it dresses each. */
export interface ErrorCatalogue {
  /** No route for the request: the answer and why, for the trace. */
  noRoute(request: Request, incoming: Incoming): { error: GatewayError; reason: string };
  tooLarge: GatewayError;
  integrationFailure: GatewayError;
  integrationTimeout: GatewayError;
  /** A gateway error as the API sends it: its content type, error-type header, challenge or gateway-response headers. */
  response(error: GatewayError): MappedResponse;
}

/** What every answer of the API gets: its ids, and CORS headers where the API adds them. */
export interface CorsPolicy {
  /** A preflight the API answers itself, ready to send; undefined for any other request. */
  preflight(
    request: Request,
    path: string | undefined,
    routes: Routes<PreparedRoute>,
    ids: RequestIds,
  ): { resource: string | null; response: MappedResponse } | undefined;
  /** Any other answer, ids and CORS headers added (`fromFunction`: the function's own answer, not the gateway's). */
  finish(response: MappedResponse, ids: RequestIds, origin: string | null, fromFunction: boolean): MappedResponse;
}

export type EventBuilder = (context: EventContext) => Record<string, unknown>;

/** What an API's event builder has to work with. */
export interface EventContext {
  request: Request;
  incoming: Incoming;
  route: PreparedRoute;
  pathParameters: Record<string, string> | null;
  body: Uint8Array | null;
  ids: RequestIds;
  /** The verified token's payload, on a route with an authorizer. */
  payload?: Record<string, unknown>;
}

/** A route of the definition with what serving it needs, resolved once when the API is set up. */
export interface PreparedRoute {
  method: string;
  path: string;
  route: Route;
  fn: FunctionRuntime;
  authorize?: RouteAuthorizer;
  timeoutMs: number;
  /** The `route` hop's details, the same for every request. */
  detail: Extract<RouteDetail, { outcome: 'matched' }>;
}

export function prepareRoutes(flavour: Flavour, routes: readonly Route[], services: ApiServices): Routes<PreparedRoute> {
  return new Routes(
    routes.map((route) => {
      const timeoutMs = route.timeoutMs ?? flavour.defaultTimeoutMs;
      return {
        method: route.method,
        path: route.path,
        route,
        fn: services.functionNamed(route.function),
        authorize: route.authorizer === undefined ? undefined : flavour.authorizer(route.authorizer, route.authorizationScopes ?? []),
        timeoutMs,
        detail: {
          outcome: 'matched',
          resource: route.path,
          method: route.method,
          routeKey: `${route.method} ${route.path}`,
          function: route.function,
          authorizer: route.authorizer ?? null,
          authorizationScopes: route.authorizationScopes ?? [],
          timeoutMs,
        },
      };
    }),
  );
}

/** The request handler of one API. */
export function pipeline(
  flavour: Flavour,
  routes: Routes<PreparedRoute>,
  services: ApiServices,
): (request: Request, client: GatewayClientInfo) => Promise<Response> {
  const { prefix, stage } = flavour.base;
  const stagePrefix = stage === undefined ? undefined : `/${stage}`;

  return async (request, client) => {
    // Received.
    const receivedAt = services.now();
    const ids = flavour.ids(receivedAt);
    const { incoming, trace } = receive(flavour.name, ids.requestId, request, client, prefix, receivedAt);
    const origin = request.headers.get('origin');
    const send = (response: MappedResponse, fromFunction = false) =>
      respond(flavour.cors.finish(response, ids, origin, fromFunction), trace, services.store, services.log);
    const refuse = (error: GatewayError) => send(flavour.errors.response(error));

    // Route.
    let since = trace.mark();
    const path = stagePrefix === undefined ? incoming.rawPath : withinStage(incoming.rawPath, stagePrefix);
    const preflight = flavour.cors.preflight(request, path, routes, ids);
    if (preflight) {
      trace.hop('route', since, true, { outcome: 'preflight', resource: preflight.resource });
      return respond(preflight.response, trace, services.store, services.log);
    }
    const matched = path === undefined ? undefined : routes.match(incoming.method, path);
    if (!matched) {
      const detail: RouteDetail = { outcome: 'no-route', method: incoming.method, path: path ?? incoming.rawPath };
      if (stage !== undefined) detail.stage = path === undefined ? null : stage;
      trace.hop('route', since, false, detail);
      const { error, reason } = flavour.errors.noRoute(request, incoming);
      trace.fail('route', 'route', reason);
      return refuse(error);
    }
    const prepared = matched.route;
    trace.hop('route', since, true, prepared.detail);

    // Authorize.
    let payload: Record<string, unknown> | undefined;
    if (prepared.authorize) {
      const pending = prepared.authorize(request, trace);
      const decision = pending instanceof Promise ? await pending : pending;
      if (!decision.allowed) return refuse(decision.refusal);
      payload = decision.payload;
    }

    // Event.
    since = trace.mark();
    const body = await readBody(request, services.maxBodyBytes);
    if (body === 'too large') {
      trace.fail('received', 'request-size', `the body is larger than API Gateway's ${services.maxBodyBytes} bytes`);
      return refuse(flavour.errors.tooLarge);
    }
    const { pathParameters } = matched;
    const context: EventContext = { request, incoming, route: prepared, pathParameters, body, ids, payload };
    // A new event each time, from values nothing changes: the event builders copy what they take, but for path
    // parameters, which get a copy of their own here. The trace's copy is built only if the trace is read.
    const buildEvent = () => flavour.event(pathParameters === null ? context : { ...context, pathParameters: { ...pathParameters } });

    // Integrate.
    const result = await integrate(prepared.fn, buildEvent, invocationOptions(flavour, prepared, ids, services), flavour.mapResponse, trace, since);
    if (!result.ok) return refuse(result.failure.kind === 'timeout' ? flavour.errors.integrationTimeout : flavour.errors.integrationFailure);

    // Respond.
    return send(result.response, true);
  };
}

/** The path below the stage, or undefined when the request names another stage (or none). */
function withinStage(rawPath: string, stagePrefix: string): string | undefined {
  if (rawPath === stagePrefix) return '/';
  return rawPath.startsWith(`${stagePrefix}/`) ? rawPath.slice(stagePrefix.length) : undefined;
}

function invocationOptions(flavour: Flavour, route: PreparedRoute, ids: RequestIds, services: ApiServices): Parameters<typeof integrate>[2] {
  return {
    payloadVersion: flavour.payloadVersion,
    timeoutMs: services.faults.functionTimeout ? Math.min(route.timeoutMs, FAULT_INTEGRATION_TIMEOUT_MS) : route.timeoutMs,
    region: services.region,
    accountId: services.accountId,
    requestId: ids.requestId,
    log: services.log,
    timers: services.timers,
    inferred: flavour.eventInferred,
  };
}
