import { Hono } from 'hono';
import { GATEWAY_PATHS, gatewayUrls } from '../../lib/stack-urls.ts';
import { api, restStages, routesOf, type ApiDefinition, type ApiName } from '../api.ts';
import type { LocalAccess } from '../http/local-access.ts';
import type { FetchHandler } from '../http/types.ts';
import type { StackInfo } from '../stack-info.ts';
import type { ApiServices } from './api-services.ts';
import type { JwksSource } from './authorizer/jwks.ts';
import { faultableHandler, noFaults, type GatewayFaults } from './faults.ts';
import { cognitoUserPoolsAuthorizer } from './authorizer/cognito-user-pools.ts';
import { jwtAuthorizer } from './authorizer/jwt.ts';
import { REST_JWT_INFERRED, restJwtAuthorizer } from './authorizer/rest-jwt.ts';
import type { RouteAuthorizer, VerificationSettings } from './authorizer/types.ts';
import { restClaims, typedClaims } from './events/claims-format.ts';
import type { GatewayClientInfo } from './events/incoming.ts';
import { httpFlavour } from './flavours/http.ts';
import { restFlavour } from './flavours/rest.ts';
import type { FunctionRuntime } from './integration.ts';
import { loadHandler, type HandlerLoader } from './lambda/loader.ts';
import { pipeline, prepareRoutes, type Flavour } from './pipeline.ts';
import { TRACE_PREFIX, traceEndpoints } from './trace/endpoints.ts';
import { TraceStore } from './trace/store.ts';
import { realTimers, type Timers } from './timers.ts';

export type { ApiDefinition } from '../api.ts';
export type { GatewayClientInfo } from './events/incoming.ts';
export type { HandlerLoader } from './lambda/loader.ts';
export type { GatewayFaults } from './faults.ts';
export type { Trace } from '../../lib/trace/types.ts';

export interface TrustedUserPool {
  userPoolId: string;
  issuer: string;
  jwksUri: string;
  clientIds: string[];
}

export interface GatewayOptions {
  /** Trusted user pools keyed by the name the API definition uses for them (the seeded demo pool is called "demo"). */
  userPools: Record<string, TrustedUserPool>;
  /** Default: the checked-in definition, src/stack/api.ts. */
  definition?: ApiDefinition;
  /** ms clock, for tests. */
  now?: () => number;
  /**
   * What everything that waits waits on: the integration timeouts, the JWKS
   * fetch timeout and the trace stream's keep-alive. Default: the global
   * timers; tests pass a scheduler they fire by hand.
   */
  timers?: Timers;
  /** For JWKS and discovery; defaults to the global fetch. */
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** Allowed clock difference for exp, nbf and iat, seconds. Default 0, as AWS documents none. */
  clockSkewSeconds?: number;
  /** Cap on the token's size before any parsing, bytes. Default 10,240, API Gateway's limit for all headers. */
  maxTokenBytes?: number;
  /** JWKS caching. Defaults: keys kept 1 h at most, refetch at most every 10 s, fetch timeout 1500 ms, 150,000 bytes. */
  jwks?: Partial<VerificationSettings['jwks']>;
  /** How many verified tokens each authorizer keeps, to spare decoding and verifying them again (authorizer/verified-tokens.ts). Default 1000; 0 keeps none. */
  verifiedTokens?: number;
  /** How many recent traces to keep. Default 100: the site reads a trace right after its request. */
  traceLimit?: number;
  /**
   * Who may read the traces: this machine, under the gateway's own name, from
   * the tutorial site's pages; or, in a Service Worker, a guard of its own.
   */
  local: LocalAccess;
  /**
   * Where the functions' handlers come from. Default: an `import()` of each
   * definition's `entry` file; a bundle passes the modules it holds
   * (`staticHandlerLoader`).
   */
  loadHandler?: HandlerLoader;
  /** The fault switches, read at every request; default all off. The gateway keeps this object and `Gateway.faults` is it. */
  faults?: GatewayFaults;
}

export interface Gateway {
  handler: FetchHandler;
  /** URLs for stack.json given the gateway's base URL, e.g. http://127.0.0.1:9401 */
  urls(baseUrl: string): Pick<StackInfo, 'apis' | 'trace'>;
  /** The fault switches: change a field and the next request sees it. */
  faults: GatewayFaults;
  /** Empties every authorizer's key cache and cooldown: the next token fetches its issuer's keys at once. */
  forgetKeys(): void;
  /**
   * Fetches every trusted issuer's keys now, so that a room's first hundred
   * tokens do not all wait on (and, on a busy machine, time out on) the
   * first fetch. Resolves once each fetch has succeeded or failed.
   */
  warmKeys(): Promise<void>;
  /** The recent traces, and every new one as it is stored: what a workshop's facilitator watches. */
  traces: Pick<TraceStore, 'get' | 'subscribe'>;
  /** Stop timers, end SSE streams. */
  close(): void;
}

// A placeholder account, as in AWS's documentation.
const ACCOUNT_ID = '123456789012';
// API Gateway's payload limit.
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The local API Gateway: the REST API with the Cognito authorizer under
 * /rest/<stage>, the HTTP API under /http, the REST API with the JWT
 * authorizer under /rest-jwt/<stage>, the trace endpoints under /_trace (this
 * machine and the site only), and a plain 404 for anything else.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const definition = options.definition ?? api;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? realTimers;
  const log = options.log ?? (() => {});
  const store = new TraceStore(options.traceLimit ?? 100);
  const faults = options.faults ?? noFaults();
  const sources = new Set<JwksSource>();
  const settings: VerificationSettings = {
    fetch: options.fetch ?? fetch,
    now,
    timers,
    clockSkewSeconds: options.clockSkewSeconds ?? 0,
    maxTokenBytes: options.maxTokenBytes ?? 10_240,
    jwks: { maxAgeMs: 3_600_000, cooldownMs: 10_000, timeoutMs: 1500, maxBytes: 150_000, ...options.jwks },
    verifiedTokens: options.verifiedTokens,
    jwksUnreachable: () => faults.jwksUnreachable,
    sources,
  };
  const load = options.loadHandler ?? loadHandler;
  const functions = new Map<string, FunctionRuntime>(
    Object.entries(definition.functions).map(([name, fn]) => [name, { name, definition: fn, handler: faultableHandler(load(fn), faults, timers) }]),
  );
  const services: ApiServices = {
    region: definition.region,
    accountId: ACCOUNT_ID,
    now,
    log,
    timers,
    store,
    maxBodyBytes: MAX_BODY_BYTES,
    faults,
    functionNamed(name) {
      const fn = functions.get(name);
      if (!fn) throw new Error(`The API definition routes to function "${name}", which it does not declare`);
      return fn;
    },
  };

  const pools = options.userPools;
  const flavours: Record<ApiName, Flavour> = {
    rest: restFlavour(
      {
        name: 'rest',
        prefix: GATEWAY_PATHS.rest,
        definition: definition.rest,
        routes: routesOf(definition, 'rest'),
        authorizer: authorizers(definition.rest.authorizers, (a) => cognitoUserPoolsAuthorizer(a, pools, settings)),
        claims: restClaims,
      },
      services,
    ),
    http: httpFlavour(
      definition.http,
      GATEWAY_PATHS.http,
      authorizers(definition.http.authorizers, (a) => jwtAuthorizer(a, pools, settings)),
      services,
    ),
    restJwt: restFlavour(
      {
        name: 'restJwt',
        prefix: GATEWAY_PATHS.restJwt,
        definition: definition.restJwt,
        routes: routesOf(definition, 'restJwt'),
        authorizer: authorizers(definition.restJwt.authorizers, (a) => restJwtAuthorizer(a, pools, settings)),
        claims: typedClaims,
        eventInferred: REST_JWT_INFERRED.eventNote,
      },
      services,
    ),
  };
  const traces = traceEndpoints(store, options.local, timers);

  const app = new Hono<{ Bindings: GatewayClientInfo }>();
  for (const [name, flavour] of Object.entries(flavours) as Array<[ApiName, Flavour]>) {
    const serve = pipeline(flavour, prepareRoutes(flavour, routesOf(definition, name), services), services);
    app.all(flavour.base.prefix, (c) => serve(c.req.raw, c.env));
    app.all(`${flavour.base.prefix}/*`, (c) => serve(c.req.raw, c.env));
  }
  app.route(TRACE_PREFIX, traces.app);
  app.notFound((c) => c.text('Not Found', 404));
  app.onError((error, c) => {
    // A bug, never a client's doing: say nothing about it to the client.
    log(`gateway error: ${error.stack ?? String(error)}`);
    return c.text('Internal Server Error', 500);
  });

  return {
    handler: (request, client) => app.fetch(request, client),
    urls: (baseUrl) => gatewayUrls(baseUrl, restStages(definition)),
    faults,
    forgetKeys() {
      for (const source of sources) source.forget();
    },
    async warmKeys() {
      await Promise.allSettled([...sources].map((source) => source.prefetch()));
    },
    traces: store,
    close() {
      traces.close();
    },
  };
}

/** Builds each named authorizer once, so that its key cache is shared by its routes. */
function authorizers<A>(
  definitions: Record<string, A>,
  build: (definition: A) => (scopes: readonly string[]) => RouteAuthorizer,
): (name: string, scopes: readonly string[]) => RouteAuthorizer {
  const built = new Map(Object.entries(definitions).map(([name, definition]) => [name, build(definition)]));
  return (name, scopes) => {
    const authorizer = built.get(name);
    if (!authorizer) throw new Error(`The API definition names authorizer "${name}", which it does not declare`);
    return authorizer(scopes);
  };
}
