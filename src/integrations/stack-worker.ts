import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';
import { buildStackWorker, type StackWorkerBundle } from '../../scripts/lib/stack-worker-build.ts';
import { normalizeBase } from '../lib/base-path.ts';
import { BROWSER_STACK_PATHS } from '../lib/stack-urls.ts';

/**
 * Serves the demo stack's Service Worker script at `<base>stack-worker.js`
 * (src/stack/browser/worker.ts, bundled by scripts/lib/stack-worker-build.ts,
 * the one build of it): `astro build` writes it at the root of the output
 * folder, which a host serves at the base; `astro dev` answers it from a
 * middleware and builds it again when one of its source files changes.
 *
 * The worker's scope is the base, the folder its script is served from, so
 * no `Service-Worker-Allowed` header is needed (https://w3c.github.io/ServiceWorker/#service-worker-script-response).
 */
export default function stackWorker(): AstroIntegration {
  let base = '/';
  return {
    name: 'token-trail:stack-worker',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        base = normalizeBase(config.base);
        if (command === 'dev') updateConfig({ vite: { plugins: [devServer(() => base)] } });
      },
      'astro:config:done': ({ config }) => {
        base = normalizeBase(config.base);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { code } = await buildStackWorker({ minify: true });
        await writeFile(resolve(fileURLToPath(dir), BROWSER_STACK_PATHS.worker), code);
        logger.info(`${base}${BROWSER_STACK_PATHS.worker}: the demo stack for the reader's browser (${Math.round(code.length / 1024)} KB)`);
      },
    },
  };
}

/** The dev server's copy: built on first request, kept until one of its inputs changes. */
function devServer(base: () => string): Plugin {
  let bundle: Promise<StackWorkerBundle> | undefined;
  let inputs = new Set<string>();
  return {
    name: 'token-trail:stack-worker-dev',
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
        if (path !== `${base()}${BROWSER_STACK_PATHS.worker}`) return next();
        bundle ??= buildStackWorker({ minify: false }).then((built) => {
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
