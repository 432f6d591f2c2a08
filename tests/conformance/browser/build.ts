/**
 * The Chromium conformance run's files, built once per run (by the
 * `conformance-build` Playwright project) and served to every test by a
 * static server on a free port:
 *
 *   /stack-worker.js               the stack's Service Worker exactly as buildStackWorker() makes it for
 *                                  the site, after the test clock of worker-clock.ts
 *   /index.html, /pool-page.js     the Amplify page: the Amplify flows and aws-amplify
 *   /gateways/gateway-worker.js    the gateway worker (gateway-worker.ts)
 *   /gateways/index.html, /gateways/gateway-page.js   the gateway page: the attack corpus and the Lambda events
 *
 * The pages and the gateway worker are bundled by esbuild from the same case
 * modules the Node tests import.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildStackWorker } from '../../../scripts/lib/stack-worker-build.ts';
import { PATHS } from './protocol.ts';

/** Where the run's files are: inside Playwright's output folder, which every run starts empty. */
export const CONFORMANCE_FILES = fileURLToPath(new URL('../../../test-results/conformance-files/', import.meta.url));

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

async function bundle(entry: string, format: 'iife' | 'esm', sourcemap = true): Promise<string> {
  const result = await build({
    entryPoints: [here(entry)],
    bundle: true,
    format,
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // Readable stacks when a case fails.
    sourcemap: sourcemap ? 'inline' : false,
  });
  return result.outputFiles[0]!.text;
}

const page = (title: string, script: string) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title><script type="module" src="${script}"></script></head><body><h1>${title}</h1></body></html>\n`;

export async function buildConformanceFiles(dir = CONFORMANCE_FILES): Promise<void> {
  const [stackWorker, clock, poolPage, gatewayWorker, gatewayPage] = await Promise.all([
    buildStackWorker(),
    // No source map in front of the stack's script: it is one file, and its own comes last.
    bundle('worker-clock.ts', 'iife', false),
    bundle('pool-page.ts', 'esm'),
    bundle('gateway-worker.ts', 'iife'),
    bundle('gateway-page.ts', 'esm'),
  ]);
  const files: Record<string, string> = {
    '/stack-worker.js': `${clock}\n${stackWorker.code}`,
    [PATHS.poolPage]: page('Token Trail conformance: the Amplify flows', PATHS.poolScript),
    [PATHS.poolScript]: poolPage,
    [PATHS.gatewayWorker]: gatewayWorker,
    [PATHS.gatewayPage]: page('Token Trail conformance: the gateway suites', PATHS.gatewayScript),
    [PATHS.gatewayScript]: gatewayPage,
  };
  await rm(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}
