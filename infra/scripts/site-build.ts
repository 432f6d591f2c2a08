/**
 * The site against the deployment that `npm run aws:deploy` described in
 * <data>/aws.json, with its search index: `npm run build` with
 * TOKEN_TRAIL_BACKEND=aws. For aws:build and aws:publish.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { dataDir, ROOT } from './cdk.ts';

/** Builds the site for AWS into `outDir`, as `npm run build` builds it. */
export async function buildSiteForAws(outDir: string): Promise<void> {
  const env = { ...process.env, TOKEN_TRAIL_BACKEND: 'aws', TOKEN_TRAIL_DATA: dataDir(), ASTRO_TELEMETRY_DISABLED: '1' };
  const step = (what: string, args: string[]) =>
    new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' });
      child.once('error', fail);
      child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${what} failed (exit code ${code}).`))));
    });
  await step('astro build', [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir]);
  await step('pagefind', [join(ROOT, 'node_modules/pagefind/lib/runner/bin.cjs'), '--site', outDir]);
}
