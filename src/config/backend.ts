import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../lib/backend.ts';
import type { StackInfo } from '../stack/stack-info.ts';
import { stackUrls, userPoolUrls } from '../lib/stack-urls.ts';
import { api, restStages } from '../stack/api.ts';
import SEED from '../stack/userpool/seed.json' with { type: 'json' };

/** `npm start`'s defaults, used when the site is built without a running stack. */
const DEFAULT_USER_POOL = 'http://127.0.0.1:9400';
const DEFAULT_GATEWAY = 'http://127.0.0.1:9401';

/**
 * The one place the site learns which backend it talks to, at build or
 * render time:
 *
 * 1. `PUBLIC_COGNITO_USER_POOL_ID`, `PUBLIC_COGNITO_CLIENT_ID`,
 *    `PUBLIC_REST_API_URL` and `PUBLIC_HTTP_API_URL` set: a real AWS deployment.
 * 2. Otherwise `<TOKEN_TRAIL_DATA or .data>/stack.json`, written by the
 *    running local stack.
 * 3. Otherwise the local stack's defaults; the page then tells the reader how
 *    to start it if it does not answer.
 */
export function loadBackend(env: Record<string, string | undefined> = process.env): Backend {
  const poolId = env.PUBLIC_COGNITO_USER_POOL_ID;
  if (poolId) return awsBackend(env, poolId);
  const file = join(env.TOKEN_TRAIL_DATA ?? '.data', 'stack.json');
  if (existsSync(file)) return localBackend(JSON.parse(readFileSync(file, 'utf8')) as StackInfo, 'stack.json');
  return localBackend(defaultStackInfo(), 'defaults');
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

function localBackend(info: StackInfo, source: 'stack.json' | 'defaults'): Backend {
  const userPoolUrl = info.userPoolEndpoint.replace(/\/+$/, '');
  return {
    kind: 'local',
    region: info.region,
    userPoolId: info.userPoolId,
    userPoolClientId: info.userPoolClientId,
    userPoolEndpoint: info.userPoolEndpoint,
    issuer: info.issuer,
    jwksUri: info.jwksUri,
    apis: info.apis,
    local: {
      source,
      mailbox: info.mailbox,
      traceById: info.trace.byId,
      traceStream: info.trace.stream,
      rotateKeys: userPoolUrls(userPoolUrl, info.userPoolId).rotateKeys,
      demoUsers: info.demoUsers,
    },
  };
}

function defaultStackInfo(): StackInfo {
  const urls = stackUrls(DEFAULT_USER_POOL, DEFAULT_GATEWAY, SEED.pool.id, restStages(api));
  return {
    region: SEED.region,
    userPoolId: SEED.pool.id,
    userPoolClientId: SEED.client.id,
    userPoolEndpoint: urls.userPoolEndpoint,
    issuer: urls.issuer,
    jwksUri: urls.jwksUri,
    demoUsers: SEED.users.map((user) => ({ username: user.username, password: (user.password ?? user.temporaryPassword)!, groups: user.groups, note: user.note })),
    admin: { accessKeyId: '', secretAccessKey: '' },
    mailbox: urls.mailbox,
    apis: urls.apis,
    trace: urls.trace,
  };
}
