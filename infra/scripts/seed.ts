/**
 * `npm run aws:seed`: the demo users on the deployed pool (infra/seed-users.ts),
 * read from <data>/aws.json, which `npm run aws:deploy` wrote.
 *
 * Their passwords are published in the README and on the site: anyone who
 * knows your API's URL can sign in as alice. Destroy the deployment when you
 * are done (npm run aws:destroy), or leave the users out.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { awsSiteConfigPath, readAwsSiteConfig } from '../../src/config/aws-site-config.ts';
import SEED from '../../src/stack/userpool/seed.json' with { type: 'json' };
import { seedUsers } from '../seed-users.ts';
import { dataDir, run } from './cdk.ts';
import { requireCredentials } from './credentials.ts';

run(async () => {
  requireCredentials('npm run aws:seed');
  const config = readAwsSiteConfig(awsSiteConfigPath({ TOKEN_TRAIL_DATA: dataDir() }));
  const client = new CognitoIdentityProviderClient({ region: config.region });
  await seedUsers(client, config.userPoolId, SEED, (line) => console.log(line));
  console.log(`
The demo users are in ${config.userPoolId}:
${SEED.users.map((user) => `  ${user.username.padEnd(6)} ${(user.password ?? user.temporaryPassword)!.padEnd(13)} ${user.note}`).join('\n')}
Their passwords are published: anyone with your site's or API's address can sign in as them.`);
});
