/**
 * `npm run aws:publish` (optional): builds the site against the deployment
 * (as aws:build does) and publishes it on S3 behind CloudFront with our
 * security headers (infra/site-stack.ts). Prints the site's address.
 *
 * The APIs already answer any origin (src/stack/api.ts explains why that is
 * safe for bearer-token APIs), so the published site needs no change to them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsSiteConfigPath, readAwsSiteConfig } from '../../src/config/aws-site-config.ts';
import { buildWorkspace } from '../../scripts/lib/build-workspace.ts';
import { SITE_STACK_NAME, SITE_URL_OUTPUT } from '../outputs.ts';
import { cdk, dataDir, run } from './cdk.ts';
import { requireCredentials } from './credentials.ts';
import { buildSiteForAws } from './site-build.ts';

run(async () => {
  const { region } = requireCredentials('npm run aws:publish');
  const data = dataDir();
  // Fails with a sentence when nothing was deployed yet.
  readAwsSiteConfig(awsSiteConfigPath({ TOKEN_TRAIL_DATA: data }));
  // A build folder of its own: a dist/ someone serves is left alone.
  const outDir = join(buildWorkspace('publish-'), 'site');
  await buildSiteForAws(outDir);
  const outputsFile = join(data, 'aws-site-outputs.json');
  await cdk(['deploy', SITE_STACK_NAME, '--context', `siteDir=${outDir}`, '--outputs-file', outputsFile], region);
  const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, Record<string, string>>;
  console.log(
    `\nPublished: ${outputs[SITE_STACK_NAME]?.[SITE_URL_OUTPUT] ?? '(see the outputs above)'}\nCloudFront may take a few minutes to answer everywhere.`,
  );
});
