import type { CognitoUserPoolsAuthorizer } from '../../api.ts';
import type { TrustedUserPool } from '../index.ts';
import { REST_ERRORS } from '../responses.ts';
import { identityHeader, tokenAuthorizer } from './authorize.ts';
import { anyScope, audienceMatches, issuedInPast, notBefore, notExpired, tokenUse } from './claims.ts';
import { trustedIssuers } from './issuers.ts';
import type { RouteAuthorizer, VerificationSettings } from './types.ts';
import { verifiedTokens } from './verified-tokens.ts';

/**
 * A REST API's `COGNITO_USER_POOLS` authorizer. The method decides the kind
 * of token: without OAuth scopes it takes ID tokens only, with scopes it takes
 * access tokens carrying one of them. It checks no audience unless an
 * `identityValidationExpression` is set. Every refusal is a 401; an expired
 * token gets its own message.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
 */
export function cognitoUserPoolsAuthorizer(
  definition: CognitoUserPoolsAuthorizer,
  pools: Readonly<Record<string, TrustedUserPool>>,
  settings: VerificationSettings,
): (scopes: readonly string[]) => RouteAuthorizer {
  const issuers = trustedIssuers(definition.userPools, pools, false, settings);
  const skew = settings.clockSkewSeconds;
  const audience = definition.identityValidationExpression;
  const verified = verifiedTokens(settings.verifiedTokens);

  return tokenAuthorizer({
    header: identityHeader(definition.identitySource),
    verifier: (scopes) => ({
      issuers,
      claimRules: [
        notExpired(skew),
        notBefore(skew),
        issuedInPast(skew),
        ...(scopes.length > 0 ? [tokenUse('access'), anyScope(scopes)] : [tokenUse('id')]),
        ...(audience === undefined ? [] : [audienceMatches(audience)]),
      ],
      maxTokenBytes: settings.maxTokenBytes,
      verified,
      now: settings.now,
    }),
    allowed: (payload, scopes) => ({ allowed: true, tokenUse: payload.token_use ?? null, scopes }),
    refusal: (failure) => (failure.check === 'exp' && typeof failure.payload?.exp === 'number' ? REST_ERRORS.expired : REST_ERRORS.unauthorized),
  });
}
