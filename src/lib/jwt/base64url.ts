/**
 * base64url (RFC 4648 §5) both ways, in plain Web APIs so that the same code
 * runs in the browser and in Node. Decoding is lenient on purpose: a reader
 * pastes what they have, so standard base64 (`+`, `/`, `=` padding) is
 * decoded too and reported, and a bad character is named with its position.
 */

export type Base64urlDecoding =
  | { ok: true; bytes: Uint8Array /** Standard-base64 characters or padding were present and accepted. */; nonUrlSafe: boolean }
  | { ok: false; problem: 'alphabet'; index: number; char: string }
  | { ok: false; problem: 'length'; length: number };

export function decodeBase64url(text: string): Base64urlDecoding {
  const unpadded = text.replace(/={1,2}$/, '');
  const nonUrlSafe = unpadded !== text || /[+/]/.test(unpadded);
  const bad = /[^A-Za-z0-9_\-+/]/.exec(unpadded);
  if (bad) return { ok: false, problem: 'alphabet', index: bad.index, char: bad[0] };
  // Four characters carry three bytes; a lone character left over carries none.
  if (unpadded.length % 4 === 1) return { ok: false, problem: 'length', length: unpadded.length };
  const binary = atob(unpadded.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { ok: true, bytes, nonUrlSafe };
}

export function encodeBase64url(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
