import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

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
  const result = await build({
    entryPoints: [EMBED_MODULE_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return {
    code: result.outputFiles[0]!.text,
    inputs: Object.keys(result.metafile.inputs).map((input) => (input.startsWith('/') ? input : `${root}${input}`)),
  };
}
