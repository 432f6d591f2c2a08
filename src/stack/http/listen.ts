import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** The host part of a URL that reaches a server bound to `host`. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
