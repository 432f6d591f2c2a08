import { calculateJwkThumbprint, type JWK } from 'jose';
import type { PoolKeyCrypto } from './key-crypto.ts';
import type { KeyRecord, KeyUse, UserPoolStore } from './store.ts';

const ALGORITHM: Record<KeyUse, 'RS256' | 'RSA-OAEP'> = { id: 'RS256', access: 'RS256', refresh: 'RSA-OAEP' };

/**
 * A key's `kid`: its RFC 7638 thumbprint in standard base64, which gives it
 * the 44-character shape of Cognito's key ids.
 */
export async function kidOf(publicJwk: JsonWebKey): Promise<string> {
  const thumbprint = await calculateJwkThumbprint({ kty: publicJwk.kty, n: publicJwk.n, e: publicJwk.e } as JWK, 'sha256');
  return `${thumbprint.replace(/-/g, '+').replace(/_/g, '/')}=`;
}

/** A new RSA-2048 key pair for one use, made by `keyCrypto` (which keeps its private half as its runtime can best). */
export async function generatePoolKey(keyCrypto: PoolKeyCrypto, poolId: string, use: KeyUse, now: number): Promise<KeyRecord> {
  const { kid, publicJwk, privateJwk } = await keyCrypto.generateKeyPair(ALGORITHM[use], kidOf);
  return {
    kid,
    poolId,
    use,
    privateJwk,
    publicJwk: { kty: 'RSA', n: publicJwk.n, e: publicJwk.e } as JsonWebKey,
    createdAt: now,
    retiredAt: null,
    removeAt: null,
  };
}

/** The key that signs new tokens of a use: the newest one not yet retired. */
export function activeKey(keys: KeyRecord[], use: KeyUse): KeyRecord | undefined {
  return keys.filter((key) => key.use === use && key.retiredAt === null).at(-1);
}

export interface PublishedKey {
  kid: string;
  alg: 'RS256';
  kty: 'RSA';
  e: string;
  n: string;
  use: 'sig';
}

/**
 * The signing keys a verifier may see: active ones, and retired ones still
 * inside their grace period. The refresh-token key is never published.
 */
export function publishedKeys(keys: KeyRecord[], now: number): KeyRecord[] {
  return keys.filter((key) => key.use !== 'refresh' && (key.removeAt === null || key.removeAt > now));
}

export function toJwk(key: KeyRecord): PublishedKey {
  return { kid: key.kid, alg: 'RS256', kty: 'RSA', e: key.publicJwk.e as string, n: key.publicJwk.n as string, use: 'sig' };
}

/**
 * Replaces the ID and access signing keys of a pool. Every older key stays in
 * the JWKS for at most `graceMs` more, so tokens signed before the rotation
 * keep verifying until then; a grace of zero drops them all at once.
 */
export async function rotateSigningKeys(keyCrypto: PoolKeyCrypto, store: UserPoolStore, poolId: string, now: number, graceMs: number): Promise<KeyRecord[]> {
  const fresh = [await generatePoolKey(keyCrypto, poolId, 'id', now), await generatePoolKey(keyCrypto, poolId, 'access', now)];
  store.transaction(() => {
    for (const key of store.listKeys(poolId)) {
      if (key.use === 'refresh') continue;
      const removeAt = Math.min(key.removeAt ?? Number.POSITIVE_INFINITY, now + graceMs);
      if (removeAt <= now) store.deleteKey(key.kid);
      else store.putKey({ ...key, retiredAt: key.retiredAt ?? now, removeAt });
    }
    for (const key of fresh) store.putKey(key);
  });
  return fresh;
}
