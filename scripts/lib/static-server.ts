import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';

/**
 * A static file server for a built site, the way a production host serves
 * it: directory URLs to index.html, a 404 page, gzip for text, long caching
 * for Astro's hashed assets. For screenshots and benchmarks, on loopback only.
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

export async function serveStatic(root: string, port = 0): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) throw new Error('outside');
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!path.endsWith('/')) {
          response.writeHead(301, { location: `${path}/` }).end();
          return;
        }
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      let status = 200;
      if (!info?.isFile()) {
        status = 404;
        file = join(root, '404.html');
      }
      const ext = extname(file);
      const headers: Record<string, string> = { 'content-type': TYPES[ext] ?? 'application/octet-stream' };
      headers['cache-control'] = path.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
      if (gzip) headers['content-encoding'] = 'gzip';
      response.writeHead(status, headers);
      if (request.method === 'HEAD') return void response.end();
      const stream = createReadStream(file);
      (gzip ? stream.pipe(createGzip()) : stream).pipe(response);
    } catch {
      response.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
