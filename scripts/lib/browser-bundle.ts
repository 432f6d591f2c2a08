import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BrowserBundle {
  /** Each output file's name (without its folder) to its text. */
  files: Map<string, string>;
  /** Every source file it was built from, for a dev server to watch. */
  inputs: string[];
}

/**
 * The one way the site bundles a script it serves itself (the stack's
 * worker, the embeds' module, the playground's sandbox): esbuild, for
 * browsers of ES2022, in memory, minified unless a dev server asks
 * otherwise, without license comments.
 */
export async function bundleForBrowser(
  options: Required<Pick<BuildOptions, 'entryPoints' | 'format'>> & Pick<BuildOptions, 'outdir' | 'keepNames'> & { minify?: boolean },
): Promise<BrowserBundle> {
  const result = await build({
    ...options,
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return {
    files: new Map(result.outputFiles.map((file) => [file.path.replace(/^.*[\\/]/, ''), file.text])),
    inputs: Object.keys(result.metafile.inputs).map((input) => (input.startsWith('/') ? input : `${ROOT}${input}`)),
  };
}
