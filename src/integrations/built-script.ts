import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** A script the site serves that esbuild builds outside Vite: its code, and every source file it was built from. */
export interface BuiltScript {
  code: string;
  inputs: string[];
}

/**
 * The dev server's copy of such a script, at the URL path `path()` returns:
 * built on first request, kept until one of its inputs changes. The
 * production build writes the same script into the output folder instead
 * (src/integrations/stack-worker.ts, src/integrations/embed-module.ts).
 */
export function devServedScript(name: string, path: () => string, build: () => Promise<BuiltScript>): Plugin {
  let bundle: Promise<BuiltScript> | undefined;
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
        if (new URL(original, 'http://dev.invalid').pathname !== path()) return next();
        bundle ??= build().then((built) => {
          inputs = new Set(built.inputs.map((input) => resolve(input)));
          return built;
        });
        // A failed build is forgotten, so the next request tries again; unless a change already replaced it.
        const current = bundle;
        current.then(
          ({ code }) => {
            response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
            response.end(code);
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
