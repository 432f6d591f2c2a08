/**
 * Byte conversions on the verification hot path. Node's Buffer decodes
 * base64url natively; the portable route (atob plus a loop, or TextEncoder)
 * costs several microseconds more per token, which is most of the gap to raw
 * `crypto.verify` (bench/gateway.ts). Browsers take the portable route.
 */

interface NodeBuffer {
  from(input: string, encoding: 'base64url' | 'latin1'): Uint8Array<ArrayBuffer>;
}
const NodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/** Decodes base64url that the caller has already checked against the alphabet. */
export const decodeBase64url: (text: string) => Uint8Array<ArrayBuffer> = NodeBuffer
  ? (text) => NodeBuffer.from(text, 'base64url')
  : (text) => {
      const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return bytes;
    };

/** Bytes of an ASCII string (a compact JWS signing input). */
export const asciiBytes: (text: string) => Uint8Array<ArrayBuffer> = NodeBuffer
  ? (text) => NodeBuffer.from(text, 'latin1')
  : (text) => new TextEncoder().encode(text);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array): string {
  return strictUtf8.decode(bytes);
}
