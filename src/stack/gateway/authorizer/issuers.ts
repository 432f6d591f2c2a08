import type { TrustedUserPool } from '../index.ts';
import { realTimers } from '../timers.ts';
import { JwksSource } from './jwks.ts';
import type { VerificationSettings } from './types.ts';

/** The issuers of the named pools, each with its own key cache, as one authorizer sees them. */
export function trustedIssuers(
  poolNames: readonly string[],
  pools: Readonly<Record<string, TrustedUserPool>>,
  discover: boolean,
  settings: VerificationSettings,
): Map<string, JwksSource> {
  return new Map(
    poolNames.map((name) => {
      const pool = userPool(pools, name);
      const source = new JwksSource({
        issuer: pool.issuer,
        jwksUri: pool.jwksUri,
        discover,
        fetch: settings.fetch,
        now: settings.now,
        timers: settings.timers ?? realTimers,
        ...settings.jwks,
      });
      return [pool.issuer, source];
    }),
  );
}

export function userPool(pools: Readonly<Record<string, TrustedUserPool>>, name: string): TrustedUserPool {
  const pool = pools[name];
  if (!pool) throw new Error(`The API definition names user pool "${name}", but the gateway trusts only: ${Object.keys(pools).join(', ') || 'none'}`);
  return pool;
}
