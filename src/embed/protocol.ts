/**
 * The messages between an embed (a page under `<base>embed/`, framed by
 * another site) and the host page's script (src/embed/host.ts), over
 * `postMessage` (https://html.spec.whatwg.org/multipage/web-messaging.html).
 *
 * Every message is an object with `protocol: 'token-trail-embed'` (so that
 * neither side mistakes another library's messages for its own) and
 * `version: 1`. A change that a reader of version 1 would misread gets a new
 * version; each side ignores versions it does not know, and anything else
 * it does not expect.
 *
 * 1. The host, when the frame has loaded: `{ type: 'hello' }`, sent to the
 *    embed's origin only (`targetOrigin`), so that a frame navigated
 *    elsewhere never gets it.
 * 2. The embed accepts a hello only from its parent window, and from then on
 *    sends `{ type: 'size', height }` to that window's origin only (the
 *    hello's `event.origin`), whenever its content's height changes.
 * 3. The host accepts a size only from its own frame's window and from the
 *    embed's origin, and sets the frame's height to it.
 *
 * A size is all an embed ever sends: nothing the reader typed, no token.
 */
export const EMBED_PROTOCOL = 'token-trail-embed';
export const EMBED_PROTOCOL_VERSION = 1;

/** Heights outside 1 to this many CSS pixels are refused: no widget is taller, and a broken value must not blow up the host's layout. */
export const MAX_EMBED_HEIGHT = 20_000;

export interface HelloMessage {
  protocol: typeof EMBED_PROTOCOL;
  version: typeof EMBED_PROTOCOL_VERSION;
  type: 'hello';
}

export interface SizeMessage {
  protocol: typeof EMBED_PROTOCOL;
  version: typeof EMBED_PROTOCOL_VERSION;
  type: 'size';
  /** The embed's content height, in CSS pixels: a whole number from 1 to MAX_EMBED_HEIGHT. */
  height: number;
}

export function helloMessage(): HelloMessage {
  return { protocol: EMBED_PROTOCOL, version: EMBED_PROTOCOL_VERSION, type: 'hello' };
}

export function sizeMessage(height: number): SizeMessage {
  return { protocol: EMBED_PROTOCOL, version: EMBED_PROTOCOL_VERSION, type: 'size', height: Math.min(MAX_EMBED_HEIGHT, Math.max(1, Math.ceil(height))) };
}

function ours(data: unknown): data is { protocol: string; version: number; type: unknown } {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { protocol?: unknown }).protocol === EMBED_PROTOCOL &&
    (data as { version?: unknown }).version === EMBED_PROTOCOL_VERSION
  );
}

export function isHello(data: unknown): data is HelloMessage {
  return ours(data) && data.type === 'hello';
}

/** The height a size message carries, or undefined for anything that is not a well-formed size message. */
export function sizeOf(data: unknown): number | undefined {
  if (!ours(data) || data.type !== 'size') return undefined;
  const height = (data as { height?: unknown }).height;
  return typeof height === 'number' && Number.isInteger(height) && height >= 1 && height <= MAX_EMBED_HEIGHT ? height : undefined;
}
