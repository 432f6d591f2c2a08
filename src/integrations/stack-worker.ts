import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildStackWorker } from '../../scripts/lib/stack-worker-build.ts';
import { normalizeBase } from '../lib/base-path.ts';
import { BROWSER_STACK_PATHS } from '../lib/stack-urls.ts';
import { devServedScript } from './built-script.ts';

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
        if (command === 'dev') {
          const plugin = devServedScript(
            'token-trail:stack-worker-dev',
            () => base,
            BROWSER_STACK_PATHS.worker,
            () => buildStackWorker({ minify: false }),
          );
          updateConfig({ vite: { plugins: [plugin] } });
        }
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
