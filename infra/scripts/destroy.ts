/**
 * `npm run aws:destroy`: removes the TokenTrail stack (the pool and its
 * users, the APIs, the functions and their logs), then the site
 * configuration that named them. What remains is
 * CDK's bootstrap stack (CDKToolkit), shared by every CDK app of the account
 * and Region; the chapter "Run it on AWS" says how to remove it too.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { awsSiteConfigPath } from '../../src/config/aws-site-config.ts';
import { STACK_NAME } from '../outputs.ts';
import { cdk, dataDir, run } from './cdk.ts';
import { requireCredentials } from './credentials.ts';

run(async () => {
  const { region } = requireCredentials('npm run aws:destroy');
  await cdk(['destroy', '--force', STACK_NAME], region);
  const data = dataDir();
  for (const file of [awsSiteConfigPath({ TOKEN_TRAIL_DATA: data }), join(data, 'aws-outputs.json')]) rmSync(file, { force: true });
  console.log(`
Removed: the pool and its users, the three APIs, the functions and their logs.
CDK's bootstrap stack (CDKToolkit) stays: other CDK apps of this account and Region may use it.`);
});
