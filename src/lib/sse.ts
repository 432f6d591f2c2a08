/**
 * Server-sent events, read from text as it arrives: the one parser for the
 * stack's streams (traces, the workshop room), used by the facilitator's
 * console (which reads with fetch, since EventSource cannot send an
 * Authorization header), the workshop benchmark and the tests. It reads what
 * the stack writes: blocks ended by a blank line, `field: value` lines and
 * `: comment` lines (https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream).
 */
export interface SseBlock {
  /** A comment line (`: connected`), without the colon and space. */
  comment?: string;
  event?: string;
  id?: string;
  /** Several `data` lines joined with a line feed, as the standard joins them. */
  data?: string;
}

/** Splits a stream's text into blocks; text after the last blank line waits for the next chunk. */
export class SseSplitter {
  private buffer = '';

  /** Adds a chunk of text; returns the blocks it completed, in order. */
  push(text: string): SseBlock[] {
    this.buffer += text;
    const blocks: SseBlock[] = [];
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      blocks.push(parseBlock(this.buffer.slice(0, end)));
      this.buffer = this.buffer.slice(end + 2);
    }
    return blocks;
  }
}

function parseBlock(text: string): SseBlock {
  const block: SseBlock = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) {
      block.comment = line.slice(1).trimStart();
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
    if (field === 'data') block.data = block.data === undefined ? value : `${block.data}\n${value}`;
    else if (field === 'event' || field === 'id') block[field] = value;
  }
  return block;
}
