/**
 * `npm run aws:build`: the site against your deployment, into dist/ (or
 * `-- --out-dir <folder>`). Needs no credentials: nothing in it is secret,
 * and nothing is sent to AWS.
 */
import { resolve } from 'node:path';
import { option, ROOT, run } from './cdk.ts';
import { buildSiteForAws } from './site-build.ts';

run(async () => {
  const outDir = resolve(ROOT, option(process.argv.slice(2), '--out-dir') ?? 'dist');
  await buildSiteForAws(outDir);
  console.log(`\nThe site for your AWS deployment is in ${outDir}. Serve it from any static host, or: npm run aws:publish`);
});
