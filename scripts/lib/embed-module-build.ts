import { fileURLToPath } from 'node:url';
import { bundleForBrowser } from './browser-bundle.ts';

/** The host page's module: the custom elements and the frames' sizing (src/embed/host.ts). */
export const EMBED_MODULE_ENTRY = fileURLToPath(new URL('../../src/embed/host.ts', import.meta.url));

export interface EmbedModuleBundle {
  /** The module, served at `<base>embed.js` (EMBED_MODULE_FILE). */
  code: string;
  /** Every source file it was built from, for a dev server to watch. */
  inputs: string[];
}

/**
 * Bundles the host page's module into one standalone ES module, as
 * scripts/lib/stack-worker-build.ts bundles the stack's worker: one build for
 * the site (dev and production), the tests and the benchmark. An ES module
 * because a host page loads it with `<script type="module">` and needs no
 * build step of its own; one file, with nothing to import, so that it works
 * wherever it is copied. It finds the site it belongs to from its own URL
 * (`import.meta.url`), which esbuild leaves as it is in this format.
 */
export async function buildEmbedModule(options: { minify?: boolean } = {}): Promise<EmbedModuleBundle> {
  const { files, inputs } = await bundleForBrowser({ entryPoints: [EMBED_MODULE_ENTRY], format: 'esm', minify: options.minify });
  return { code: [...files.values()][0]!, inputs };
}
