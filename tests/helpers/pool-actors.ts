import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { uniqueName } from './names.ts';
import { srpAnswer, srpStart } from './srp-client.ts';
import { callPool, latestCode, type TestUserPool } from './user-pool.ts';

/**
 * What tests of the user pool do again and again, each for itself: make an
 * administrator, users and app clients of their own, sign in, and check an
 * answer exactly.
 */

export type PoolResponse = Awaited<ReturnType<typeof callPool>>;

/** The AWS SDK v3 with the stack's admin credentials: it signs every call with SigV4 (and the real clock), and never retries. */
export function adminClient(pool: TestUserPool): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: pool.endpoint, credentials: pool.pool.admin, maxAttempts: 1 });
}

export interface TestUser {
  username: string;
  password: string;
  email: string;
}

/**
 * A confirmed user of the test's own, with a verified address, made by an
 * administrator (AdminCreateUser, then AdminSetUserPassword `Permanent`).
 */
export async function createUser(
  pool: TestUserPool,
  admin: CognitoIdentityProviderClient,
  options: { poolId?: string; username?: string; password?: string; attributes?: Record<string, string> } = {},
): Promise<TestUser> {
  const username = options.username ?? uniqueName('user');
  const password = options.password ?? 'Valid-pass-1';
  const email = `${username}@example.com`;
  const poolId = options.poolId ?? pool.poolId;
  const attributes = { email, email_verified: 'true', ...options.attributes };
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
  return { username, password, email };
}

/**
 * A confirmed user made without an administrator: SignUp, then ConfirmSignUp
 * with the code from the local mailbox. For pools whose clock a test moves
 * (an admin call must be signed within 5 minutes of the pool's clock).
 */
export async function signUpUser(pool: TestUserPool, options: { clientId?: string; username?: string; password?: string } = {}): Promise<TestUser> {
  const username = options.username ?? uniqueName('user');
  const password = options.password ?? 'Valid-pass-1';
  const email = `${username}@example.com`;
  const ClientId = options.clientId ?? pool.clientId;
  const signedUp = await callPool(pool.endpoint, 'SignUp', {
    ClientId,
    Username: username,
    Password: password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  assert.equal(signedUp.status, 200, signedUp.text);
  const confirmed = await callPool(pool.endpoint, 'ConfirmSignUp', { ClientId, Username: username, ConfirmationCode: await latestCode(pool.url, username) });
  assert.equal(confirmed.status, 200, confirmed.text);
  return { username, password, email };
}

/** An app client of the test's own in `poolId` (the demo pool unless given), with every flow the pool offers. */
export async function createClient(
  pool: TestUserPool,
  admin: CognitoIdentityProviderClient,
  settings: Partial<CreateUserPoolClientCommandInput> = {},
): Promise<{ clientId: string; secret: string | undefined }> {
  const created = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: pool.poolId,
      ClientName: uniqueName('client'),
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      ...settings,
    }),
  );
  return { clientId: created.UserPoolClient!.ClientId!, secret: created.UserPoolClient!.ClientSecret };
}

export function passwordSignIn(
  pool: TestUserPool,
  username: string,
  password: string,
  options: { clientId?: string; secretHash?: string } = {},
): Promise<PoolResponse> {
  return callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: options.clientId ?? pool.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password, ...(options.secretHash !== undefined && { SECRET_HASH: options.secretHash }) },
  });
}

export interface Tokens {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
}

/** Signs in with USER_PASSWORD_AUTH and returns the tokens, failing the test otherwise. */
export async function tokensOf(pool: TestUserPool, user: { username: string; password: string }, clientId = pool.clientId): Promise<Tokens> {
  const response = await passwordSignIn(pool, user.username, user.password, { clientId });
  assert.equal(response.status, 200, response.text);
  return response.json!.AuthenticationResult as Tokens;
}

/**
 * USER_SRP_AUTH, both calls, with the tests' own SRP client. `secretHash`
 * computes SECRET_HASH for a name, for clients with a secret: over the name
 * typed in InitiateAuth, then over USER_ID_FOR_SRP in the answer.
 */
export async function srpSignIn(
  pool: TestUserPool,
  username: string,
  password: string,
  options: { clientId?: string; poolId?: string; secretHash?: (name: string) => string } = {},
): Promise<{ started: PoolResponse; answered: PoolResponse }> {
  const ClientId = options.clientId ?? pool.clientId;
  const client = srpStart();
  const started = await callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId,
    AuthParameters: { USERNAME: username, SRP_A: client.SRP_A, ...(options.secretHash && { SECRET_HASH: options.secretHash(username) }) },
  });
  if (started.status !== 200) return { started, answered: started };
  const challenge = started.json!.ChallengeParameters;
  const responses = srpAnswer(options.poolId ?? pool.poolId, client, challenge, password);
  if (options.secretHash) responses.SECRET_HASH = options.secretHash(challenge.USER_ID_FOR_SRP);
  const answered = await callPool(pool.endpoint, 'RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId, ChallengeResponses: responses });
  return { started, answered };
}

/** A Cognito client error, exactly: HTTP 400, the error type header, and a body of `__type` and `message` alone. */
export function assertError(response: PoolResponse, type: string, message: string, what?: string): void {
  const context = what ? `${what}: ${response.text}` : response.text;
  assert.equal(response.status, 400, context);
  assert.equal(response.headers.get('x-amzn-errortype'), `${type}:`, context);
  assert.deepEqual(response.json, { __type: type, message }, what);
}

/** An error the AWS SDK raised for a 400 of the pool: its name (the wire's `__type`), message and status, exactly. */
export async function assertSdkError(promise: Promise<unknown>, name: string, message: string): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number }; $fault?: string }) => {
    assert.deepEqual(
      { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode, fault: error.$fault },
      { name, message, status: 400, fault: 'client' },
    );
    return true;
  });
}

/** An SDK answer's body, after checking it came with HTTP 200. */
export function sdkBody<T extends { $metadata: { httpStatusCode?: number } }>(output: T): Omit<T, '$metadata'> {
  const { $metadata, ...body } = output;
  assert.equal($metadata.httpStatusCode, 200);
  return body;
}

/**
 * What `assertShape` compares against: a value compared exactly, a RegExp a
 * string must match, a predicate, or arrays and objects of these, whose
 * lengths and key sets must be exactly the actual ones.
 */
export type Shape = string | number | boolean | null | undefined | RegExp | ((value: unknown) => boolean) | Shape[] | { [key: string]: Shape };

export function assertShape(actual: unknown, shape: Shape, path = 'body'): void {
  if (shape instanceof RegExp) {
    assert.equal(typeof actual, 'string', `${path} is a string`);
    assert.match(actual as string, shape, path);
  } else if (typeof shape === 'function') {
    assert.ok(shape(actual), `${path} = ${JSON.stringify(actual)}`);
  } else if (Array.isArray(shape)) {
    assert.ok(Array.isArray(actual), `${path} is an array`);
    assert.equal(actual.length, shape.length, `${path} has ${shape.length} items: ${JSON.stringify(actual)}`);
    for (const [i, item] of shape.entries()) assertShape(actual[i], item, `${path}[${i}]`);
  } else if (shape !== null && typeof shape === 'object' && !(shape instanceof Date)) {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path} is an object`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(shape).sort(), `${path} has exactly these members`);
    for (const [key, value] of Object.entries(shape)) assertShape((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    assert.deepEqual(actual, shape, path);
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
/** Refresh tokens are five-part JWEs. */
export const JWE = /^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/;
/** A date as the AWS SDK gives it back. */
export const A_DATE = (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime());

/** A sign-in's AuthenticationResult with the default lifetimes. */
export const SIGNED_IN = {
  ChallengeParameters: {},
  AuthenticationResult: { AccessToken: JWT, ExpiresIn: 3600, IdToken: JWT, RefreshToken: JWE, TokenType: 'Bearer' },
};
/** A refresh's: no new refresh token. */
export const REFRESHED = { AccessToken: JWT, ExpiresIn: 3600, IdToken: JWT, TokenType: 'Bearer' };
/** Where a code went, masked as Cognito masks it. */
export const DELIVERED = (destination: string | RegExp) => ({ Destination: destination, DeliveryMedium: 'EMAIL', AttributeName: 'email' });
