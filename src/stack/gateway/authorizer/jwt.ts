import type { CheckName } from '../../../lib/trace/hops.ts';
import type { JwtAuthorizer } from '../../api.ts';
import type { TrustedUserPool } from '../index.ts';
import { HTTP_ERRORS, invalidToken, type GatewayError } from '../responses.ts';
import { anyScope, audienceOrClientId, issuedInPast, notBefore, notExpired, type ClaimRule } from './claims.ts';
import { trustedIssuers, userPool } from './issuers.ts';
import type { RouteAuthorizer, VerificationSettings } from './types.ts';
import { verifyToken } from './verifier.ts';

/**
 * An HTTP API's JWT authorizer over a Cognito pool. Like AWS it does not look
 * at `token_use`: an ID token (its `aud` is the app client) and an access
 * token (its `client_id` is) both pass an unscoped route. A missing scope is
 * a 403; every other refusal is a 401 that says why in `www-authenticate`.
 */
export function jwtAuthorizer(
  definition: JwtAuthorizer,
  pools: Readonly<Record<string, TrustedUserPool>>,
  settings: VerificationSettings,
): (scopes: readonly string[]) => RouteAuthorizer {
  const pool = userPool(pools, definition.userPool);
  const issuers = trustedIssuers([definition.userPool], pools, true, settings);
  const headerName = definition.identitySource.slice('$request.header.'.length);
  const skew = settings.clockSkewSeconds;

  return (scopes) => {
    const claimRules: ClaimRule[] = [
      audienceOrClientId(() => pool.clientIds),
      notExpired(skew),
      notBefore(skew),
      issuedInPast(skew),
      ...(scopes.length > 0 ? [anyScope(scopes)] : []),
    ];
    const options = { issuers, claimRules, maxTokenBytes: settings.maxTokenBytes, now: settings.now };

    return async (request, trace) => {
      const verification = await verifyToken({ name: headerName, value: request.headers.get(headerName) }, options, trace);
      const since = trace.mark();
      if (verification.ok) {
        trace.hop('decision', since, true, { allowed: true, scopes });
        return { allowed: true, payload: verification.payload };
      }
      const refusal = refusalFor(verification.check, scopes);
      trace.hop('decision', since, false, { allowed: false, status: refusal.status, body: refusal.body, wwwAuthenticate: refusal.wwwAuthenticate ?? null, check: verification.check });
      return { allowed: false, refusal };
    };
  };
}

/**
 * AWS documents two descriptions ("token contains an invalid number of
 * segments" was captured, "the token does not have a valid audience" is in the
 * docs); the others follow their style and are this emulator's wording.
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
  // No token at all: AWS sends no www-authenticate (measured by floci).
  if (check === 'identity-source') return HTTP_ERRORS.unauthorized;
  return invalidToken(DESCRIPTIONS[check] ?? 'the token is invalid', scopes);
}
