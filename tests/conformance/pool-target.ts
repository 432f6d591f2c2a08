/**
 * What the user pool suite (the Amplify flows) needs of the pool under test,
 * in Node or in Chromium, and the few calls its cases make besides Amplify's:
 * AWS JSON 1.1 calls as an unsigned client makes them, admin calls signed
 * with SigV4, and codes read from the local mailbox. Runtime-neutral: fetch,
 * WebCrypto-free SigV4 (@smithy/signature-v4, the AWS SDK's signer).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { deepEqual, equal } from './check.ts';
import { uniqueName } from './cases.ts';

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PoolTarget {
  /** Where the suite runs, for messages: "Node" or "Chromium". */
  runtime: string;
  region: string;
  poolId: string;
  /** The seeded app client: no secret; SRP, password and refresh flows. */
  clientId: string;
  /** What Amplify's `userPoolEndpoint` takes: the pool's base with a trailing slash. */
  endpoint: string;
  /** The local mailbox: the codes the pool would have emailed. */
  mailbox: string;
  /** The pool's admin credentials: admin calls are SigV4-signed with them. */
  admin: AdminCredentials;
  /** The pool's clock, which stands still until a case moves it. */
  clock: { now(): Promise<number>; advance(ms: number): Promise<void> };
  /**
   * The clock of the client side (Amplify reads `Date`): frozen at a time,
   * moved, and given back. Node: node:test's mock timers; Chromium: the page's
   * `Date`, replaced while frozen.
   */
  clientDate: { freeze(now: number): void; advance(ms: number): void; restore(): void };
}

export interface PoolResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, any> | undefined;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

async function read(response: Response): Promise<PoolResponse> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/** One AWS JSON 1.1 call, exactly as an unsigned client (Amplify) sends it. */
export async function callPool(target: PoolTarget, operation: string, body: unknown): Promise<PoolResponse> {
  return read(
    await fetch(target.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}${operation}` },
      body: JSON.stringify(body),
    }),
  );
}

/**
 * An admin call, SigV4-signed as the AWS SDK signs (host, x-amz-date,
 * x-amz-target, content-type, x-amz-content-sha256) at the pool's time, so
 * that a case that moves the pool's clock never puts its admin calls outside
 * their five-minute window. Fails the case unless the pool answers 200.
 */
export async function adminCall(target: PoolTarget, operation: string, input: Record<string, unknown>): Promise<Record<string, any>> {
  const url = new URL(target.endpoint);
  const body = JSON.stringify(input);
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET_PREFIX}${operation}` };
  const signer = new SignatureV4({ credentials: target.admin, region: target.region, service: 'cognito-idp', sha256: Sha256, uriEscapePath: true });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: {},
      headers: { host: url.host, ...headers },
      body,
    },
    { signingDate: new Date(await target.clock.now()) },
  );
  // The host is the HTTP client's to send (a browser's fetch refuses to set it).
  const sent = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host')) as Record<string, string>;
  const answer = await read(await fetch(url, { method: 'POST', headers: sent, body }));
  equal(answer.status, 200, `${operation}: ${answer.text}`);
  return answer.json ?? {};
}

export interface TestUser {
  username: string;
  password: string;
  email: string;
}

/** A confirmed user of the case's own, with a verified address, made by an administrator (AdminCreateUser, then AdminSetUserPassword `Permanent`). */
export async function createUser(target: PoolTarget, options: { attributes?: Record<string, string> } = {}): Promise<TestUser> {
  const username = uniqueName('user');
  const password = 'Valid-pass-1';
  const email = `${username}@example.com`;
  const attributes = { email, email_verified: 'true', ...options.attributes };
  await adminCall(target, 'AdminCreateUser', {
    UserPoolId: target.poolId,
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  });
  await adminCall(target, 'AdminSetUserPassword', { UserPoolId: target.poolId, Username: username, Password: password, Permanent: true });
  return { username, password, email };
}

/** A confirmed user made without an administrator: SignUp, then ConfirmSignUp with the code from the local mailbox. */
export async function signUpUser(target: PoolTarget): Promise<TestUser> {
  const username = uniqueName('user');
  const password = 'Valid-pass-1';
  const email = `${username}@example.com`;
  const signedUp = await callPool(target, 'SignUp', {
    ClientId: target.clientId,
    Username: username,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  equal(signedUp.status, 200, signedUp.text);
  const confirmed = await callPool(target, 'ConfirmSignUp', {
    ClientId: target.clientId,
    Username: username,
    ConfirmationCode: await latestCode(target, username),
  });
  equal(confirmed.status, 200, confirmed.text);
  return { username, password, email };
}

/** An app client of the case's own in the demo pool, with every flow the pool offers. */
export async function createClient(target: PoolTarget, settings: Record<string, unknown> = {}): Promise<{ clientId: string }> {
  const created = await adminCall(target, 'CreateUserPoolClient', {
    UserPoolId: target.poolId,
    ClientName: uniqueName('client'),
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...settings,
  });
  return { clientId: created.UserPoolClient.ClientId };
}

export function passwordSignIn(target: PoolTarget, username: string, password: string): Promise<PoolResponse> {
  return callPool(target, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: target.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
}

/** The newest code the pool "emailed" to a user, read from the local mailbox as the site does. */
export async function latestCode(target: PoolTarget, username: string): Promise<string> {
  const response = await fetch(`${target.mailbox}?username=${encodeURIComponent(username)}&limit=200`);
  equal(response.status, 200, 'the mailbox answers');
  const { messages } = (await response.json()) as { messages: { code: string | null }[] };
  const code = messages.at(-1)?.code;
  if (!code) throw new Error(`no code in the mailbox for ${username}`);
  return code;
}

/** A Cognito client error, exactly: HTTP 400, the error type header, and a body of `__type` and `message` alone. */
export function assertError(response: PoolResponse, type: string, message: string): void {
  equal(response.status, 400, response.text);
  equal(response.headers.get('x-amzn-errortype'), `${type}:`, response.text);
  deepEqual(response.json, { __type: type, message }, 'the error');
}
