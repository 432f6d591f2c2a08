/**
 * The stack's outputs, and the site configuration made from them. `cdk
 * deploy --outputs-file` writes `{ "<stack name>": { "<output>": "<value>" } }`;
 * `siteConfigFromOutputs` turns that into what the site reads
 * (src/config/aws-site-config.ts).
 */
import { checkAwsSiteConfig, type AwsSiteConfig } from '../src/config/aws-site-config.ts';

export const STACK_NAME = 'TokenTrail';
/** The published site (`npm run aws:publish`), a stack of its own. */
export const SITE_STACK_NAME = 'TokenTrailSite';
export const SITE_URL_OUTPUT = 'SiteUrl';

/** Each output's name in the template and the outputs file. */
export const OUTPUT_NAMES = {
  region: 'Region',
  userPoolId: 'UserPoolId',
  userPoolClientId: 'UserPoolClientId',
  restApiUrl: 'RestApiUrl',
  httpApiUrl: 'HttpApiUrl',
  restJwtApiUrl: 'RestJwtApiUrl',
} as const;

export type StackOutputs = Record<(typeof OUTPUT_NAMES)[keyof typeof OUTPUT_NAMES], string>;

/** The outputs of one stack from a `cdk deploy --outputs-file` file's contents. */
export function stackOutputs(file: unknown, stackName = STACK_NAME, source = 'the outputs file'): StackOutputs {
  const stacks = (typeof file === 'object' && file !== null ? file : {}) as Record<string, unknown>;
  const outputs = stacks[stackName];
  if (typeof outputs !== 'object' || outputs === null) throw new Error(`${source} has no outputs for the stack ${stackName}`);
  const record = outputs as Record<string, unknown>;
  for (const name of Object.values(OUTPUT_NAMES)) {
    if (typeof record[name] !== 'string' || record[name] === '') throw new Error(`${source} has no output ${name} for the stack ${stackName}`);
  }
  return record as StackOutputs;
}

export function siteConfigFromOutputs(outputs: StackOutputs, source = 'the stack outputs'): AwsSiteConfig {
  return checkAwsSiteConfig(
    {
      region: outputs.Region,
      userPoolId: outputs.UserPoolId,
      userPoolClientId: outputs.UserPoolClientId,
      apis: { rest: outputs.RestApiUrl, http: outputs.HttpApiUrl, restJwt: outputs.RestJwtApiUrl },
    },
    source,
  );
}
