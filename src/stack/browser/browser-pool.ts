import { bytesToHex, hexToBytes } from '../../lib/bytes.ts';
import { userPoolUrls } from '../../lib/stack-urls.ts';
import type { LocalAccessGuard } from '../http/local-access.ts';
import type { FetchHandler } from '../http/types.ts';
import { createUserPoolApp } from '../userpool/app.ts';
import { UserPoolContext } from '../userpool/context.ts';
import type { PoolKeyCrypto } from '../userpool/key-crypto.ts';
import type { CryptoPrimitives } from '../userpool/primitives.ts';
import { applySeed, type Seed } from '../userpool/seed.ts';
import type { AdminCredentials } from '../userpool/sigv4.ts';
import type { UserPoolStore } from '../userpool/store.ts';
import seedJson from '../userpool/seed.json' with { type: 'json' };
import { WebCryptoPoolKeyCrypto } from './key-crypto.ts';
import type { PrivateKeyVault } from './persistence.ts';
import { browserCryptoPrimitives } from './primitives.ts';

/** The published demo seed: the same pool, client, groups and users as the Node stack's. */
export const SEED: Seed = seedJson;

export interface BrowserUserPoolOptions {
  store: UserPoolStore;
  /** The pool's base URL: `<origin><base>_stack/cognito`. Tokens' `iss` is `<publicUrl>/<poolId>`. */
  publicUrl: string;
  /** Who may call the local endpoints (mailbox, key rotation). */
  localAccess: LocalAccessGuard;
  now?: () => number;
  log?: (line: string) => void;
  /** Defaults: the browser's (noble hashes, BigInt, WebCrypto); tests may pass Node's. */
  primitives?: CryptoPrimitives;
  keyCrypto?: PoolKeyCrypto;
  /** Where the default key crypto keeps the private keys it makes (as non-extractable CryptoKeys). */
  vault?: PrivateKeyVault;
}

export interface BrowserUserPool {
  handler: FetchHandler;
  ctx: UserPoolContext;
  /** Generated and kept in the store as the Node pool's are; published nowhere. */
  admin: AdminCredentials;
  seed: Seed;
}

const ALPHANUMERIC_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The user pool over a store that is already loaded: the stack's own secret
 * and admin credentials made on first use and kept in the store's meta table
 * (as `openUserPool` keeps them in SQLite), the seed applied (the demo pool
 * with fresh keys on first use, the demo users put back to their published
 * passwords every time), and the pool's HTTP handler.
 */
export async function openBrowserUserPool(options: BrowserUserPoolOptions): Promise<BrowserUserPool> {
  const { store } = options;
  const primitives = options.primitives ?? browserCryptoPrimitives;
  const secret = persistedSecret(store, 'secret', () => bytesToHex(primitives.randomBytes(32)));
  const ctx = new UserPoolContext({
    store,
    keyCrypto: options.keyCrypto ?? new WebCryptoPoolKeyCrypto(options.vault),
    primitives,
    secret: hexToBytes(secret),
    region: SEED.region,
    issuer: (poolId) => userPoolUrls(options.publicUrl, poolId).issuer,
    now: options.now,
    log: options.log,
  });
  const admin = JSON.parse(
    persistedSecret(store, 'admin-credentials', () =>
      JSON.stringify({ accessKeyId: `AKIA${ctx.randomString(16, ALPHANUMERIC_UPPER)}`, secretAccessKey: ctx.randomString(40, SECRET_ALPHABET) }),
    ),
  ) as AdminCredentials;

  await applySeed(ctx, SEED);
  const handler = createUserPoolApp({ ctx, admin, publicUrl: () => options.publicUrl, siteOrigins: [], localAccess: options.localAccess });
  return { handler, ctx, admin, seed: SEED };
}

function persistedSecret(store: UserPoolStore, key: string, create: () => string): string {
  let value = store.getMeta(key);
  if (value === undefined) {
    value = create();
    store.setMeta(key, value);
  }
  return value;
}
