import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { StackInfo } from '../../src/stack/stack-info.ts';
import { uniqueName } from '../helpers/names.ts';
import { DATA_DIR_VAR, SITE_URL_VAR } from './test-site.ts';

/**
 * What the browser tests know of the servers tests/browser/global-setup.ts
 * started: the site's URL and the stack's stack.json (admin credentials
 * included), and a user of a test's own, made through the pool's admin API.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the browser tests through Playwright (playwright.config.ts starts the stack and the site in its global setup).`);
  return value;
}

export function siteUrl(): string {
  return required(SITE_URL_VAR);
}

let info: StackInfo | undefined;
export function stackInfo(): StackInfo {
  info ??= JSON.parse(readFileSync(join(required(DATA_DIR_VAR), 'stack.json'), 'utf8')) as StackInfo;
  return info;
}

/** The origins of the stack's two servers, the user pool's and the gateway's. */
export function stackOrigins(): string[] {
  const { userPoolEndpoint, apis } = stackInfo();
  return [new URL(userPoolEndpoint).origin, new URL(apis.rest).origin];
}

let client: CognitoIdentityProviderClient | undefined;
function admin(): CognitoIdentityProviderClient {
  const { region, userPoolEndpoint, admin: credentials } = stackInfo();
  client ??= new CognitoIdentityProviderClient({ region, endpoint: userPoolEndpoint, credentials, maxAttempts: 1 });
  return client;
}

export interface OwnUser {
  username: string;
  password: string;
}

/**
 * A user nobody else uses, created by an administrator (AdminCreateUser) as
 * carol was: with `temporary`, the user must choose a new password at first
 * sign-in (NEW_PASSWORD_REQUIRED); otherwise the password is permanent.
 */
export async function createOwnUser(prefix: string, options: { temporary?: boolean } = {}): Promise<OwnUser> {
  const { userPoolId } = stackInfo();
  const username = uniqueName(prefix);
  const password = options.temporary ? 'Own-temp-1' : 'Own-pass-1';
  const abortSignal = AbortSignal.timeout(10_000);
  await admin().send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: username,
      TemporaryPassword: password,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    }),
    { abortSignal },
  );
  if (!options.temporary)
    await admin().send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: password, Permanent: true }), { abortSignal });
  return { username, password };
}

/** The facilitator's token, as the workshop stack keeps it: in a private file of its data folder. */
export function facilitatorToken(): string {
  return readFileSync(join(required(DATA_DIR_VAR), 'facilitator-token'), 'utf8').trim();
}
