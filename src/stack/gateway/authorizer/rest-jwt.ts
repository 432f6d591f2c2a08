import type { JwtAdditionalClaim, RestJwtAuthorizer } from '../../api.ts';
import type { TrustedUserPool } from '../index.ts';
import type { GatewayError } from '../responses.ts';
import { identityHeader, tokenAuthorizer } from './authorize.ts';
import { additionalClaim, anyScope, audienceOrClientId, issuedInPast, notBefore, notExpired, type ClaimRule } from './claims.ts';
import { jwtIssuer, keySource } from './issuers.ts';
import type { JwksSource } from './jwks.ts';
import type { RouteAuthorizer, VerificationSettings } from './types.ts';
import { verifiedTokens } from './verified-tokens.ts';

/**
 * What AWS leaves unsaid about the REST API's JWT authorizer, and what this
 * gateway does there: one table, so that a choice is changed in one place
 * once AWS documents it or someone measures it. Each note is shown in the
 * trace, on the hop where the choice applies.
 * Documented: https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer.html
 * and the pages it links (methods and scopes, claims, keys).
 */
export const REST_JWT_INFERRED = {
  /**
   * The token alone, or after `Bearer `. AWS documents a header identity
   * source only; the HTTP API's JWT authorizer documents both forms.
   */
  bearer: {
    accepted: true,
    note: 'inferred: AWS documents only that the token is read from the identity-source header; like the HTTP API, this gateway takes the bare token or "Bearer <token>"',
  },
  /**
   * A token without `aud` is held to its `client_id`, as the HTTP API does
   * (Cognito access tokens carry no `aud`). AWS documents only `aud`.
   */
  clientIdFallback: {
    enabled: true,
    note: 'inferred: AWS documents only aud; like the HTTP API, this gateway checks client_id when the token has no aud (Cognito access tokens have none)',
  },
  /** Every refusal but a scope miss: the REST API's default UNAUTHORIZED gateway response. */
  unauthorized: {
    status: 401,
    body: '{"message":"Unauthorized"}',
    errorType: 'UnauthorizedException',
  } satisfies GatewayError,
  /** A valid token without any of the method's scopes: AWS documents the 403, not its body. */
  forbidden: {
    status: 403,
    body: '{"message":"Forbidden"}',
    errorType: 'AccessDeniedException',
  } satisfies GatewayError,
  refusalNote:
    "inferred: AWS documents a 403 for a missing scope and no other status or body; this gateway answers as the REST API's default UNAUTHORIZED (401) and ACCESS_DENIED (403) gateway responses",
  /** Claims keep their JSON types (documented); that they sit at requestContext.authorizer.claims is not. */
  eventNote:
    'inferred: AWS documents that claims keep their JSON types, not where the event holds them; this gateway puts them at requestContext.authorizer.claims, as the Cognito authorizer does',
} as const;

// Claims the authorizer checks itself, which an additional claim may not name.
// https://docs.aws.amazon.com/apigateway/latest/api/API_JwtAdditionalClaim.html
const RESERVED_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'scope', 'scp']);

/**
 * A REST API's `JWT` authorizer: every issuer of its `jwtConfiguration` is
 * trusted with its own keys (found by OpenID discovery, kept up to an hour,
 * refetched for an unseen kid), its own audiences and its own additional
 * claims; `defaultAlgorithms` applies to all. A method's scopes are checked
 * last, and a token without any of them gets a 403.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer.html
 */
export function restJwtAuthorizer(
  definition: RestJwtAuthorizer,
  pools: Readonly<Record<string, TrustedUserPool>>,
  settings: VerificationSettings,
): (scopes: readonly string[]) => RouteAuthorizer {
  const { defaultAlgorithms, issuers: trusted } = definition.jwtConfiguration;
  const skew = settings.clockSkewSeconds;
  const issuers = new Map<string, JwksSource>();
  const issuerRules = new Map<string, ClaimRule[]>();
  const verified = verifiedTokens(settings.verifiedTokens);
  for (const entry of trusted) {
    const { issuer, jwksUri, audiences } = jwtIssuer(entry, pools);
    if (issuers.has(issuer)) throw new Error(`The JWT authorizer lists the issuer ${issuer} twice`);
    checkClaims(issuer, entry.additionalClaims ?? []);
    issuers.set(issuer, keySource(issuer, jwksUri, true, settings));
    const { enabled, note } = REST_JWT_INFERRED.clientIdFallback;
    issuerRules.set(issuer, [
      notExpired(skew),
      notBefore(skew),
      issuedInPast(skew),
      audienceOrClientId(audiences, { clientIdFallback: enabled, inferred: note }),
      ...(entry.additionalClaims ?? []).map(additionalClaim),
    ]);
  }

  return tokenAuthorizer({
    header: identityHeader(definition.identitySource),
    verifier: (scopes) => ({
      issuers,
      claimRules: new Map([...issuerRules].map(([issuer, rules]) => [issuer, scopes.length > 0 ? [...rules, anyScope(scopes)] : rules])),
      maxTokenBytes: settings.maxTokenBytes,
      verified,
      now: settings.now,
      algorithms: defaultAlgorithms,
      trusts: 'issuer',
      bearer: REST_JWT_INFERRED.bearer.accepted,
      headerInferred: REST_JWT_INFERRED.bearer.note,
    }),
    allowed: (_payload, scopes) => ({ allowed: true, scopes }),
    refusal: (failure) => (failure.check === 'scope' ? REST_JWT_INFERRED.forbidden : REST_JWT_INFERRED.unauthorized),
    inferred: REST_JWT_INFERRED.refusalNote,
  });
}

/** The rules AWS sets on additional claims, checked when the gateway starts rather than per request. */
function checkClaims(issuer: string, claims: readonly JwtAdditionalClaim[]): void {
  const names = new Set<string>();
  for (const { claimName, expectedValues } of claims) {
    if (claimName === '' || RESERVED_CLAIMS.has(claimName))
      throw new Error(`The JWT authorizer's issuer ${issuer} may not require the claim ${JSON.stringify(claimName)}`);
    if (names.has(claimName)) throw new Error(`The JWT authorizer's issuer ${issuer} names the claim ${claimName} twice`);
    if (expectedValues?.includes('')) throw new Error(`The JWT authorizer's issuer ${issuer} expects an empty value of ${claimName}`);
    names.add(claimName);
  }
}
