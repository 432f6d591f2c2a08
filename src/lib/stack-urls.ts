/**
 * The one place that builds the demo stack's URLs from its two base URLs:
 * the user pool's and the gateway's. The Node stack (src/stack/stack.ts), the
 * in-browser stack (src/stack/browser/) and the site's build-time
 * configuration (src/config/backend.ts) all take their URLs from here, so the
 * paths a widget calls are the paths the stack serves.
 *
 * Bases have no trailing slash: `http://127.0.0.1:9400`, or for the stack in
 * the reader's browser `https://example.org/token-trail/_stack/cognito`.
 */

/**
 * Where the Node stack listens unless told otherwise (`npm run stack`'s
 * `--host`, `--userpool-port` and `--gateway-port`): the URLs the code
 * snippets name when the site itself talks to the stack in the browser,
 * which curl, Node and the AWS CLI cannot reach.
 */
export const NODE_STACK_DEFAULTS = { host: '127.0.0.1', userPoolPort: 9400, gatewayPort: 9401 } as const;

/** The Node stack's two bases at its default host and ports. */
export function nodeStackDefaultBases(): { userPool: string; gateway: string } {
  const { host, userPoolPort, gatewayPort } = NODE_STACK_DEFAULTS;
  return { userPool: `http://${host}:${userPoolPort}`, gateway: `http://${host}:${gatewayPort}` };
}

/**
 * The paths the gateway serves under its base: one per API (a REST API's
 * stage follows its path), and the local trace endpoints.
 */
export const GATEWAY_PATHS = { rest: '/rest', http: '/http', restJwt: '/rest-jwt', trace: '/_trace' } as const;

/**
 * The three demo APIs: the REST API with a Cognito user pool authorizer, the
 * HTTP API with a JWT authorizer, and the REST API with a JWT authorizer.
 */
export type ApiName = Exclude<keyof typeof GATEWAY_PATHS, 'trace'>;

/** The stages of the two REST APIs; an HTTP API's `$default` stage has no path. */
export interface RestStages {
  rest: string;
  restJwt: string;
}
/**
 * The workshop's endpoints, on the gateway's server when the stack runs for a
 * workshop (`npm run workshop`): participants' progress reports, and the
 * facilitator's API, which takes the facilitator's token alone.
 */
export const WORKSHOP_PATHS = { root: '/_workshop', progress: '/_workshop/progress', facilitator: '/_workshop/facilitator' } as const;

export function workshopUrls(gatewayBase: string): { progress: string; facilitator: string } {
  return { progress: `${gatewayBase}${WORKSHOP_PATHS.progress}`, facilitator: `${gatewayBase}${WORKSHOP_PATHS.facilitator}` };
}

/** The paths the user pool serves under its base, beside Cognito's API (POST to any path). */
export const USER_POOL_PATHS = { local: '/_local' } as const;
/**
 * Where the in-browser stack lives under the site's base path:
 * `<base>_stack/cognito/…`, `<base>_stack/gateway/…`, `POST <base>_stack/reset`;
 * its Service Worker's script is served at `<base>stack-worker.js`.
 */
export const BROWSER_STACK_PATHS = {
  root: '_stack',
  userPool: '_stack/cognito',
  gateway: '_stack/gateway',
  reset: '_stack/reset',
  worker: 'stack-worker.js',
} as const;

export interface StackUrls {
  /** What Amplify's `userPoolEndpoint` takes: the pool's base with a trailing slash. */
  userPoolEndpoint: string;
  /** The `iss` of the pool's tokens when it names itself (`--issuer self`). */
  issuer: string;
  jwksUri: string;
  discovery: string;
  mailbox: string;
  rotateKeys: string;
  apis: Record<ApiName, string>;
  /** `byId` contains the placeholder `{requestId}`. */
  trace: { byId: string; stream: string };
}

export function stackUrls(userPoolBase: string, gatewayBase: string, poolId: string, stages: RestStages): StackUrls {
  return { ...userPoolUrls(userPoolBase, poolId), ...gatewayUrls(gatewayBase, stages) };
}

export function userPoolUrls(userPoolBase: string, poolId: string): Omit<StackUrls, 'apis' | 'trace'> {
  const issuer = `${userPoolBase}/${poolId}`;
  return {
    userPoolEndpoint: `${userPoolBase}/`,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    discovery: `${issuer}/.well-known/openid-configuration`,
    mailbox: `${userPoolBase}${USER_POOL_PATHS.local}/mailbox`,
    rotateKeys: `${userPoolBase}${USER_POOL_PATHS.local}/pools/${poolId}/rotate-keys`,
  };
}

export function gatewayUrls(gatewayBase: string, stages: RestStages): Pick<StackUrls, 'apis' | 'trace'> {
  return {
    apis: {
      rest: `${gatewayBase}${GATEWAY_PATHS.rest}/${stages.rest}`,
      http: `${gatewayBase}${GATEWAY_PATHS.http}`,
      restJwt: `${gatewayBase}${GATEWAY_PATHS.restJwt}/${stages.restJwt}`,
    },
    trace: { byId: `${gatewayBase}${GATEWAY_PATHS.trace}/{requestId}`, stream: `${gatewayBase}${GATEWAY_PATHS.trace}/stream` },
  };
}

/** The in-browser stack's two bases, for a site served at `origin` under `base` (`/` or `/token-trail/`). */
export function browserStackBases(origin: string, base: string): { userPool: string; gateway: string; reset: string } {
  const root = `${origin}${base.endsWith('/') ? base : `${base}/`}`;
  return { userPool: `${root}${BROWSER_STACK_PATHS.userPool}`, gateway: `${root}${BROWSER_STACK_PATHS.gateway}`, reset: `${root}${BROWSER_STACK_PATHS.reset}` };
}

/** Every URL of the in-browser stack, for a site served at `origin` under `base`, and where to reset it. */
export function browserStackUrls(origin: string, base: string, poolId: string, stages: RestStages): StackUrls & { reset: string } {
  const bases = browserStackBases(origin, base);
  return { ...stackUrls(bases.userPool, bases.gateway, poolId, stages), reset: bases.reset };
}

/**
 * The site's origin and base path (`/`, `/token-trail/`) from the URL the
 * stack's Service Worker script was served at (`<base>stack-worker.js`), or
 * undefined when the URL does not end so.
 */
export function browserStackBaseOf(workerScriptUrl: string): { origin: string; base: string } | undefined {
  const url = new URL(workerScriptUrl);
  if (!url.pathname.endsWith(`/${BROWSER_STACK_PATHS.worker}`)) return undefined;
  return { origin: url.origin, base: url.pathname.slice(0, -BROWSER_STACK_PATHS.worker.length) };
}
