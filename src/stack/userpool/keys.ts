import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { KeyRecord, KeyUse, UserPoolStore } from './store.ts';

const ALGORITHM: Record<KeyUse, string> = { id: 'RS256', access: 'RS256', refresh: 'RSA-OAEP' };

/**
 * A new RSA-2048 key pair for one use. The `kid` is the key's RFC 7638
 * thumbprint in standard base64, which gives it the 44-character shape of
 * Cognito's key ids.
 */
export async function generatePoolKey(poolId: string, use: KeyUse, now: number): Promise<KeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(ALGORITHM[use], { extractable: true, modulusLength: 2048 });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const thumbprint = await calculateJwkThumbprint(publicJwk, 'sha256');
  const kid = `${thumbprint.replace(/-/g, '+').replace(/_/g, '/')}=`;
  return {
    kid,
    poolId,
    use,
    privateJwk: privateJwk as JsonWebKey,
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
export async function rotateSigningKeys(store: UserPoolStore, poolId: string, now: number, graceMs: number): Promise<KeyRecord[]> {
  const fresh = [await generatePoolKey(poolId, 'id', now), await generatePoolKey(poolId, 'access', now)];
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
