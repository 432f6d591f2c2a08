import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, BackendKind, LocalExtras } from '../lib/backend.ts';
import { awsSiteConfigPath, readAwsSiteConfig, type AwsSiteConfig } from './aws-site-config.ts';
import { normalizeBase } from '../lib/base-path.ts';
import { publishedDemoUsers, type StackInfo } from '../stack/stack-info.ts';
import { browserStackUrls, nodeStackDefaultBases, stackUrls, userPoolUrls, type StackUrls } from '../lib/stack-urls.ts';
import { api, restStages } from '../stack/api.ts';
import SEED from '../stack/userpool/seed.json' with { type: 'json' };

/**
 * The one place the site learns which backend it talks to, at build or
 * render time, in this order:
 *
 * 1. `PUBLIC_COGNITO_USER_POOL_ID`, `PUBLIC_COGNITO_CLIENT_ID`,
 *    `PUBLIC_REST_API_URL` and `PUBLIC_HTTP_API_URL` set: a real AWS
 *    deployment (`aws`), with `PUBLIC_REST_JWT_API_URL` too when it has the
 *    REST API with a JWT authorizer.
 * 2. `TOKEN_TRAIL_BACKEND` set, to choose by name: `aws` reads
 *    `<TOKEN_TRAIL_DATA or .data>/aws.json`, which `npm run aws:deploy`
 *    writes from the stack's outputs (`npm run aws:build` sets it); `local`
 *    requires the Node stack's stack.json; `browser` ignores it.
 * 3. Otherwise `<TOKEN_TRAIL_DATA or .data>/stack.json`, written by the
 *    running Node stack (`local`): what `npm start` builds against.
 * 4. Otherwise the demo stack in the reader's browser (`browser`), a
 *    Service Worker the site serves itself: the built site then needs
 *    nothing but a static host. Its URLs are paths under the site's base
 *    (`SITE_BASE`), made absolute on the page's origin at run time.
 *
 * aws.json is read only when asked for by name: a deployment's
 * configuration beside stack.json never turns `npm start` into a build
 * for AWS.
 */
export function loadBackend(env: Record<string, string | undefined> = process.env): Backend {
  const poolId = env.PUBLIC_COGNITO_USER_POOL_ID;
  if (poolId) return awsBackend(awsConfigFromEnv(env, poolId));
  const file = join(env.TOKEN_TRAIL_DATA ?? '.data', 'stack.json');
  const chosen = env.TOKEN_TRAIL_BACKEND;
  if (chosen !== undefined && chosen !== '') {
    if (!BACKEND_KINDS.includes(chosen as BackendKind))
      throw new Error(`TOKEN_TRAIL_BACKEND must be one of ${BACKEND_KINDS.join(', ')}, not ${JSON.stringify(chosen)}.`);
    if (chosen === 'aws') return awsBackend(readAwsSiteConfig(awsSiteConfigPath(env)));
    if (chosen === 'browser') return browserBackend(normalizeBase(env.SITE_BASE));
    if (!existsSync(file)) throw new Error(`TOKEN_TRAIL_BACKEND=local, but there is no ${file}: start the stack first (npm run stack).`);
  }
  if (existsSync(file)) return localBackend(JSON.parse(readFileSync(file, 'utf8')) as StackInfo);
  return browserBackend(normalizeBase(env.SITE_BASE));
}

const BACKEND_KINDS: readonly BackendKind[] = ['aws', 'local', 'browser'];

/** The `PUBLIC_*` variables, all four or none: a build host's way to name a deployment. */
function awsConfigFromEnv(env: Record<string, string | undefined>, userPoolId: string): AwsPoolAndApis {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set along with PUBLIC_COGNITO_USER_POOL_ID to use a real AWS backend.`);
    return value.replace(/\/+$/, '');
  };
  return {
    region: userPoolId.split('_')[0]!,
    userPoolId,
    userPoolClientId: required('PUBLIC_COGNITO_CLIENT_ID'),
    // Optional, so that a build configured before the third API existed keeps working: its widgets offer two APIs.
    apis: { rest: required('PUBLIC_REST_API_URL'), http: required('PUBLIC_HTTP_API_URL'), restJwt: env.PUBLIC_REST_JWT_API_URL?.replace(/\/+$/, '') || null },
  };
}

/** What the pages need of a deployment. */
type AwsPoolAndApis = Pick<AwsSiteConfig, 'region' | 'userPoolId' | 'userPoolClientId'> & {
  apis: Pick<AwsSiteConfig['apis'], 'rest' | 'http'> & { restJwt: string | null };
};

/**
 * A real pool and APIs. Amplify finds the pool's endpoint from its Region;
 * the issuer and the JWKS are where Cognito documents them:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
function awsBackend(config: AwsPoolAndApis): Backend {
  const issuer = `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
  return {
    kind: 'aws',
    region: config.region,
    userPoolId: config.userPoolId,
    userPoolClientId: config.userPoolClientId,
    userPoolEndpoint: null,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    apis: { rest: config.apis.rest, http: config.apis.http, restJwt: config.apis.restJwt },
    local: null,
  };
}

function localBackend(info: StackInfo): Backend {
  const userPoolUrl = info.userPoolEndpoint.replace(/\/+$/, '');
  return {
    kind: 'local',
    region: info.region,
    userPoolId: info.userPoolId,
    userPoolClientId: info.userPoolClientId,
    userPoolEndpoint: info.userPoolEndpoint,
    issuer: info.issuer,
    jwksUri: info.jwksUri,
    apis: { rest: info.apis.rest, http: info.apis.http, restJwt: info.apis.restJwt },
    local: {
      mailbox: info.mailbox,
      traceById: info.trace.byId,
      traceStream: info.trace.stream,
      rotateKeys: userPoolUrls(userPoolUrl, info.userPoolId).rotateKeys,
      reset: null,
      workshop: info.workshop ?? null,
      demoUsers: info.demoUsers,
    },
  };
}

/** The stack in the browser, its URLs as paths under `base` (an empty origin): the page makes them absolute. */
function browserBackend(base: string): Backend {
  const urls = browserStackUrls('', base, SEED.pool.id, restStages(api));
  return { kind: 'browser', ...seeded(urls), local: { ...localUrls(urls), reset: urls.reset, workshop: null, demoUsers: demoUsers() } };
}

/**
 * What the Node stack is at its default host and ports (`npm run stack`
 * with no options): the backend the code snippets are written for when the
 * pages talk to the stack in the browser, which only the site's own pages
 * can reach.
 */
export function nodeStackDefaults(): Backend {
  const bases = nodeStackDefaultBases();
  const urls = stackUrls(bases.userPool, bases.gateway, SEED.pool.id, restStages(api));
  return { kind: 'local', ...seeded(urls), local: { ...localUrls(urls), reset: null, workshop: null, demoUsers: demoUsers() } };
}

function seeded(urls: StackUrls): Omit<Backend, 'kind' | 'local'> {
  return {
    region: SEED.region,
    userPoolId: SEED.pool.id,
    userPoolClientId: SEED.client.id,
    userPoolEndpoint: urls.userPoolEndpoint,
    issuer: urls.issuer,
    jwksUri: urls.jwksUri,
    apis: urls.apis,
  };
}

function localUrls(urls: StackUrls): Omit<LocalExtras, 'reset' | 'workshop' | 'demoUsers'> {
  return { mailbox: urls.mailbox, traceById: urls.trace.byId, traceStream: urls.trace.stream, rotateKeys: urls.rotateKeys };
}

/** The published demo users, as both stacks seed them. */
function demoUsers(): LocalExtras['demoUsers'] {
  return publishedDemoUsers(SEED.users);
}
