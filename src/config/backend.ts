import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, LocalExtras } from '../lib/backend.ts';
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
 *    deployment (`aws`).
 * 2. Otherwise `<TOKEN_TRAIL_DATA or .data>/stack.json`, written by the
 *    running Node stack (`local`): what `npm start` builds against.
 * 3. Otherwise the demo stack in the reader's browser (`browser`), a
 *    Service Worker the site serves itself: the built site then needs
 *    nothing but a static host. Its URLs are paths under the site's base
 *    (`SITE_BASE`), made absolute on the page's origin at run time.
 */
export function loadBackend(env: Record<string, string | undefined> = process.env): Backend {
  const poolId = env.PUBLIC_COGNITO_USER_POOL_ID;
  if (poolId) return awsBackend(env, poolId);
  const file = join(env.TOKEN_TRAIL_DATA ?? '.data', 'stack.json');
  if (existsSync(file)) return localBackend(JSON.parse(readFileSync(file, 'utf8')) as StackInfo);
  return browserBackend(normalizeBase(env.SITE_BASE));
}

function awsBackend(env: Record<string, string | undefined>, userPoolId: string): Backend {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set along with PUBLIC_COGNITO_USER_POOL_ID to use a real AWS backend.`);
    return value.replace(/\/+$/, '');
  };
  const region = userPoolId.split('_')[0]!;
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  return {
    kind: 'aws',
    region,
    userPoolId,
    userPoolClientId: required('PUBLIC_COGNITO_CLIENT_ID'),
    userPoolEndpoint: null,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    apis: { rest: required('PUBLIC_REST_API_URL'), http: required('PUBLIC_HTTP_API_URL') },
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
    // The site's widgets call the REST and HTTP APIs; the REST JWT API is not on its pages yet.
    apis: { rest: info.apis.rest, http: info.apis.http },
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
    apis: { rest: urls.apis.rest, http: urls.apis.http },
  };
}

function localUrls(urls: StackUrls): Omit<LocalExtras, 'reset' | 'workshop' | 'demoUsers'> {
  return { mailbox: urls.mailbox, traceById: urls.trace.byId, traceStream: urls.trace.stream, rotateKeys: urls.rotateKeys };
}

/** The published demo users, as both stacks seed them. */
function demoUsers(): LocalExtras['demoUsers'] {
  return publishedDemoUsers(SEED.users);
}
