/**
 * The CDK app: `cdk synth`, `cdk deploy` and `cdk destroy` run this file
 * (infra/cdk.json). The npm scripts aws:deploy, aws:destroy and aws:publish
 * call the CDK CLI with it; see infra/scripts/.
 */
import { App } from 'aws-cdk-lib';
import { api } from '../src/stack/api.ts';
import { SITE_STACK_NAME, STACK_NAME } from './outputs.ts';
import { SiteStack } from './site-stack.ts';
import { TokenTrailStack } from './token-trail-stack.ts';

const app = new App();
// The account and Region of the credentials the CLI found. Without a Region
// there, the definition's own.
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? api.region };
const siteOrigin: unknown = app.node.tryGetContext('siteOrigin');
new TokenTrailStack(app, STACK_NAME, {
  env,
  definition: api,
  siteOrigin: typeof siteOrigin === 'string' ? siteOrigin : undefined,
  description: "Token Trail's demo: a Cognito user pool, three API Gateway APIs and their Lambda functions (infra/).",
});
// The static site, only when aws:publish (or aws:destroy) names a built site's folder.
const siteDir: unknown = app.node.tryGetContext('siteDir');
if (typeof siteDir === 'string') {
  new SiteStack(app, SITE_STACK_NAME, { env, siteDir, description: "Token Trail's static site on S3 and CloudFront (infra/site-stack.ts)." });
}
