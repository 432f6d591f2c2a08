/**
 * Bytes and their text forms (hex, base64, base64url, UTF-8), in plain Web
 * APIs so that the same code runs in Node, a page and a Service Worker. The
 * one place the project converts bytes; strict decoders throw a TypeError.
 */

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** UTF-8 bytes as text; throws a TypeError on malformed UTF-8. */
export function fromUtf8(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const HEX_DIGITS = '0123456789abcdef';
const BYTE_TO_HEX = Array.from({ length: 256 }, (_, byte) => HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!);
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE[HEX_DIGITS.charCodeAt(i)] = i;
  NIBBLE[HEX_DIGITS.toUpperCase().charCodeAt(i)] = i;
}

/** Table-driven, because SRP converts kilobytes of hex on every sign-in. Throws on anything but an even number of hex digits. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new TypeError('Hex must have an even number of digits.');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const high = NIBBLE[hex.charCodeAt(2 * i)] ?? -1;
    const low = NIBBLE[hex.charCodeAt(2 * i + 1)] ?? -1;
    if (high < 0 || low < 0) throw new TypeError('Not a hex digit.');
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = BYTE_TO_HEX[bytes[i]!]!;
  return parts.join('');
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) BASE64_VALUE[BASE64_ALPHABET.charCodeAt(i)] = i;

/**
 * Standard base64 (RFC 4648 §4), padded. Table-driven rather than through
 * btoa, which needs a "binary string" first and is several times slower on
 * the kilobyte-sized values a sign-in encodes.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const out = new Array<string>(Math.ceil(bytes.length / 3));
  let i = 0;
  let o = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + BASE64_ALPHABET[(n >> 6) & 63]! + BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out[o++] = `${BASE64_ALPHABET[n >> 18]}${BASE64_ALPHABET[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out[o++] = `${BASE64_ALPHABET[n >> 18]}${BASE64_ALPHABET[(n >> 12) & 63]}${BASE64_ALPHABET[(n >> 6) & 63]}=`;
  }
  return out.join('');
}

/** Strict standard base64: the alphabet, padding and length of RFC 4648 §4, or a TypeError. */
export function base64ToBytes(base64: string): Uint8Array {
  if (base64.length % 4 !== 0) throw new TypeError('Not standard base64.');
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((base64.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < base64.length; i += 4) {
    const last = i + 4 === base64.length;
    const a = value(base64, i);
    const b = value(base64, i + 1);
    const c = last && padding === 2 ? 0 : value(base64, i + 2);
    const d = last && padding >= 1 ? 0 : value(base64, i + 3);
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[o++] = n >> 16;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 0xff;
    if (o < bytes.length) bytes[o++] = n & 0xff;
  }
  return bytes;
}

function value(text: string, index: number): number {
  const v = BASE64_VALUE[text.charCodeAt(index)] ?? -1;
  if (v < 0) throw new TypeError('Not standard base64.');
  return v;
}

/** base64url without padding (RFC 4648 §5), as JOSE uses it. */
export function bytesToBase64url(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? utf8(input) : input;
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict unpadded base64url, or a TypeError. */
export function base64urlToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new TypeError('Not base64url.');
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return base64ToBytes(standard + '='.repeat((4 - (standard.length % 4)) % 4));
}
