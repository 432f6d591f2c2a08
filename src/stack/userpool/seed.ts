import { storableAttributes } from './attributes.ts';
import { CLIENT_DEFAULTS, createPool } from './operations/admin-pools.ts';
import { DEFAULT_PASSWORD_POLICY } from './password-policy.ts';
import type { Needs } from './services.ts';
import type { ClientRecord, UserRecord } from './store.ts';

export interface Seed {
  region: string;
  pool: { id: string; name: string };
  client: { id: string; name: string; explicitAuthFlows: string[]; preventUserExistenceErrors: string };
  groups: { name: string; description: string; precedence: number }[];
  users: SeedUser[];
}

export interface SeedUser {
  username: string;
  /** A confirmed user signs in with this published password. */
  password?: string;
  /** An administrator-created user must replace this one at first sign-in. */
  temporaryPassword?: string;
  attributes: Record<string, string>;
  groups: string[];
  note: string;
}

/** What applying the seed uses. */
export type SeedNeeds = Needs<'store' | 'keyCrypto' | 'clock' | 'random' | 'log' | 'users' | 'passwords'>;

/**
 * Brings the store to the seed's state: creates what is missing, and puts the
 * demo users back to their published passwords, status and groups, so the
 * README's credentials always work. Users and settings the seed does not name
 * are left alone; applying the seed twice changes nothing the second time.
 */
export async function applySeed(services: SeedNeeds, seed: Seed): Promise<void> {
  const { store, clock, log } = services;
  const now = clock.now();
  if (!store.getPool(seed.pool.id)) {
    await createPool(services, {
      id: seed.pool.id,
      name: seed.pool.name,
      passwordPolicy: DEFAULT_PASSWORD_POLICY,
      usernameAttributes: [],
      autoVerifiedAttributes: ['email'],
      createdAt: now,
      lastModifiedAt: now,
    });
    log(`created the demo user pool ${seed.pool.id}`);
  }

  store.transaction(() => {
    if (!store.getClient(seed.client.id)) store.putClient(demoClient(seed, now));
    for (const group of seed.groups) {
      if (!store.getGroup(seed.pool.id, group.name)) {
        store.putGroup({
          poolId: seed.pool.id,
          name: group.name,
          description: group.description,
          precedence: group.precedence,
          createdAt: now,
          lastModifiedAt: now,
        });
      }
    }
    for (const demo of seed.users) seedUser(services, seed.pool.id, demo);
  });
}

function demoClient(seed: Seed, now: number): ClientRecord {
  return {
    id: seed.client.id,
    poolId: seed.pool.id,
    name: seed.client.name,
    secret: null,
    ...CLIENT_DEFAULTS,
    explicitAuthFlows: seed.client.explicitAuthFlows,
    preventUserExistenceErrors: seed.client.preventUserExistenceErrors === 'LEGACY' ? 'LEGACY' : 'ENABLED',
    tokenValidityUnits: { ...CLIENT_DEFAULTS.tokenValidityUnits },
    createdAt: now,
    lastModifiedAt: now,
  };
}

function seedUser({ store, random, log, users, passwords }: SeedNeeds, poolId: string, demo: SeedUser): void {
  const password = demo.password ?? demo.temporaryPassword;
  if (password === undefined) throw new Error(`The seed gives no password for ${demo.username}.`);
  const status = demo.password !== undefined ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  const existing = store.getUser(poolId, demo.username);
  const attributes = existing ? { ...storableAttributes(existing.attributes), ...demo.attributes, sub: ownSub({ store, random }, existing) } : undefined;
  const intact =
    existing !== undefined &&
    existing.status === status &&
    existing.enabled &&
    existing.lockedUntil === 0 &&
    sameAttributes(existing.attributes, attributes!) &&
    passwords.matches(existing, password);
  if (!intact) {
    const base: UserRecord = existing ?? users.newUser(poolId, demo.username, random.id(), demo.attributes, status);
    store.putUser({
      ...passwords.withPassword(base, password),
      attributes: attributes ?? base.attributes,
      status,
      enabled: true,
      failedAttempts: 0,
      lastFailedAt: 0,
      lockedUntil: 0,
    });
    if (existing) log(`restored demo user ${demo.username} to the published seed`);
  }
  const groups = store.groupsOfUser(poolId, demo.username);
  for (const group of demo.groups) if (!groups.includes(group)) store.addUserToGroup(poolId, demo.username, group);
  for (const group of groups) if (!demo.groups.includes(group)) store.removeUserFromGroup(poolId, demo.username, group);
}

/**
 * The user's `sub`, or a new one when theirs is missing or was another
 * user's first: only a record forged around the attribute rules could share
 * one, and the older account keeps it.
 */
function ownSub({ store, random }: Needs<'store' | 'random'>, user: UserRecord): string {
  const sub = user.attributes.sub;
  if (sub === undefined) return random.id();
  const older = (other: UserRecord) => other.createdAt < user.createdAt || (other.createdAt === user.createdAt && other.username < user.username);
  const taken = store.findUsersByAttribute(user.poolId, 'sub', sub).some((other) => other.username !== user.username && older(other));
  return taken ? random.id() : sub;
}

function sameAttributes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((name) => a[name] === b[name]);
}
