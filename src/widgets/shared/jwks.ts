import type { Backend } from '../../lib/backend.ts';
import { backendReady } from '../../lib/browser-stack-client.ts';
import { decodeBase64url } from '../../lib/jwt/base64url.ts';
import { isUnreachable, unreachable } from './explain.ts';

/**
 * The pool's public keys, fetched from its well-known URL when a reader asks
 * for them (verifying, viewing, or an attack that needs the key). Fetching
 * keys sends nothing about the reader's token.
 */
export interface PublicJwk {
  kid?: string;
  alg?: string;
  kty?: string;
  use?: string;
  n?: string;
  e?: string;
  [field: string]: unknown;
}

export async function fetchJwks(backend: Backend): Promise<PublicJwk[]> {
  await backendReady(backend);
  let response: Response;
  try {
    response = await fetch(backend.jwksUri, { cache: 'no-store' });
  } catch (error) {
    throw new Error(isUnreachable(error) ? unreachable(backend.jwksUri, backend) : String(error));
  }
  if (!response.ok) throw new Error(`The JWKS URL answered ${response.status} ${response.statusText}: ${(await response.text()).slice(0, 200)}`);
  const body = (await response.json()) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new Error('The JWKS URL did not send a key set ({"keys": [...]}).');
  return body.keys as PublicJwk[];
}

/** The size of an RSA key: the bits of its modulus. */
export function keyBits(jwk: PublicJwk): number | undefined {
  if (typeof jwk.n !== 'string') return undefined;
  const decoded = decodeBase64url(jwk.n);
  if (!decoded.ok) return undefined;
  const bytes = decoded.bytes;
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) first++;
  if (first === bytes.length) return 0;
  return (bytes.length - first - 1) * 8 + (32 - Math.clz32(bytes[first]!));
}
