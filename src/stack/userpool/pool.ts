import { bytesToHex, hexToBytes } from '../../lib/bytes.ts';
import type { LocalAccessGuard } from '../http/local-access.ts';
import type { FetchHandler } from '../http/types.ts';
import { createUserPoolApp } from './app.ts';
import type { PoolKeyCrypto } from './key-crypto.ts';
import type { CryptoPrimitives } from './primitives.ts';
import { rotateSigningKeys } from './keys.ts';
import { applySeed, type Seed } from './seed.ts';
import { createPoolServices } from './services.ts';
import type { AdminCredentials } from './sigv4.ts';
import type { UserPoolStore } from './store.ts';
import seedJson from './seed.json' with { type: 'json' };

/** The published demo seed: the pool, its client, groups and users, the same in every runtime. */
export const SEED: Seed = seedJson;

export interface PoolOptions {
  /** Already open: SQLite in Node, memory loaded from IndexedDB in a Service Worker. */
  store: UserPoolStore;
  keyCrypto: PoolKeyCrypto;
  primitives: CryptoPrimitives;
  /** Tokens' `iss` for a pool id. */
  issuer(poolId: string): string;
  /** Where JWKS and discovery documents are served; the `iss` may differ (AWS-shaped issuers). */
  publicUrl(): string;
  /** Origins of the tutorial site, the only pages that may call the local endpoints. */
  siteOrigins: readonly string[];
  /** Who may call the local endpoints, when not the Node stack's loopback rule (the Service Worker judges by origin). */
  localAccess?: LocalAccessGuard;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * What the rest of the stack, the tests and the benchmark may use of an open
 * pool. Everything else (the operations' shared state and rules) stays inside
 * `userpool/`, so that it can change without them.
 */
export interface OpenedPool {
  /** The pool on the wire: AWS JSON 1.1, JWKS, discovery and the local endpoints. */
  handler: FetchHandler;
  /** The stack's admin credentials: made on first use, then kept in the store. */
  admin: AdminCredentials;
  seed: Seed;
  /** The `iss` of a pool's tokens, which the gateway must trust. */
  issuer(poolId: string): string;
  /**
   * The pool's records, for tests that arrange or inspect state directly.
   * A write here skips every rule the operations apply.
   */
  store: UserPoolStore;
  /** What the pool keeps in memory, which the benchmark reports and tests bound. */
  stats(): PoolStats;
  /**
   * Gives a user a password straight in the store (a confirmed user without
   * attributes, when the name has no account): how the benchmark makes its
   * users and tests change a password behind a client's back, without the
   * policy, the lockout or a status change.
   */
  setPassword(poolId: string, username: string, password: string): void;
  /** Brings the store back to the seed, as every start does. */
  applySeed(): Promise<void>;
  /**
   * Rotates a pool's signing keys as `POST /_local/pools/<id>/rotate-keys`
   * does: the old keys stay in the JWKS for `graceSeconds`. Resolves to the
   * new signing keys' ids.
   */
  rotateKeys(poolId: string, graceSeconds: number): Promise<{ use: string; kid: string }[]>;
}

export interface PoolStats {
  /** Answered sign-in challenges, remembered until they expire so that none is replayed. */
  spentChallenges: number;
  /** Names without an account, remembered for their lockout and code throttling. */
  namesWithoutAccount: number;
}

/** Where the pool keeps its admin credentials in its store's meta table (published nowhere; a test may put its own there before the pool opens). */
export const ADMIN_CREDENTIALS_META = 'admin-credentials';

const ALPHANUMERIC_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The user pool over an open store, in either runtime: the stack's own
 * secret and admin credentials made on first use and kept in the store's
 * meta table, then the seed applied (the demo pool with fresh keys on first
 * use, the demo users put back to their published passwords every time).
 */
export async function openPool(options: PoolOptions): Promise<OpenedPool> {
  const { store, primitives } = options;
  const secret = persistedSecret(store, 'secret', () => bytesToHex(primitives.randomBytes(32)));
  const services = createPoolServices({
    store,
    keyCrypto: options.keyCrypto,
    primitives,
    secret: hexToBytes(secret),
    region: SEED.region,
    issuer: options.issuer,
    now: options.now,
    log: options.log,
  });
  const admin = JSON.parse(
    persistedSecret(store, ADMIN_CREDENTIALS_META, () =>
      JSON.stringify({ accessKeyId: `AKIA${services.random.string(16, ALPHANUMERIC_UPPER)}`, secretAccessKey: services.random.string(40, SECRET_ALPHABET) }),
    ),
  ) as AdminCredentials;
  await applySeed(services, SEED);
  const { users, passwords, random, spentChallenges, decoys } = services;
  return {
    handler: createUserPoolApp({ services, admin, publicUrl: options.publicUrl, siteOrigins: options.siteOrigins, localAccess: options.localAccess }),
    admin,
    seed: SEED,
    issuer: options.issuer,
    store,
    stats: () => ({ spentChallenges: spentChallenges.size, namesWithoutAccount: decoys.size }),
    setPassword(poolId, username, password) {
      const user = store.getUser(poolId, username) ?? users.newUser(poolId, username, random.id(), {}, 'CONFIRMED');
      store.putUser(passwords.withPassword(user, password));
    },
    applySeed: () => applySeed(services, SEED),
    async rotateKeys(poolId, graceSeconds) {
      const fresh = await rotateSigningKeys(services.keyCrypto, store, poolId, services.clock.now(), graceSeconds * 1000);
      services.log(`rotated the signing keys of ${poolId}; old keys stay in the JWKS for ${graceSeconds} s`);
      return fresh.map((key) => ({ use: key.use, kid: key.kid }));
    },
  };
}

function persistedSecret(store: UserPoolStore, key: string, create: () => string): string {
  let value = store.getMeta(key);
  if (value === undefined) {
    value = create();
    store.setMeta(key, value);
  }
  return value;
}
