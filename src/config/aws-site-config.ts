/**
 * The site's configuration for a real AWS deployment: what `npm run
 * aws:deploy` writes (infra/scripts/deploy.ts, from the stack's outputs) and
 * what a build reads when `TOKEN_TRAIL_BACKEND=aws` (src/config/backend.ts).
 * Nothing in it is secret: a browser app must know all of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AwsSiteConfig {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Base URLs, without a trailing slash. */
  apis: { rest: string; http: string; restJwt: string };
}

/** Where a deployment's site configuration lives: beside the local stack's stack.json, but never read in its place. */
export function awsSiteConfigPath(env: Record<string, string | undefined> = process.env): string {
  return join(env.TOKEN_TRAIL_DATA ?? '.data', 'aws.json');
}

export function readAwsSiteConfig(file: string): AwsSiteConfig {
  if (!existsSync(file))
    throw new Error(`TOKEN_TRAIL_BACKEND=aws, but there is no ${file}. Deploy first (npm run aws:deploy), which writes it from the stack's outputs.`);
  return checkAwsSiteConfig(JSON.parse(readFileSync(file, 'utf8')), file);
}

const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/;

/** Checks every field, so that a hand-edited file fails the build with a sentence rather than a broken page. */
export function checkAwsSiteConfig(value: unknown, source: string): AwsSiteConfig {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  const object = (candidate: unknown, what: string): Record<string, unknown> =>
    typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate)
      ? (candidate as Record<string, unknown>)
      : fail(`${what} must be an object`);
  const text = (record: Record<string, unknown>, key: string): string => {
    const field = record[key];
    return typeof field === 'string' && field !== '' ? field : fail(`"${key}" must be a non-empty string`);
  };
  const https = (record: Record<string, unknown>, key: string): string => {
    const url = text(record, key);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return fail(`"${key}" must be a URL, not ${JSON.stringify(url)}`);
    }
    if (parsed.protocol !== 'https:') fail(`"${key}" must be an https:// URL, not ${url}`);
    return url.replace(/\/+$/, '');
  };
  const root = object(value, 'The configuration');
  const region = text(root, 'region');
  const userPoolId = text(root, 'userPoolId');
  const match = POOL_ID.exec(userPoolId);
  if (!match) fail(`"userPoolId" is not a user pool id: ${userPoolId}`);
  if (match![1] !== region) fail(`the pool ${userPoolId} is not in ${region}`);
  const apis = object(root.apis, '"apis"');
  return {
    region,
    userPoolId,
    userPoolClientId: text(root, 'userPoolClientId'),
    apis: { rest: https(apis, 'rest'), http: https(apis, 'http'), restJwt: https(apis, 'restJwt') },
  };
}
