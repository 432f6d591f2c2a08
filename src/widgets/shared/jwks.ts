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
    if (!isUnreachable(error)) throw new Error(String(error));
    if (backend.kind === 'aws' && (await answersWithoutCors(backend.jwksUri))) throw new JwksWithoutCorsError(backend.jwksUri);
    throw new Error(unreachable(backend.jwksUri, backend));
  }
  if (!response.ok) throw new Error(`The JWKS URL answered ${response.status} ${response.statusText}: ${(await response.text()).slice(0, 200)}`);
  return keySet(await response.json());
}

/** The keys of a JWKS document, fetched or pasted. */
export function keySet(body: unknown): PublicJwk[] {
  const keys = typeof body === 'object' && body !== null ? (body as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'object' && key !== null && !Array.isArray(key))) {
    throw new Error('That is not a key set: a JWKS is a JSON object {"keys": [...]} of key objects.');
  }
  return keys as PublicJwk[];
}

/**
 * The pool answered, but without the CORS headers that would let this page
 * read the answer (none, or another origin's). A real pool's JWKS may not
 * send them: the browser then hides the keys from the page, though anyone
 * can fetch them elsewhere.
 */
export class JwksWithoutCorsError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(
      `The pool answered at ${url}, but without CORS headers that admit this site, so your browser does not let this page read the keys. ` +
        'They are public all the same: open the URL in a new tab, or fetch it with curl, and paste the key set into the JWKS viewer.',
    );
    this.name = 'JwksWithoutCorsError';
    this.url = url;
  }
}

/**
 * Whether a URL that a CORS request could not read answers at all: a
 * `no-cors` request gets an opaque response when the server answered, and
 * fails as the CORS request did when nothing answered. The page learns
 * nothing of the answer itself.
 */
async function answersWithoutCors(url: string): Promise<boolean> {
  try {
    await fetch(url, { mode: 'no-cors', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
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
