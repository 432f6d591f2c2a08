/**
 * `npm run aws:deploy`: deploys infra/'s TokenTrail stack to the account and
 * Region of the caller's credentials, then writes the site's configuration
 * from the stack's outputs into <data>/aws.json (nothing secret: what a
 * browser must know). A build with TOKEN_TRAIL_BACKEND=aws (`npm run
 * aws:build`) then talks to it.
 *
 * Options: --site-origin <url> (where the site will live: the app client's
 * OAuth callback, needed only for custom scopes), --instance-role (see
 * credentials.ts). Bootstrapping (`cdk bootstrap`, once per account and
 * Region) runs first and changes nothing when it was done before.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { awsSiteConfigPath } from '../../src/config/aws-site-config.ts';
import { siteConfigFromOutputs, stackOutputs, STACK_NAME } from '../outputs.ts';
import { cdk, dataDir, option, ROOT, run } from './cdk.ts';
import { requireCredentials } from './credentials.ts';

const COMMAND = 'npm run aws:deploy';

run(async () => {
  const argv = process.argv.slice(2);
  const { region } = requireCredentials(COMMAND, argv);
  const data = dataDir();
  const outputsFile = join(data, 'aws-outputs.json');
  const siteOrigin = option(argv, '--site-origin');

  await cdk(['bootstrap'], region);
  await cdk(['deploy', STACK_NAME, '--outputs-file', outputsFile, ...(siteOrigin ? ['--context', `siteOrigin=${siteOrigin}`] : [])], region);

  const config = siteConfigFromOutputs(stackOutputs(JSON.parse(readFileSync(outputsFile, 'utf8')), STACK_NAME, outputsFile), outputsFile);
  const configFile = awsSiteConfigPath({ TOKEN_TRAIL_DATA: data });
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  console.log(`
Deployed. The site's configuration is in ${relative(ROOT, configFile)}:
  user pool  ${config.userPoolId} (${config.region}), app client ${config.userPoolClientId}
  REST API   ${config.apis.rest}
  HTTP API   ${config.apis.http}
  REST API with the JWT authorizer  ${config.apis.restJwt}

Next:
  npm run aws:seed      the demo users (alice, bob, carol) with their published passwords
  npm run aws:build     the site against this deployment, into dist/
  npm run aws:publish   that site on S3 and CloudFront (optional)
  npm run aws:destroy   everything removed again`);
});
