import { userPoolUrls } from '../../lib/stack-urls.ts';
import type { LocalAccessGuard } from '../http/local-access.ts';
import type { PoolKeyCrypto } from '../userpool/key-crypto.ts';
import type { CryptoPrimitives } from '../userpool/primitives.ts';
import { ADMIN_CREDENTIALS_META, openPool, SEED, type OpenedPool } from '../userpool/pool.ts';
import type { UserPoolStore } from '../userpool/store.ts';
import { WebCryptoPoolKeyCrypto } from './key-crypto.ts';
import type { PrivateKeyVault } from './persistence.ts';
import { browserCryptoPrimitives } from './primitives.ts';

export { ADMIN_CREDENTIALS_META, SEED };

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

/** The pool's public surface; its admin credentials are generated and kept in the store as the Node pool's are, and published nowhere. */
export type BrowserUserPool = OpenedPool;

/**
 * The user pool over a store that is already loaded: the stack's own secret
 * and admin credentials made on first use and kept in the store's meta table
 * (as `openUserPool` keeps them in SQLite), the seed applied (the demo pool
 * with fresh keys on first use, the demo users put back to their published
 * passwords every time), and the pool's HTTP handler.
 */
export async function openBrowserUserPool(options: BrowserUserPoolOptions): Promise<BrowserUserPool> {
  return openPool({
    store: options.store,
    keyCrypto: options.keyCrypto ?? new WebCryptoPoolKeyCrypto(options.vault),
    primitives: options.primitives ?? browserCryptoPrimitives,
    issuer: (poolId) => userPoolUrls(options.publicUrl, poolId).issuer,
    publicUrl: () => options.publicUrl,
    siteOrigins: [],
    localAccess: options.localAccess,
    now: options.now,
    log: options.log,
  });
}
