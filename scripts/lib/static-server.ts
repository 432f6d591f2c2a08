import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { normalizeBase, withoutBase } from '../../src/lib/base-path.ts';
import { urlHost } from '../../src/stack/http/listen.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * A static file server for a built site, the way a production host serves
 * it: directory URLs to index.html, a 404 page, Brotli or gzip for text, long caching
 * for Astro's hashed assets, and on every response the security headers of
 * scripts/lib/security-headers.ts. For `npm start`, the browser tests,
 * screenshots and benchmarks, on loopback unless told an address (`npm run
 * workshop` serves a room).
 *
 * It may listen before the site is built (the stack must know the site's
 * origin before the build, which reads the stack's ports): until `root`
 * exists it answers 503.
 *
 * `base` serves the folder under a sub-path, as a site built with
 * `SITE_BASE=/token-trail/` is published: `root` answers at
 * `/token-trail/`, and nothing answers outside it but the 404 page.
 *
 * Everything but Astro's hashed assets is `no-cache` (used only after the
 * browser checked it is current), the demo stack's Service Worker script
 * (`<base>stack-worker.js`) included, with a JavaScript type, as a worker
 * script must have (https://w3c.github.io/ServiceWorker/#update-algorithm).
 * Browsers check the worker script itself past their HTTP cache anyway
 * (`updateViaCache`'s default, https://w3c.github.io/ServiceWorker/#dom-serviceworkerregistration-updateviacache).
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.txt']);

export interface StaticServer {
  /** `http://<host>:<port>` (`http://127.0.0.1:<port>` by default), without a trailing slash. */
  url: string;
  server: Server;
  close: () => Promise<void>;
}

export async function serveStatic(root: string, port = 0, options: { base?: string; host?: string } = {}): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const base = normalizeBase(options.base);
  const server = createServer(async (request, response) => {
    let pathname = '/';
    const send = (status: number, headers: OutgoingHttpHeaders, body?: string) =>
      response.writeHead(status, { ...securityHeaders(pathname, base), ...headers }).end(request.method === 'HEAD' ? undefined : body);
    try {
      const url = new URL(request.url ?? '/', 'http://x');
      pathname = url.pathname;
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return void send(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'Method not allowed.\n');
      if (!(await stat(root).catch(() => null))?.isDirectory()) {
        return void send(
          503,
          { 'retry-after': '5', 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' },
          'The site is being built. Reload in a moment.\n',
        );
      }
      if (`${pathname}/` === base) return void send(301, { location: `${base}${url.search}` });
      const underBase = withoutBase(pathname, base);
      const path = decodeURIComponent(underBase ?? '/404.html');
      let file = normalize(join(root, path));
      if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) throw new Error('outside');
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!path.endsWith('/')) return void send(301, { location: `${pathname}/${url.search}` });
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      let status = underBase === undefined ? 404 : 200;
      if (!info?.isFile() || status === 404) {
        status = 404;
        file = join(root, '404.html');
      }
      const ext = extname(file);
      const headers: OutgoingHttpHeaders = { 'content-type': TYPES[ext] ?? 'application/octet-stream' };
      headers['cache-control'] = path.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      let encoding: 'br' | 'gzip' | undefined;
      if (COMPRESSIBLE.has(ext)) {
        headers.vary = 'accept-encoding';
        encoding = contentEncoding(String(request.headers['accept-encoding'] ?? ''));
        if (encoding) headers['content-encoding'] = encoding;
      }
      if (request.method === 'HEAD') return void send(status, headers);
      const stream = createReadStream(file);
      // Opened before the head goes out, so that a missing file (a site
      // without 404.html) still gets a proper status.
      stream.once('error', () => {
        if (response.headersSent) response.destroy();
        else send(status === 404 ? 404 : 500, { 'content-type': 'text/plain; charset=utf-8' }, status === 404 ? 'Not found.\n' : 'Could not read the file.\n');
      });
      stream.once('open', () => {
        response.writeHead(status, { ...securityHeaders(pathname, base), ...headers });
        (encoding ? stream.pipe(encoding === 'br' ? createBrotliCompress(BROTLI) : createGzip()) : stream).pipe(response);
      });
    } catch {
      if (!response.headersSent) send(400, { 'content-type': 'text/plain; charset=utf-8' }, 'Bad request.\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${actual}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

/** Brotli at a quality a server can afford per response, as hosts compress on the fly. */
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };

/** Brotli where the client takes it, as CDNs and most hosts answer a browser; else gzip; else none. */
function contentEncoding(acceptEncoding: string): 'br' | 'gzip' | undefined {
  if (/\bbr\b/.test(acceptEncoding)) return 'br';
  if (/\bgzip\b/.test(acceptEncoding)) return 'gzip';
  return undefined;
}
