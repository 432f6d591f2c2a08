/**
 * `npm run aws:destroy`: removes the TokenTrail stack (the pool and its
 * users, the APIs, the functions and their logs) and the published site's
 * stack if there is one, then the site configuration that named them. What
 * remains is
 * CDK's bootstrap stack (CDKToolkit), shared by every CDK app of the account
 * and Region; the chapter "Run it on AWS" says how to remove it too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsSiteConfigPath } from '../../src/config/aws-site-config.ts';
import { SITE_STACK_NAME, STACK_NAME } from '../outputs.ts';
import { cdk, dataDir, run } from './cdk.ts';
import { requireCredentials } from './credentials.ts';

run(async () => {
  const { region } = requireCredentials('npm run aws:destroy');
  // The site's stack is in the app only with a site folder; to destroy it, any folder will do.
  const placeholder = mkdtempSync(join(tmpdir(), 'token-trail-empty-site-'));
  try {
    await cdk(['destroy', '--force', '--context', `siteDir=${placeholder}`, SITE_STACK_NAME, STACK_NAME], region);
  } finally {
    rmSync(placeholder, { recursive: true, force: true });
  }
  const data = dataDir();
  for (const file of [awsSiteConfigPath({ TOKEN_TRAIL_DATA: data }), join(data, 'aws-outputs.json'), join(data, 'aws-site-outputs.json')])
    rmSync(file, { force: true });
  console.log(`
Removed: the pool and its users, the three APIs, the functions and their logs, and the published site if there was one.
CDK's bootstrap stack (CDKToolkit) stays: other CDK apps of this account and Region may use it.`);
});
