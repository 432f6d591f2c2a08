import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildPlayground } from '../../scripts/lib/playground-build.ts';
import { normalizeBase } from '../lib/base-path.ts';
import { PLAYGROUND_DIR } from '../widgets/playground/protocol.ts';
import { devServedFiles } from './built-script.ts';

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
        if (command === 'dev') {
          const plugin = devServedFiles(
            'token-trail:playground-dev',
            () => `${base}${PLAYGROUND_DIR}/`,
            () => buildPlayground({ minify: false }),
          );
          updateConfig({ vite: { plugins: [plugin] } });
        }
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
