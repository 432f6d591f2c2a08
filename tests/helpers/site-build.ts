import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWorkspace } from '../../scripts/lib/build-workspace.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BuiltSite {
  dir: string;
  /** For every emitted client chunk (`_astro/x.js`), the source modules bundled into it. */
  chunkModules: Map<string, string[]>;
}

/**
 * Builds a site with Astro's JavaScript API, in this process, into a fresh
 * temporary folder: the tests see exactly what `npm run build` would ship,
 * and a Vite plugin records which source modules went into which chunk, so a
 * test can tell Amplify's code from ours without guessing from file names.
 *
 * `env` replaces the variables that src/config/backend.ts reads, for the
 * duration of the build.
 */
export async function buildSite(options: { root?: string; env?: Record<string, string | undefined> } = {}): Promise<BuiltSite> {
  const { build } = await import('astro');
  // Inside the project: see buildWorkspace.
  const dir = buildWorkspace('site-');
  const chunkModules = new Map<string, string[]>();
  const recorder = {
    name: 'token-trail:record-chunk-modules',
    generateBundle(_options: unknown, bundle: Record<string, { type: string; fileName: string; moduleIds?: string[]; modules?: Record<string, unknown> }>) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        chunkModules.set(output.fileName, output.moduleIds ?? Object.keys(output.modules ?? {}));
      }
    },
  };

  const saved: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(options.env ?? {})) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  try {
    await build({
      root: options.root ?? ROOT,
      outDir: dir,
      // Its own Vite cache, so a build here never trips over a dev server's.
      cacheDir: join(dir, '..', `${dir.split(/[\\/]/).pop()}-cache`),
      logLevel: 'error',
      vite: { plugins: [recorder] },
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  return { dir, chunkModules };
}
