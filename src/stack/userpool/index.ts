import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { privateDir, privateFile, privateIfPresent } from '../private-files.ts';
import type { PoolKeyCrypto } from './key-crypto.ts';
import { nodeCryptoPrimitives } from './node-primitives.ts';
import type { CryptoPrimitives } from './primitives.ts';
import { NodePoolKeyCrypto } from './node-key-crypto.ts';
import { openPool, SEED, type OpenedPool } from './pool.ts';
import { SqliteUserPoolStore } from './sqlite-store.ts';

export { SEED };

export interface UserPoolOptions {
  dataDir: string;
  /** Start over from the seed: the pool's database is deleted first. */
  reset?: boolean;
  /** `self`: tokens' `iss` is this server's URL, so discovery from `iss` works; `aws`: `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  issuerStyle?: 'self' | 'aws';
  /** The base URL clients reach this server at; known only once it listens. */
  publicUrl(): string;
  /** Origins of the tutorial site, the only pages that may call the local endpoints. */
  siteOrigins: readonly string[];
  log?: (line: string) => void;
  now?: () => number;
  /** The crypto primitives; tests wrap Node's to count the work an answer takes, the benchmark to time it. */
  primitives?: CryptoPrimitives;
  /** The RSA signatures and JWE; the benchmark wraps Node's to time them. */
  keyCrypto?: PoolKeyCrypto;
}

export interface UserPool extends OpenedPool {
  /**
   * Back to the seed while the pool runs, as `--reset` is at a start: every
   * user, client, group, session, code, message and key goes, then the seed
   * is applied (the demo pool with fresh keys). The stack's own secret and
   * admin credentials stay.
   */
  reset(): Promise<void>;
  close(): void;
}

/** Opens (or creates and seeds) the user pool's database in `dataDir` and returns its HTTP handler. */
export async function openUserPool(options: UserPoolOptions): Promise<UserPool> {
  privateDir(options.dataDir);
  const path = join(options.dataDir, 'userpool.sqlite');
  const files = ['', '-wal', '-shm'].map((suffix) => path + suffix);
  if (options.reset) for (const file of files) rmSync(file, { force: true });
  // SQLite gives its WAL and shared-memory files the database file's mode.
  privateFile(path);
  privateIfPresent(files);
  const store = new SqliteUserPoolStore(path);

  const pool = await openPool({
    store,
    keyCrypto: options.keyCrypto ?? new NodePoolKeyCrypto(),
    primitives: options.primitives ?? nodeCryptoPrimitives,
    issuer: (poolId) =>
      options.issuerStyle === 'aws' ? `https://cognito-idp.${poolId.split('_')[0]}.amazonaws.com/${poolId}` : `${options.publicUrl()}/${poolId}`,
    publicUrl: options.publicUrl,
    siteOrigins: options.siteOrigins,
    now: options.now,
    log: options.log,
  });
  return {
    ...pool,
    async reset() {
      store.clearRecords();
      await pool.applySeed();
      options.log?.('reset the user pool to its seed');
    },
    close: () => store.close(),
  };
}
