import { invalidParameter, resourceNotFound, validationError } from '../errors.ts';
import { clientId, optionalBoolean, optionalInteger, optionalString, optionalStringList, optionalStructure, requiredString, type Input } from '../input.ts';
import { generatePoolKey } from '../keys.ts';
import { requireClient, requirePool } from '../lookups.ts';
import { DEFAULT_PASSWORD_POLICY } from '../password-policy.ts';
import type { Needs } from '../services.ts';
import type { ClientRecord, PasswordPolicy, PoolRecord, TimeUnit, UserPoolStore } from '../store.ts';

const POOL_ID = { max: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/ };
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const AUTH_FLOWS = [
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
];
/** What an app client gets for every setting a Create or UpdateUserPoolClient request leaves out. */
export const CLIENT_DEFAULTS = {
  explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  accessTokenValidity: 3600,
  idTokenValidity: 3600,
  refreshTokenValidity: 30 * 86_400,
  tokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
  enableTokenRevocation: true,
  // The API's default; the console's is ENABLED.
  // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html
  preventUserExistenceErrors: 'LEGACY',
  authSessionValidity: 3,
} as const satisfies Partial<ClientRecord>;
const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
/** Cognito's allowed lifetimes: 5 minutes to a day for ID and access tokens, an hour to ten years for refresh tokens. */
const VALIDITY_RANGE = { AccessToken: [300, 86_400], IdToken: [300, 86_400], RefreshToken: [3600, 315_360_000] } as const;

export function poolIdOf(input: Input): string {
  return requiredString(input, 'UserPoolId', POOL_ID);
}

export async function createUserPool({ store, keyCrypto, clock, random, region }: Needs<'store' | 'keyCrypto' | 'clock' | 'random' | 'region'>, input: Input) {
  const name = requiredString(input, 'PoolName', { max: 128, pattern: /^[\w\s+=,.@-]+$/ });
  const usernameAttributes = optionalStringList(input, 'UsernameAttributes') ?? [];
  for (const attribute of usernameAttributes) {
    if (attribute !== 'email' && attribute !== 'phone_number')
      throw validationError('UsernameAttributes', `'${attribute}'`, 'Member must satisfy enum value set: [phone_number, email]');
  }
  const now = clock.now();
  const pool: PoolRecord = {
    id: `${region}_${random.string(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
    name,
    passwordPolicy: passwordPolicyOf(input),
    usernameAttributes,
    autoVerifiedAttributes: optionalStringList(input, 'AutoVerifiedAttributes') ?? [],
    createdAt: now,
    lastModifiedAt: now,
  };
  await createPool({ store, keyCrypto }, pool);
  return { UserPool: describePool(region, pool) };
}

/** Stores a pool with its three key pairs: ID-token signing, access-token signing and refresh-token encryption. */
export async function createPool({ store, keyCrypto }: Needs<'store' | 'keyCrypto'>, pool: PoolRecord): Promise<void> {
  const keys = [
    await generatePoolKey(keyCrypto, pool.id, 'id', pool.createdAt),
    await generatePoolKey(keyCrypto, pool.id, 'access', pool.createdAt),
    await generatePoolKey(keyCrypto, pool.id, 'refresh', pool.createdAt),
  ];
  store.transaction(() => {
    store.putPool(pool);
    for (const key of keys) store.putKey(key);
  });
}

function passwordPolicyOf(input: Input): PasswordPolicy {
  const policy = optionalStructure(optionalStructure(input, 'Policies') ?? {}, 'PasswordPolicy') ?? {};
  return {
    MinimumLength: optionalInteger(policy, 'MinimumLength', 6, 99) ?? DEFAULT_PASSWORD_POLICY.MinimumLength,
    RequireUppercase: optionalBoolean(policy, 'RequireUppercase') ?? DEFAULT_PASSWORD_POLICY.RequireUppercase,
    RequireLowercase: optionalBoolean(policy, 'RequireLowercase') ?? DEFAULT_PASSWORD_POLICY.RequireLowercase,
    RequireNumbers: optionalBoolean(policy, 'RequireNumbers') ?? DEFAULT_PASSWORD_POLICY.RequireNumbers,
    RequireSymbols: optionalBoolean(policy, 'RequireSymbols') ?? DEFAULT_PASSWORD_POLICY.RequireSymbols,
    TemporaryPasswordValidityDays: optionalInteger(policy, 'TemporaryPasswordValidityDays', 0, 365) ?? DEFAULT_PASSWORD_POLICY.TemporaryPasswordValidityDays,
  };
}

export function describeUserPool({ store, region }: Needs<'store' | 'region'>, input: Input) {
  return { UserPool: describePool(region, requirePool(store, poolIdOf(input))) };
}

function describePool(region: string, pool: PoolRecord) {
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${pool.id}`,
    Policies: { PasswordPolicy: pool.passwordPolicy },
    LambdaConfig: {},
    UsernameAttributes: pool.usernameAttributes,
    AutoVerifiedAttributes: pool.autoVerifiedAttributes,
    MfaConfiguration: 'OFF',
    EstimatedNumberOfUsers: 0,
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    DeletionProtection: 'INACTIVE',
    CreationDate: pool.createdAt / 1000,
    LastModifiedDate: pool.lastModifiedAt / 1000,
  };
}

export function createUserPoolClient({ store, clock, random }: Needs<'store' | 'clock' | 'random'>, input: Input) {
  const pool = requirePool(store, poolIdOf(input));
  const now = clock.now();
  const generateSecret = optionalBoolean(input, 'GenerateSecret') ?? false;
  const client = clientSettings(input, {
    id: random.string(26, ALPHANUMERIC),
    poolId: pool.id,
    name: '',
    secret: generateSecret ? random.string(51, ALPHANUMERIC) : null,
    ...CLIENT_DEFAULTS,
    explicitAuthFlows: [...CLIENT_DEFAULTS.explicitAuthFlows],
    tokenValidityUnits: { ...CLIENT_DEFAULTS.tokenValidityUnits },
    createdAt: now,
    lastModifiedAt: now,
  });
  store.putClient(client);
  return { UserPoolClient: describeClient(client) };
}

export function describeUserPoolClient({ store }: Needs<'store'>, input: Input) {
  return { UserPoolClient: describeClient(requirePoolClient(store, input)) };
}

/** Like Cognito's, an update replaces every setting: what the request leaves out goes back to its default. */
export function updateUserPoolClient({ store, clock }: Needs<'store' | 'clock'>, input: Input) {
  const existing = requirePoolClient(store, input);
  const client = clientSettings(input, {
    ...existing,
    ...CLIENT_DEFAULTS,
    explicitAuthFlows: [...CLIENT_DEFAULTS.explicitAuthFlows],
    tokenValidityUnits: { ...CLIENT_DEFAULTS.tokenValidityUnits },
    lastModifiedAt: clock.now(),
  });
  store.putClient(client);
  return { UserPoolClient: describeClient(client) };
}

function requirePoolClient(store: UserPoolStore, input: Input): ClientRecord {
  const poolId = poolIdOf(input);
  requirePool(store, poolId);
  const client = requireClient(store, clientId(input));
  if (client.poolId !== poolId) throw resourceNotFound(`User pool client ${client.id} does not exist.`);
  return client;
}

/** Applies the settings a Create/UpdateUserPoolClient request carries on top of `base`. */
function clientSettings(input: Input, base: ClientRecord): ClientRecord {
  const name = requiredString(input, 'ClientName', { max: 128, pattern: /^[\w\s+=,.@-]+$/ });
  const flows = optionalStringList(input, 'ExplicitAuthFlows');
  for (const flow of flows ?? []) {
    if (!AUTH_FLOWS.includes(flow)) throw validationError('ExplicitAuthFlows', `'${flow}'`, `Member must satisfy enum value set: [${AUTH_FLOWS.join(', ')}]`);
  }
  const unitsInput = optionalStructure(input, 'TokenValidityUnits') ?? {};
  const units = { ...base.tokenValidityUnits };
  for (const token of ['AccessToken', 'IdToken', 'RefreshToken'] as const) {
    const unit = optionalString(unitsInput, token);
    if (unit === undefined) continue;
    if (!Object.hasOwn(UNIT_SECONDS, unit))
      throw validationError(`TokenValidityUnits.${token}`, `'${unit}'`, 'Member must satisfy enum value set: [seconds, minutes, hours, days]');
    units[token] = unit as TimeUnit;
  }
  const validity = (member: string, token: 'AccessToken' | 'IdToken' | 'RefreshToken', fallback: number): number => {
    const value = optionalInteger(input, member, 1, 315_360_000);
    if (value === undefined) return fallback;
    const seconds = value * UNIT_SECONDS[units[token]];
    const [min, max] = VALIDITY_RANGE[token];
    if (seconds < min || seconds > max)
      throw invalidParameter(`${member} must be between ${min} and ${max} seconds; ${value} ${units[token]} is outside that range.`);
    return seconds;
  };
  const prevent = optionalString(input, 'PreventUserExistenceErrors');
  if (prevent !== undefined && prevent !== 'ENABLED' && prevent !== 'LEGACY')
    throw validationError('PreventUserExistenceErrors', `'${prevent}'`, 'Member must satisfy enum value set: [LEGACY, ENABLED]');
  return {
    ...base,
    name,
    explicitAuthFlows: flows
      ? flows.map((flow) => (flow.startsWith('ALLOW_') ? flow : `ALLOW_${flow.replace(/^ADMIN_NO_SRP_AUTH$/, 'ADMIN_USER_PASSWORD_AUTH')}`))
      : base.explicitAuthFlows,
    accessTokenValidity: validity('AccessTokenValidity', 'AccessToken', base.accessTokenValidity),
    idTokenValidity: validity('IdTokenValidity', 'IdToken', base.idTokenValidity),
    refreshTokenValidity: validity('RefreshTokenValidity', 'RefreshToken', base.refreshTokenValidity),
    tokenValidityUnits: units,
    enableTokenRevocation: optionalBoolean(input, 'EnableTokenRevocation') ?? base.enableTokenRevocation,
    preventUserExistenceErrors: (prevent as ClientRecord['preventUserExistenceErrors'] | undefined) ?? base.preventUserExistenceErrors,
    authSessionValidity: optionalInteger(input, 'AuthSessionValidity', 3, 15) ?? base.authSessionValidity,
  };
}

/** Lifetimes go back out in the units they were configured in. */
function describeClient(client: ClientRecord) {
  const units = client.tokenValidityUnits;
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret !== null && { ClientSecret: client.secret }),
    CreationDate: client.createdAt / 1000,
    LastModifiedDate: client.lastModifiedAt / 1000,
    RefreshTokenValidity: client.refreshTokenValidity / UNIT_SECONDS[units.RefreshToken],
    AccessTokenValidity: client.accessTokenValidity / UNIT_SECONDS[units.AccessToken],
    IdTokenValidity: client.idTokenValidity / UNIT_SECONDS[units.IdToken],
    TokenValidityUnits: units,
    ExplicitAuthFlows: client.explicitAuthFlows,
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    AuthSessionValidity: client.authSessionValidity,
    AllowedOAuthFlowsUserPoolClient: false,
  };
}
