import type { CheckName } from '../../../lib/trace/hops.ts';
import type { JwtAuthorizer } from '../../api.ts';
import type { TrustedUserPool } from '../index.ts';
import { HTTP_ERRORS, invalidToken, type GatewayError } from '../responses.ts';
import { identityHeader, tokenAuthorizer } from './authorize.ts';
import { anyScope, audienceOrClientId, issuedInPast, notBefore, notExpired } from './claims.ts';
import { trustedIssuers, userPool } from './issuers.ts';
import type { RouteAuthorizer, VerificationSettings } from './types.ts';
import { verifiedTokens } from './verified-tokens.ts';

/**
 * An HTTP API's JWT authorizer over a Cognito pool. Like AWS it does not look
 * at `token_use`: an ID token (its `aud` is the app client) and an access
 * token (its `client_id` is) both pass an unscoped route. A missing scope is
 * a 403; every other refusal is a 401 that says why in `www-authenticate`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
export function jwtAuthorizer(
  definition: JwtAuthorizer,
  pools: Readonly<Record<string, TrustedUserPool>>,
  settings: VerificationSettings,
): (scopes: readonly string[]) => RouteAuthorizer {
  const pool = userPool(pools, definition.userPool);
  const issuers = trustedIssuers([definition.userPool], pools, true, settings);
  const skew = settings.clockSkewSeconds;
  const verified = verifiedTokens(settings.verifiedTokens);

  return tokenAuthorizer({
    header: identityHeader(definition.identitySource),
    verifier: (scopes) => ({
      issuers,
      claimRules: [
        audienceOrClientId(() => pool.clientIds),
        notExpired(skew),
        notBefore(skew),
        issuedInPast(skew),
        ...(scopes.length > 0 ? [anyScope(scopes)] : []),
      ],
      maxTokenBytes: settings.maxTokenBytes,
      verified,
      now: settings.now,
    }),
    allowed: (_payload, scopes) => ({ allowed: true, scopes }),
    refusal: (failure, scopes) => refusalFor(failure.check, scopes),
    challenges: true,
  });
}

/**
 * AWS documents two descriptions ("token contains an invalid number of
 * segments" was captured, "the token does not have a valid audience" is in
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html);
 * the others follow their style and are this emulator's wording.
 */
const DESCRIPTIONS: Partial<Record<CheckName, string>> = {
  'token-size': 'the token is too large',
  segments: 'token contains an invalid number of segments',
  base64url: 'token is malformed',
  'token-json': 'token is malformed',
  alg: 'the token signing algorithm is not supported',
  crit: 'the token has an unsupported critical header',
  kid: 'the token does not have a valid key id',
  iss: 'the token does not have a valid issuer',
  jwks: "the issuer's signing keys could not be retrieved",
  signature: 'the token signature is invalid',
  aud: 'the token does not have a valid audience',
  exp: 'the token has expired',
  nbf: 'the token is not valid yet',
  iat: 'the token was issued in the future',
};

function refusalFor(check: CheckName, scopes: readonly string[]): GatewayError {
  if (check === 'scope') return HTTP_ERRORS.forbidden;
  // No token at all: AWS documents no challenge for it, and a third-party measurement saw none.
  if (check === 'identity-source') return HTTP_ERRORS.unauthorized;
  return invalidToken(DESCRIPTIONS[check] ?? 'the token is invalid', scopes);
}
