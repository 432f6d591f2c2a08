import type { CheckName } from '../../../lib/trace/hops.ts';
import { decodeBase64url, decodeUtf8 } from './bytes.ts';

/** A compact JWS taken apart, nothing verified yet. */
export interface DecodedToken {
  /** The three base64url segments as received. */
  segments: { header: string; payload: string; signature: string };
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export type DecodeResult =
  | { ok: true; token: DecodedToken }
  | { ok: false; check: Extract<CheckName, 'segments' | 'base64url' | 'token-json'>; reason: string };

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Splits and decodes a compact JWS strictly: exactly three segments, only the
 * base64url alphabet, UTF-8 JSON objects for header and payload. An empty
 * signature passes here so that the signature check can name it.
 */
export function decodeToken(token: string): DecodeResult {
  if (!COMPACT.test(token)) return describeFormatError(token);
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  const segments = {
    header: token.slice(0, first),
    payload: token.slice(first + 1, second),
    signature: token.slice(second + 1),
  };
  const header = parseJsonObject(segments.header, 'header');
  if ('check' in header) return header;
  const payload = parseJsonObject(segments.payload, 'payload');
  if ('check' in payload) return payload;
  return { ok: true, token: { segments, header: header.value, payload: payload.value } };
}

function describeFormatError(token: string): DecodeResult {
  const segments = token.split('.');
  if (segments.length !== 3) {
    return { ok: false, check: 'segments', reason: `the token has ${segments.length} dot-separated parts, not 3` };
  }
  const names = ['header', 'payload', 'signature'];
  const index = segments.findIndex((segment, i) => (i < 2 && segment === '') || !BASE64URL.test(segment));
  const segment = segments[index] ?? '';
  const problem = segment === '' ? 'is empty' : 'contains characters outside the base64url alphabet';
  return { ok: false, check: 'base64url', reason: `the ${names[index]} part ${problem}` };
}

/** The parsed object, or why the part is not one. */
function parseJsonObject(segment: string, name: string): { value: Record<string, unknown> } | Extract<DecodeResult, { ok: false }> {
  const refuse = (check: 'base64url' | 'token-json', problem: string) => ({ ok: false as const, check, reason: `the ${name} ${problem}` });
  // A length of 1 modulo 4 cannot come from any byte sequence.
  if (segment.length % 4 === 1) return refuse('base64url', 'has an impossible base64url length');
  let text: string;
  try {
    text = decodeUtf8(decodeBase64url(segment));
  } catch {
    return refuse('token-json', 'is not UTF-8 text');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('token-json', 'is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('token-json', 'is not a JSON object');
  return { value: value as Record<string, unknown> };
}
