import type { CognitoUserPoolsAuthorizer } from '../../api.ts';
import type { TrustedUserPool } from '../index.ts';
import { REST_ERRORS } from '../responses.ts';
import { anyScope, audienceMatches, issuedInPast, notBefore, notExpired, tokenUse, type ClaimRule } from './claims.ts';
import { trustedIssuers } from './issuers.ts';
import type { RouteAuthorizer, VerificationSettings } from './types.ts';
import { verifyToken } from './verifier.ts';

/**
 * A REST API's `COGNITO_USER_POOLS` authorizer. The method decides the kind
 * of token: without OAuth scopes it takes ID tokens only, with scopes it takes
 * access tokens carrying one of them. It checks no audience unless an
 * `identityValidationExpression` is set. Every refusal is a 401; an expired
 * token gets its own message.
 */
export function cognitoUserPoolsAuthorizer(
  definition: CognitoUserPoolsAuthorizer,
  pools: Readonly<Record<string, TrustedUserPool>>,
  settings: VerificationSettings,
): (scopes: readonly string[]) => RouteAuthorizer {
  const issuers = trustedIssuers(definition.userPools, pools, false, settings);
  const headerName = definition.identitySource.slice('method.request.header.'.length);
  const skew = settings.clockSkewSeconds;
  const audience = definition.identityValidationExpression;

  return (scopes) => {
    const claimRules: ClaimRule[] = [
      notExpired(skew),
      notBefore(skew),
      issuedInPast(skew),
      ...(scopes.length > 0 ? [tokenUse('access'), anyScope(scopes)] : [tokenUse('id')]),
      ...(audience === undefined ? [] : [audienceMatches(audience)]),
    ];
    const options = { issuers, claimRules, maxTokenBytes: settings.maxTokenBytes, now: settings.now };

    return async (request, trace) => {
      const verification = await verifyToken({ name: headerName, value: request.headers.get(headerName) }, options, trace);
      const since = trace.mark();
      if (verification.ok) {
        trace.hop('decision', since, true, { allowed: true, tokenUse: verification.payload.token_use ?? null, scopes });
        return { allowed: true, payload: verification.payload };
      }
      const expired = verification.check === 'exp' && typeof verification.payload?.exp === 'number';
      const refusal = expired ? REST_ERRORS.expired : REST_ERRORS.unauthorized;
      trace.hop('decision', since, false, { allowed: false, status: refusal.status, body: refusal.body, check: verification.check });
      return { allowed: false, refusal };
    };
  };
}
