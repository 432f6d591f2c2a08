import { fileURLToPath } from 'node:url';
import { bundleForBrowser } from './browser-bundle.ts';

/** The Service Worker's entry: the whole demo stack, for the reader's browser. */
export const STACK_WORKER_ENTRY = fileURLToPath(new URL('../../src/stack/browser/worker.ts', import.meta.url));

export interface StackWorkerBundle {
  /** The script, served at `<base>stack-worker.js` (BROWSER_STACK_PATHS.worker). */
  code: string;
  /** Every source file it was built from, for a dev server to watch. */
  inputs: string[];
}

/**
 * Bundles the in-browser stack into one classic Service Worker script. One
 * build for every consumer: the site (dev and production), the tests that
 * run the stack in Chromium, and the browser benchmark.
 *
 * A classic script rather than a module worker: Firefox registered module
 * Service Workers only from version 147, and a classic one runs everywhere
 * Service Workers do.
 */
export async function buildStackWorker(options: { minify?: boolean } = {}): Promise<StackWorkerBundle> {
  const { files, inputs } = await bundleForBrowser({ entryPoints: [STACK_WORKER_ENTRY], format: 'iife', minify: options.minify });
  return { code: [...files.values()][0]!, inputs };
}
