import type { SSEMessage, SSEStreamingApi } from 'hono/streaming';
import type { Timers } from '../gateway/timers.ts';

/** A comment line this often, so that idle connections stay open through proxies. */
const KEEPALIVE_MS = 15_000;

export interface EventStreamSession {
  /** Sends an event, unless `maxUnsent` are still unsent: a reader that stops reading must not make the stack hold events for it without end. */
  send(message: SSEMessage): void;
  /** Resolves when the reader goes or the server closes the stream; the keep-alive has stopped by then. */
  ended(): Promise<void>;
}

/**
 * What every server-sent event stream of the stack does (the trace stream,
 * the workshop room's events): bounded sending, a keep-alive comment, and an
 * end that `openStreams` can bring about when the server closes. Runs in
 * Node and in the Service Worker alike (Hono's streams, the stack's timers).
 */
export function eventStreamSession(stream: SSEStreamingApi, openStreams: Set<() => void>, timers: Timers, maxUnsent: number): EventStreamSession {
  const ended = new Promise<void>((resolve) => {
    const end = () => {
      openStreams.delete(end);
      resolve();
    };
    openStreams.add(end);
    stream.onAbort(end);
  });
  let unsent = 0;
  let keepalive: unknown;
  const beat = () => {
    keepalive = timers.setTimeout(() => {
      void stream.write(': keep-alive\n\n');
      beat();
    }, KEEPALIVE_MS);
  };
  beat();
  return {
    send(message) {
      if (unsent >= maxUnsent) return;
      unsent += 1;
      void stream.writeSSE(message).finally(() => {
        unsent -= 1;
      });
    },
    async ended() {
      await ended;
      timers.clearTimeout(keepalive);
    },
  };
}
