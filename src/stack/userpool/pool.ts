import { bytesToHex, hexToBytes } from '../../lib/bytes.ts';
import { UserPoolContext } from './context.ts';
import type { PoolKeyCrypto } from './key-crypto.ts';
import type { CryptoPrimitives } from './primitives.ts';
import { applySeed, type Seed } from './seed.ts';
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
  now?: () => number;
  log?: (line: string) => void;
}

export interface OpenedPool {
  ctx: UserPoolContext;
  /** The stack's admin credentials: made on first use, then kept in the store. */
  admin: AdminCredentials;
  seed: Seed;
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
  const ctx = new UserPoolContext({
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
      JSON.stringify({ accessKeyId: `AKIA${ctx.randomString(16, ALPHANUMERIC_UPPER)}`, secretAccessKey: ctx.randomString(40, SECRET_ALPHABET) }),
    ),
  ) as AdminCredentials;
  await applySeed(ctx, SEED);
  return { ctx, admin, seed: SEED };
}

function persistedSecret(store: UserPoolStore, key: string, create: () => string): string {
  let value = store.getMeta(key);
  if (value === undefined) {
    value = create();
    store.setMeta(key, value);
  }
  return value;
}
