import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';
import { buildPlayground, type PlaygroundBundle } from '../../scripts/lib/playground-build.ts';
import { normalizeBase } from '../lib/base-path.ts';
import { PLAYGROUND_DIR } from '../widgets/playground/protocol.ts';

/**
 * Serves the code playground's sandbox at `<base>playground/` (its page,
 * runtime and libraries, built by scripts/lib/playground-build.ts):
 * `astro build` writes the folder into the output, `astro dev` answers it
 * from a middleware and builds it again when one of its sources changes. The
 * same way as the stack's worker script (stack-worker.ts), and for the same
 * reason: these are esbuild bundles of their own, outside Vite's module graph.
 */
export default function playground(): AstroIntegration {
  let base = '/';
  return {
    name: 'token-trail:playground',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        base = normalizeBase(config.base);
        if (command === 'dev') updateConfig({ vite: { plugins: [devServer(() => base)] } });
      },
      'astro:config:done': ({ config }) => {
        base = normalizeBase(config.base);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { files } = await buildPlayground({ minify: true });
        const folder = join(fileURLToPath(dir), PLAYGROUND_DIR);
        await mkdir(folder, { recursive: true });
        await Promise.all([...files].map(([name, text]) => writeFile(join(folder, name), text)));
        logger.info(`${base}${PLAYGROUND_DIR}/: the code playground's sandbox (${[...files.keys()].join(', ')})`);
      },
    },
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** The dev server's copy: built on first request, kept until one of its inputs changes. */
function devServer(base: () => string): Plugin {
  let bundle: Promise<PlaygroundBundle> | undefined;
  let inputs = new Set<string>();
  return {
    name: 'token-trail:playground-dev',
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
        const prefix = `${base()}${PLAYGROUND_DIR}/`;
        if (!path.startsWith(prefix)) return next();
        const name = path.slice(prefix.length);
        bundle ??= buildPlayground({ minify: false }).then((built) => {
          inputs = new Set(built.inputs.map((input) => resolve(input)));
          return built;
        });
        const current = bundle;
        current.then(
          ({ files }) => {
            const text = files.get(name);
            if (text === undefined) return next();
            response.writeHead(200, { 'content-type': TYPES[name.slice(name.lastIndexOf('.'))] ?? 'text/plain', 'cache-control': 'no-cache' });
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
