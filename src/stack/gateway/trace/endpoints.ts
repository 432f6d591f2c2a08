import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import { localAccessGuard, type LocalAccess } from '../../http/local-access.ts';
import type { GatewayClientInfo } from '../events/incoming.ts';
import type { Timers } from '../timers.ts';
import { eventStreamSession } from '../../http/event-stream.ts';
import type { TraceStore } from './store.ts';
import { GATEWAY_PATHS } from '../../../lib/stack-urls.ts';

export const TRACE_PREFIX = GATEWAY_PATHS.trace;
const MAX_UNSENT = 100;

/**
 * The local-only trace endpoints: one trace as JSON by request id, and every
 * new trace as a server-sent event. Traces hold the reader's tokens, so only
 * clients on this machine, under this server's own name, get an answer, and
 * only the tutorial site's pages may read it cross-origin.
 */
export function traceEndpoints(store: TraceStore, local: LocalAccess, timers: Timers): { app: Hono<{ Bindings: GatewayClientInfo }>; close(): void } {
  const app = new Hono<{ Bindings: GatewayClientInfo }>();
  const access = localAccessGuard(local);
  const openStreams = new Set<() => void>();

  app.use('*', async (c, next) => {
    const refusal = access.refusal(c.req.raw, c.env);
    if (refusal) return c.json({ message: refusal }, 403);
    await next();
  });
  app.use('*', cors({ origin: (origin) => access.corsOrigin(origin) ?? null }));

  app.get('/stream', (c) =>
    streamSSE(c, async (stream) => {
      const session = eventStreamSession(stream, openStreams, timers, MAX_UNSENT);
      const unsubscribe = store.subscribe((trace) => session.send({ event: 'trace', id: trace.requestId, data: JSON.stringify(trace) }));
      await stream.write(': connected\n\n');
      await session.ended();
      unsubscribe();
    }),
  );

  app.get('/:requestId', (c) => {
    const trace = store.get(c.req.param('requestId'));
    if (!trace) return c.json({ message: 'No trace for this request id: it is unknown, or too old to be kept.' }, 404);
    return c.json(trace);
  });

  return {
    app,
    close() {
      for (const end of [...openStreams]) end();
    },
  };
}
