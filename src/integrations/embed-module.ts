import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { buildEmbedModule } from '../../scripts/lib/embed-module-build.ts';
import { EMBED_MODULE_FILE } from '../embed/widgets.ts';
import { normalizeBase } from '../lib/base-path.ts';
import { devServedScript } from './built-script.ts';

/**
 * Serves the host page's module at `<base>embed.js` (src/embed/host.ts,
 * bundled by scripts/lib/embed-module-build.ts), as the stack's worker is
 * served (src/integrations/stack-worker.ts): written into the output folder
 * by `astro build`, built on request by `astro dev`.
 */
export default function embedModule(): AstroIntegration {
  let base = '/';
  return {
    name: 'token-trail:embed-module',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        base = normalizeBase(config.base);
        if (command === 'dev') {
          const plugin = devServedScript(
            'token-trail:embed-module-dev',
            () => base,
            EMBED_MODULE_FILE,
            () => buildEmbedModule({ minify: false }),
          );
          updateConfig({ vite: { plugins: [plugin] } });
        }
      },
      'astro:config:done': ({ config }) => {
        base = normalizeBase(config.base);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { code } = await buildEmbedModule({ minify: true });
        await writeFile(resolve(fileURLToPath(dir), EMBED_MODULE_FILE), code);
        logger.info(
          `${base}${EMBED_MODULE_FILE}: the embeds' module for other sites' pages (${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1)} KB gzipped)`,
        );
      },
    },
  };
}
