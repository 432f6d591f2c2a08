/**
 * The demo APIs: one definition that the local gateway serves now and the AWS
 * deployment in infra/ will deploy later. Everything here exists on AWS under
 * the same name; what only the local stack needs (ports, URL prefixes, the
 * trace) lives in the gateway, not here.
 *
 * User pools are named, not given by id: "demo" is the seeded pool. The stack
 * (locally) or the deployment (on AWS) says which real pool a name stands for.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface ApiDefinition {
  region: string;
  /** Lambda functions, by name. */
  functions: Record<string, FunctionDefinition>;
  rest: RestApiDefinition;
  http: HttpApiDefinition;
}

export interface FunctionDefinition {
  /** Source file, relative to the repository root. */
  entry: string;
  /** The exported handler, `(event, context) => Promise<result>`. */
  handler: string;
  runtime: 'nodejs24.x';
  memoryMb: number;
  /** Lambda's own timeout; past it the invocation fails with `Task timed out`. */
  timeoutSeconds: number;
  description: string;
}

/** API Gateway REST API (v1), Lambda proxy integrations, payload format 1.0. */
export interface RestApiDefinition {
  name: string;
  stage: string;
  authorizers: Record<string, CognitoUserPoolsAuthorizer>;
  routes: RestRoute[];
  /** Generates an `OPTIONS` mock method on every resource, as CDK's `defaultCorsPreflightOptions` does. */
  cors: RestCorsPreflight;
  /**
   * Headers added to the gateway's own responses (authorizer refusals,
   * integration failures). Without them a browser hides a 401 from the page.
   */
  gatewayResponses: Partial<Record<'DEFAULT_4XX' | 'DEFAULT_5XX', { headers: Record<string, string> }>>;
}

export interface CognitoUserPoolsAuthorizer {
  type: 'COGNITO_USER_POOLS';
  /** The pools whose tokens this authorizer accepts (`providerARNs`). */
  userPools: string[];
  identitySource: `method.request.header.${string}`;
  /** A regular expression the ID token's `aud` must match in full. */
  identityValidationExpression?: string;
  /**
   * `authorizerResultTtlInSeconds`. Zero turns result caching off, so every
   * request is verified in full: the trace shows each check, and a key
   * rotation or a revoked client takes effect at once. The local gateway
   * implements only this setting.
   */
  resultTtlSeconds: 0;
}

export interface RestRoute {
  method: HttpMethod;
  /** Resource path, with `{name}` and `{name+}` parameters as in API Gateway. */
  path: string;
  function: string;
  authorizer?: string;
  /** With scopes, the method takes access tokens carrying one of them; without, ID tokens only. */
  authorizationScopes?: string[];
  /** Integration timeout, 50 to 29,000 ms; API Gateway's default is 29,000. */
  timeoutMs?: number;
}

export interface RestCorsPreflight {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  statusCode: number;
}

/** API Gateway HTTP API (v2), Lambda integrations, payload format 2.0. */
export interface HttpApiDefinition {
  name: string;
  stage: '$default';
  authorizers: Record<string, JwtAuthorizer>;
  routes: HttpRoute[];
  cors: HttpCorsConfiguration;
}

/**
 * A JWT authorizer over a Cognito pool, as CDK's `HttpUserPoolAuthorizer`
 * builds it: the issuer is the pool's, the audience is the pool's app clients.
 */
export interface JwtAuthorizer {
  type: 'JWT';
  userPool: string;
  identitySource: `$request.header.${string}`;
}

export interface HttpRoute {
  method: HttpMethod;
  path: string;
  function: string;
  authorizer?: string;
  authorizationScopes?: string[];
  /** Integration timeout, 50 to 30,000 ms; the default and maximum is 30,000. */
  timeoutMs?: number;
}

/** `corsConfiguration`: API Gateway answers preflights and adds these headers itself. */
export interface HttpCorsConfiguration {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

// The demo APIs answer cross-origin calls from the tutorial site. They
// authenticate with bearer tokens, never cookies, so any origin may call them:
// a page on another origin gains nothing it could not do with its own token.
const ANY_ORIGIN = ['*'];
const EXPOSED = ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amz-apigw-id', 'apigw-requestid'];
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';
const ERROR_CORS_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED.join(',') };

/** The same demo routes on both APIs, so that the tutorial can compare how each judges a token. */
const DEMO_ROUTES: Array<RestRoute & HttpRoute> = [
  { method: 'GET', path: '/public', function: 'public' },
  { method: 'GET', path: '/hello', function: 'hello', authorizer: 'demo' },
  { method: 'GET', path: '/admin', function: 'admin', authorizer: 'demo' },
  { method: 'GET', path: '/scoped', function: 'hello', authorizer: 'demo', authorizationScopes: [ADMIN_SCOPE] },
  { method: 'GET', path: '/faults/error', function: 'fail' },
  { method: 'GET', path: '/faults/timeout', function: 'slow', timeoutMs: 1000 },
  { method: 'GET', path: '/faults/malformed', function: 'malformed' },
];

export const api: ApiDefinition = {
  region: 'us-east-1',
  functions: {
    public: {
      entry: 'src/stack/functions/public.ts',
      handler: 'handler',
      runtime: 'nodejs24.x',
      memoryMb: 128,
      timeoutSeconds: 3,
      description: 'Answers anyone: the route has no authorizer.',
    },
    hello: {
      entry: 'src/stack/functions/hello.ts',
      handler: 'handler',
      runtime: 'nodejs24.x',
      memoryMb: 128,
      timeoutSeconds: 3,
      description: 'Greets the caller and echoes the whole event it received.',
    },
    admin: {
      entry: 'src/stack/functions/admin.ts',
      handler: 'handler',
      runtime: 'nodejs24.x',
      memoryMb: 128,
      timeoutSeconds: 3,
      description: 'Requires the admin group itself: the authorizer only proves who the caller is.',
    },
    fail: {
      entry: 'src/stack/functions/faults.ts',
      handler: 'fail',
      runtime: 'nodejs24.x',
      memoryMb: 128,
      timeoutSeconds: 3,
      description: 'Throws, to show how the gateway maps a function error.',
    },
    slow: {
      entry: 'src/stack/functions/faults.ts',
      handler: 'slow',
      runtime: 'nodejs24.x',
      memoryMb: 128,
      timeoutSeconds: 10,
      description: 'Answers after ?ms= milliseconds (default 3000), to outlast the integration timeout.',
    },
    malformed: {
      entry: 'src/stack/functions/faults.ts',
      handler: 'malformed',
      runtime: 'nodejs24.x',
      memoryMb: 128,
      timeoutSeconds: 3,
      description: 'Answers with a status code that is not a number, which the gateway rejects.',
    },
  },
  rest: {
    name: 'token-trail-rest',
    stage: 'prod',
    authorizers: {
      demo: {
        type: 'COGNITO_USER_POOLS',
        userPools: ['demo'],
        identitySource: 'method.request.header.Authorization',
        resultTtlSeconds: 0,
      },
    },
    routes: DEMO_ROUTES,
    cors: {
      allowOrigins: ANY_ORIGIN,
      allowMethods: ['OPTIONS', 'GET'],
      allowHeaders: ['Content-Type', 'Authorization', 'X-Amz-Date', 'X-Api-Key', 'X-Amz-Security-Token'],
      statusCode: 204,
    },
    gatewayResponses: { DEFAULT_4XX: { headers: ERROR_CORS_HEADERS }, DEFAULT_5XX: { headers: ERROR_CORS_HEADERS } },
  },
  http: {
    name: 'token-trail-http',
    stage: '$default',
    authorizers: {
      demo: { type: 'JWT', userPool: 'demo', identitySource: '$request.header.Authorization' },
    },
    routes: DEMO_ROUTES,
    cors: {
      allowOrigins: ANY_ORIGIN,
      allowMethods: ['GET', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: EXPOSED,
      maxAgeSeconds: 600,
    },
  },
};
