import { compactVerify, errors, importJWK } from 'jose';
import type { Backend } from '../../lib/backend.ts';
import { fetchJwks, keyBits, type PublicJwk } from '../shared/jwks.ts';

/**
 * Checks a token's signature against the page's user pool, the way the
 * gateway does it: RS256 only, the key named by `kid`, from the pool's JWKS.
 * Only the signature: claims such as `exp` are the inspector's table's job.
 */
export type SignatureCheck =
  | { outcome: 'valid'; kid: string; key: PublicJwk; bits?: number; position: number; keyCount: number }
  | { outcome: 'invalid'; kid: string; key: PublicJwk; bits?: number; position: number; keyCount: number; reason: string }
  | { outcome: 'no-key'; kid: string | undefined; kids: string[]; reason: string }
  | { outcome: 'refused'; reason: string };

export async function checkSignature(token: string, header: Record<string, unknown> | undefined, backend: Backend): Promise<SignatureCheck> {
  if (!header) return { outcome: 'refused', reason: 'The header cannot be decoded, so there is no algorithm or key id to verify with.' };
  if (header.alg !== 'RS256') {
    return {
      outcome: 'refused',
      reason: `The header says the algorithm is ${JSON.stringify(header.alg ?? null)}. Cognito's keys are RS256 keys, and a careful verifier decides the algorithm itself: it refuses anything but RS256 without trying.`,
    };
  }
  const keys = await fetchJwks(backend);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const kids = keys.map((key) => String(key.kid));
  const position = keys.findIndex((key) => key.kid === kid);
  if (kid === undefined || position < 0) {
    const reason =
      kid === undefined
        ? 'The header has no kid, so no key can be picked.'
        : `No key in the pool's JWKS has kid ${JSON.stringify(kid)}: the token was signed by another pool, or with a key that has been rotated out.`;
    return { outcome: 'no-key', kid, kids, reason };
  }
  const key = keys[position]!;
  const found = { kid, key, bits: keyBits(key), position: position + 1, keyCount: keys.length };
  try {
    await compactVerify(token, await importJWK(key as Parameters<typeof importJWK>[0], 'RS256'), { algorithms: ['RS256'] });
    return { outcome: 'valid', ...found };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return {
        outcome: 'invalid',
        ...found,
        reason: 'The signature does not match the header and payload: something in them was changed after the pool signed, or another key made the signature.',
      };
    }
    return { outcome: 'invalid', ...found, reason: `jose refused the token: ${(error as Error).message}` };
  }
}
