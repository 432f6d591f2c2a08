/**
 * The demo APIs' routes, declared once: the gateway serves them (through the
 * API definition in src/stack/api.ts) and the API-call widget offers them.
 * Here, not in the stack, because a page imports it: nothing of the stack
 * itself may reach a page's JavaScript.
 */
import type { ApiName } from './stack-urls.ts';

/**
 * The three demo APIs, in the tutorial's order, as the site names them:
 * which API, and which authorizer judges its tokens. Each is a different
 * answer to "which token does this route take?"; the widgets offer them by
 * these names.
 */
export const DEMO_APIS: Record<ApiName, { api: string; authorizer: string }> = {
  rest: { api: 'REST API (v1)', authorizer: 'Cognito authorizer' },
  http: { api: 'HTTP API (v2)', authorizer: 'JWT authorizer' },
  restJwt: { api: 'REST API (v1)', authorizer: 'JWT authorizer' },
};

export const API_NAMES = Object.keys(DEMO_APIS) as ApiName[];

/** "REST API (v1), Cognito authorizer": an API as a widget names it. */
export function apiLabel(name: ApiName): string {
  return `${DEMO_APIS[name].api}, ${DEMO_APIS[name].authorizer}`;
}

/** The GET routes one API serves, in the order they are declared. */
export function getRoutesOf(name: ApiName): Route[] {
  return DEMO_ROUTES.filter((route) => route.method === 'GET' && (route.apis === undefined || route.apis.includes(name)));
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * A method on a resource (REST) or a route (HTTP), with a Lambda proxy
 * integration: payload 1.0 on the REST APIs, 2.0 on the HTTP API.
 */
export interface Route {
  method: HttpMethod;
  /** Resource path, with `{name}` and `{name+}` parameters as in API Gateway. */
  path: string;
  function: string;
  /** The APIs that serve the route; by default all three. */
  apis?: readonly ApiName[];
  /** The authorizer of that name in each API that serves the route. */
  authorizer?: string;
  /**
   * The Cognito authorizer takes access tokens carrying one of them, and
   * without scopes ID tokens only; the JWT authorizers take any token and
   * check its `scope` or `scp` claim.
   */
  authorizationScopes?: string[];
  /** Integration timeout: 50 to 29,000 ms on a REST API (the default 29,000), at most 30,000 on an HTTP API (the default). */
  timeoutMs?: number;
  /** What the route shows, in a few words. */
  summary?: string;
}

const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * Every demo route, once. The three APIs serve the same routes, so that the
 * tutorial can compare how each judges the same token; `/access` exists on
 * the REST API with a JWT authorizer only.
 */
export const DEMO_ROUTES: Route[] = [
  { method: 'GET', path: '/public', function: 'public', summary: 'no authorizer' },
  { method: 'GET', path: '/hello', function: 'hello', authorizer: 'demo', summary: 'authorizer; echoes the event' },
  { method: 'GET', path: '/admin', function: 'admin', authorizer: 'demo', summary: 'the function wants admins' },
  { method: 'GET', path: '/scoped', function: 'hello', authorizer: 'demo', authorizationScopes: [ADMIN_SCOPE], summary: 'needs a scope' },
  { method: 'GET', path: '/access', function: 'hello', authorizer: 'accessTokens', apis: ['restJwt'], summary: 'access tokens only: token_use must be access' },
  { method: 'GET', path: '/faults/error', function: 'fail', summary: 'the function throws' },
  { method: 'GET', path: '/faults/timeout', function: 'slow', timeoutMs: 1000, summary: 'the function is too slow' },
  { method: 'GET', path: '/faults/malformed', function: 'malformed', summary: 'the function answers badly' },
];
