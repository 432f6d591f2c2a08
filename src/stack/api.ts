/**
 * The demo APIs: one definition that the local gateway serves now and the AWS
 * deployment in infra/ will deploy later. Everything here exists on AWS under
 * the same name; what only the local stack needs (ports, URL prefixes, the
 * trace) lives in the gateway, not here.
 *
 * User pools are named, not given by id: "demo" is the seeded pool. The stack
 * (locally) or the deployment (on AWS) says which real pool a name stands for.
 */

import { DEMO_ROUTES, type Route } from '../lib/demo-routes.ts';
import type { ApiName, RestStages } from '../lib/stack-urls.ts';

export type { ApiName } from '../lib/stack-urls.ts';
export { DEMO_ROUTES, type HttpMethod, type Route } from '../lib/demo-routes.ts';

export interface ApiDefinition {
  region: string;
  /** Lambda functions, by name. */
  functions: Record<string, FunctionDefinition>;
  /** Every route of the three APIs, each declared once; an API serves the routes that name it. */
  routes: Route[];
  /** REST API with a Cognito user pool authorizer. */
  rest: RestApiDefinition<CognitoUserPoolsAuthorizer>;
  /** HTTP API with a JWT authorizer. */
  http: HttpApiDefinition;
  /** REST API with a JWT authorizer. */
  restJwt: RestApiDefinition<RestJwtAuthorizer>;
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

/** One API's view of the routes it serves. */
export type RestRoute = Route;
export type HttpRoute = Route;

/** API Gateway REST API (v1), Lambda proxy integrations, payload format 1.0. */
export interface RestApiDefinition<A extends CognitoUserPoolsAuthorizer | RestJwtAuthorizer = CognitoUserPoolsAuthorizer> {
  name: string;
  stage: string;
  authorizers: Record<string, A>;
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

/**
 * A REST API's `JWT` authorizer: API Gateway checks the token against each
 * trusted issuer's keys, audiences and required claims, and each method may
 * require scopes.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer.html
 */
export interface RestJwtAuthorizer {
  type: 'JWT';
  identitySource: `method.request.header.${string}`;
  jwtConfiguration: JwtConfiguration;
  /** As for the Cognito authorizer: no result caching. */
  resultTtlSeconds: 0;
}

/** https://docs.aws.amazon.com/apigateway/latest/api/API_JwtConfigurationInput.html */
export interface JwtConfiguration {
  /** The signing algorithms accepted, for every issuer. */
  defaultAlgorithms: JwtAlgorithm[];
  issuers: JwtIssuer[];
}

export type JwtAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512';

/** https://docs.aws.amazon.com/apigateway/latest/api/API_JwtIssuerInput.html */
export interface JwtIssuer {
  /**
   * The `iss` a token must carry, exactly: a URL, or a user pool by the name
   * the stack (or the deployment) gives it, whose issuer URL is known only then.
   */
  issuer: string | { userPool: string };
  /** The token's `aud` must hold one of them: the values, or every app client of a named user pool. */
  audiences: string[] | { appClientsOf: string };
  additionalClaims?: JwtAdditionalClaim[];
}

/** https://docs.aws.amazon.com/apigateway/latest/api/API_JwtAdditionalClaim.html */
export interface JwtAdditionalClaim {
  /** Not `iss`, `aud`, `exp`, `nbf`, `iat`, `scope` or `scp`, which the authorizer checks itself. */
  claimName: string;
  format: 'SINGLE_STRING';
  /** Exact, case-sensitive values; without them any string will do. */
  expectedValues?: string[];
  /** Whether a token without the claim is refused; the default is false. */
  required?: boolean;
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

/** `corsConfiguration`: API Gateway answers preflights and adds these headers itself. */
export interface HttpCorsConfiguration {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

/** The routes one API serves, in the order the definition declares them. */
export function routesOf(definition: Pick<ApiDefinition, 'routes'>, name: ApiName): Route[] {
  return definition.routes.filter((route) => route.apis === undefined || route.apis.includes(name));
}

/** The two REST APIs' stages, which their URLs carry. */
export function restStages(definition: Pick<ApiDefinition, 'rest' | 'restJwt'>): RestStages {
  return { rest: definition.rest.stage, restJwt: definition.restJwt.stage };
}

// The demo APIs answer cross-origin calls from the tutorial site. They
// authenticate with bearer tokens, never cookies, so any origin may call them:
// a page on another origin gains nothing it could not do with its own token.
const ANY_ORIGIN = ['*'];
const EXPOSED = ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amz-apigw-id', 'apigw-requestid'];
const ERROR_CORS_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED.join(',') };
const REST_CORS: RestCorsPreflight = {
  allowOrigins: ANY_ORIGIN,
  allowMethods: ['OPTIONS', 'GET'],
  allowHeaders: ['Content-Type', 'Authorization', 'X-Amz-Date', 'X-Api-Key', 'X-Amz-Security-Token'],
  statusCode: 204,
};
const REST_GATEWAY_RESPONSES = { DEFAULT_4XX: { headers: ERROR_CORS_HEADERS }, DEFAULT_5XX: { headers: ERROR_CORS_HEADERS } };

/** The demo pool, trusted by the REST API's JWT authorizers with its app clients as audiences. */
const DEMO_POOL_ISSUER: JwtIssuer = { issuer: { userPool: 'demo' }, audiences: { appClientsOf: 'demo' } };

/**
 * A second trusted issuer, to show that one JWT authorizer trusts several.
 * Nothing answers at this address: names under `.invalid` never resolve
 * (RFC 6761, section 6.4), so the gateway cannot fetch the issuer's keys and
 * refuses its tokens at the JWKS check, failing closed. Nobody holds a key
 * it would accept.
 */
export const PARTNER_ISSUER = 'https://login.partner.invalid/tenant-1';

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
  routes: DEMO_ROUTES,
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
    cors: REST_CORS,
    gatewayResponses: REST_GATEWAY_RESPONSES,
  },
  http: {
    name: 'token-trail-http',
    stage: '$default',
    authorizers: {
      demo: { type: 'JWT', userPool: 'demo', identitySource: '$request.header.Authorization' },
    },
    cors: {
      allowOrigins: ANY_ORIGIN,
      allowMethods: ['GET', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: EXPOSED,
      maxAgeSeconds: 600,
    },
  },
  restJwt: {
    name: 'token-trail-rest-jwt',
    stage: 'prod',
    authorizers: {
      // ID and access tokens of the demo pool's app clients, and tokens of the partner's.
      demo: {
        type: 'JWT',
        identitySource: 'method.request.header.Authorization',
        jwtConfiguration: {
          defaultAlgorithms: ['RS256', 'ES256'],
          issuers: [DEMO_POOL_ISSUER, { issuer: PARTNER_ISSUER, audiences: ['token-trail'] }],
        },
        resultTtlSeconds: 0,
      },
      // Access tokens only: what neither older authorizer can say for an unscoped method.
      accessTokens: {
        type: 'JWT',
        identitySource: 'method.request.header.Authorization',
        jwtConfiguration: {
          defaultAlgorithms: ['RS256'],
          issuers: [
            { ...DEMO_POOL_ISSUER, additionalClaims: [{ claimName: 'token_use', format: 'SINGLE_STRING', expectedValues: ['access'], required: true }] },
          ],
        },
        resultTtlSeconds: 0,
      },
    },
    cors: REST_CORS,
    gatewayResponses: REST_GATEWAY_RESPONSES,
  },
};
