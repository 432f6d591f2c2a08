/**
 * The user pool that infra/ deploys, taken from what the local pool seeds,
 * so that the two cannot drift apart: the seed's pool, app client and
 * groups (src/stack/userpool/seed.json), Cognito's default password policy
 * and the client defaults the local pool applies (token lifetimes, the
 * sign-in session's validity, token revocation).
 */
import { CLIENT_DEFAULTS } from '../src/stack/userpool/operations/admin-pools.ts';
import { DEFAULT_PASSWORD_POLICY } from '../src/stack/userpool/password-policy.ts';
import type { PasswordPolicy } from '../src/stack/userpool/store.ts';
import SEED from '../src/stack/userpool/seed.json' with { type: 'json' };

export interface AwsPoolSettings {
  /** The name the API definition gives the pool (`{ userPool: 'demo' }`). */
  name: string;
  poolName: string;
  passwordPolicy: PasswordPolicy;
  groups: { name: string; description: string; precedence: number }[];
  client: {
    name: string;
    explicitAuthFlows: string[];
    preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
    /** Seconds. */
    accessTokenValidity: number;
    idTokenValidity: number;
    refreshTokenValidity: number;
    /** Minutes: how long a sign-in's challenge stays answerable. */
    authSessionValidity: number;
    enableTokenRevocation: boolean;
  };
}

export const AWS_POOL: AwsPoolSettings = {
  name: 'demo',
  poolName: SEED.pool.name,
  passwordPolicy: DEFAULT_PASSWORD_POLICY,
  groups: SEED.groups,
  client: {
    name: SEED.client.name,
    explicitAuthFlows: SEED.client.explicitAuthFlows,
    preventUserExistenceErrors: SEED.client.preventUserExistenceErrors === 'LEGACY' ? 'LEGACY' : 'ENABLED',
    accessTokenValidity: CLIENT_DEFAULTS.accessTokenValidity,
    idTokenValidity: CLIENT_DEFAULTS.idTokenValidity,
    refreshTokenValidity: CLIENT_DEFAULTS.refreshTokenValidity,
    authSessionValidity: CLIENT_DEFAULTS.authSessionValidity,
    enableTokenRevocation: CLIENT_DEFAULTS.enableTokenRevocation,
  },
};
