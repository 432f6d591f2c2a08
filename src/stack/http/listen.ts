import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { ClientInfo, FetchHandler } from './types.ts';

export interface Listening {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:9400`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a standard fetch handler on a Node HTTP server. The handler only ever
 * sees a Request and a ClientInfo, so it stays free of Node's http types.
 */
export function listen(handler: FetchHandler, options: { host: string; port: number; publicHost?: string }): Promise<Listening> {
  const listener = getRequestListener((request, env) => {
    const client: ClientInfo = { remoteAddress: env.incoming.socket.remoteAddress ?? '', rawHeaders: env.incoming.rawHeaders };
    return handler(request, client);
  });
  const server: Server = createServer({ keepAliveTimeout: 65_000 }, listener);
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.publicHost ?? urlHost(options.host);
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** What Node answers a request it cannot parse, by its error code (as its default handler does); anything else is a 400. */
const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};
const CLIENT_ERROR_LINGER_MS = 5000;

/**
 * A request Node cannot parse (a request target that is no path, a header
 * too large) never reaches the handler. Node's own answer closes the socket
 * at once, and a client still sending a body then gets a reset instead of
 * the answer. Here the answer is a JSON message, and the socket reads and
 * drops what is still coming for a while before it closes, so that the
 * client reads why (https://nodejs.org/api/http.html#event-clienterror).
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request'];
  const body = JSON.stringify({ message: `${reason}: the request could not be read as HTTP.` });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.resume();
  setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS).unref();
}

/** The host part of a URL that reaches a server bound to `host`. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
