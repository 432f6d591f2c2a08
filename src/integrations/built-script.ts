import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import type { BrowserBundle } from '../../scripts/lib/browser-bundle.ts';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/**
 * The dev server's copy of files the site serves that esbuild builds outside
 * Vite (scripts/lib/browser-bundle.ts), each at `folder()` followed by its
 * name: built on first request for one of them, kept until one of their
 * inputs changes. `names`, when the names are known before the build, spares
 * every other request under the folder from waiting for it. The
 * production build writes the same files into the output folder instead
 * (src/integrations/stack-worker.ts, embed-module.ts, playground.ts).
 */
export function devServedFiles(name: string, folder: () => string, build: () => Promise<BrowserBundle>, names?: readonly string[]): Plugin {
  let bundle: Promise<BrowserBundle> | undefined;
  let inputs = new Set<string>();
  return {
    name,
    configureServer(server) {
      const invalidate = (file: string) => {
        if (inputs.has(resolve(file))) bundle = undefined;
      };
      server.watcher.on('change', invalidate);
      server.watcher.on('unlink', invalidate);
      server.middlewares.use((request, response, next) => {
        // Astro's dev server cuts the base off `url` before this runs; connect keeps the request's own in `originalUrl`.
        const original = (request as typeof request & { originalUrl?: string }).originalUrl ?? request.url ?? '/';
        const path = new URL(original, 'http://dev.invalid').pathname;
        if (!path.startsWith(folder())) return next();
        const file = path.slice(folder().length);
        if (names && !names.includes(file)) return next();
        bundle ??= build().then((built) => {
          inputs = new Set(built.inputs.map((input) => resolve(input)));
          return built;
        });
        // A failed build is forgotten, so the next request tries again; unless a change already replaced it.
        const current = bundle;
        current.then(
          ({ files }) => {
            const text = files.get(file);
            if (text === undefined) return next();
            response.writeHead(200, { 'content-type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'text/plain', 'cache-control': 'no-cache' });
            response.end(text);
          },
          (error: unknown) => {
            if (bundle === current) bundle = undefined;
            next(error);
          },
        );
      });
    },
  };
}

/** The dev server's copy of one built script, `file` in `folder()`. */
export function devServedScript(name: string, folder: () => string, file: string, build: () => Promise<{ code: string; inputs: string[] }>): Plugin {
  return devServedFiles(name, folder, () => build().then(({ code, inputs }) => ({ files: new Map([[file, code]]), inputs })), [file]);
}
