import type { JwtIssuer } from '../../api.ts';
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
      return [pool.issuer, keySource(pool.issuer, pool.jwksUri, discover, settings)];
    }),
  );
}

/** One issuer's key cache, with the settings' limits. Without a JWKS URL, only discovery can find the keys. */
export function keySource(issuer: string, jwksUri: string | undefined, discover: boolean, settings: VerificationSettings): JwksSource {
  const source = new JwksSource({
    issuer,
    jwksUri,
    discover,
    fetch: settings.fetch,
    now: settings.now,
    timers: settings.timers ?? realTimers,
    unreachable: settings.jwksUnreachable,
    ...settings.jwks,
  });
  settings.sources?.add(source);
  return source;
}

export function userPool(pools: Readonly<Record<string, TrustedUserPool>>, name: string): TrustedUserPool {
  const pool = pools[name];
  if (!pool) throw new Error(`The API definition names user pool "${name}", but the gateway trusts only: ${Object.keys(pools).join(', ') || 'none'}`);
  return pool;
}

/**
 * A REST JWT authorizer's issuer as the gateway knows it: its `iss`, where
 * its keys are (a pool's configured JWKS URL, or discovery alone for an
 * issuer given by URL), and the audiences it accepts, read at each request
 * so that a pool's app clients may change.
 */
export function jwtIssuer(
  definition: JwtIssuer,
  pools: Readonly<Record<string, TrustedUserPool>>,
): { issuer: string; jwksUri: string | undefined; audiences: () => readonly string[] } {
  const pool = typeof definition.issuer === 'string' ? undefined : userPool(pools, definition.issuer.userPool);
  const { audiences } = definition;
  const clients = Array.isArray(audiences) ? undefined : userPool(pools, audiences.appClientsOf);
  return {
    issuer: pool?.issuer ?? (definition.issuer as string),
    jwksUri: pool?.jwksUri,
    audiences: clients ? () => clients.clientIds : () => audiences as string[],
  };
}
