import { constantTimeEqual, poolNameOf, type UserPoolContext } from '../context.ts';
import {
  CognitoError,
  incorrectCredentials,
  invalidParameter,
  notAuthorized,
  passwordResetRequired,
  userNotConfirmed,
  userNotFound,
  validationError,
} from '../errors.ts';
import { clientId, requiredString, stringMap, type Input } from '../input.ts';
import { afterFailure, afterSuccess, isLockedOut } from '../lockout.ts';
import { assertPasswordConforms } from '../password-policy.ts';
import { bytesToHex, hexToBigInt, N, padHex } from '../srp/group.ts';
import { SrpError } from '../srp/srp.ts';
import type { ClientRecord, UserRecord } from '../store.ts';
import { refreshSession } from './session.ts';

const AUTH_FLOWS = ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH'];
const CHALLENGE_NAMES = [
  'SMS_MFA', 'EMAIL_OTP', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP', 'PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH', 'NEW_PASSWORD_REQUIRED', 'SMS_OTP', 'PASSWORD', 'WEB_AUTHN', 'PASSWORD_SRP',
];
const HEX = /^[0-9a-fA-F]+$/;

export interface SignInResponse {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: object;
}

function enumMember(input: Input, member: string, allowed: string[]): string {
  const value = requiredString(input, member);
  if (!allowed.includes(value)) throw validationError(member, `'${value}'`, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  return value;
}

/** A challenge lives for the app client's auth session validity, which Cognito counts in minutes. */
function challengeExpiry(ctx: UserPoolContext, client: ClientRecord): number {
  return ctx.now() + client.authSessionValidity * 60_000;
}

function requireParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (!value) throw invalidParameter(`Missing required parameter ${name}`);
  return value;
}

function assertFlowEnabled(client: ClientRecord, flow: string): void {
  const allowed = flow === 'REFRESH_TOKEN' ? 'ALLOW_REFRESH_TOKEN_AUTH' : `ALLOW_${flow}`;
  if (!client.explicitAuthFlows.includes(allowed)) throw invalidParameter(`${flow} flow not enabled for this client`);
}

export async function initiateAuth(ctx: UserPoolContext, input: Input): Promise<SignInResponse> {
  const client = ctx.requireClient(clientId(input));
  const flow = enumMember(input, 'AuthFlow', AUTH_FLOWS);
  const parameters = stringMap(input, 'AuthParameters');

  switch (flow) {
    case 'USER_SRP_AUTH': {
      assertFlowEnabled(client, flow);
      return startSrp(ctx, client, parameters);
    }
    case 'USER_PASSWORD_AUTH': {
      assertFlowEnabled(client, flow);
      return passwordSignIn(ctx, client, parameters);
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      assertFlowEnabled(client, 'REFRESH_TOKEN_AUTH');
      const result = refreshSession(ctx, client, requireParameter(parameters, 'REFRESH_TOKEN'), parameters.SECRET_HASH);
      return { ChallengeParameters: {}, AuthenticationResult: result };
    }
    default:
      throw invalidParameter(`${flow} flow not enabled for this client`);
  }
}

function startSrp(ctx: UserPoolContext, client: ClientRecord, parameters: Record<string, string>): SignInResponse {
  const typed = requireParameter(parameters, 'USERNAME');
  const srpA = requireParameter(parameters, 'SRP_A');
  if (!HEX.test(srpA) || srpA.length > 1024) throw invalidParameter('SRP_A is not a valid hexadecimal number.');
  const A = hexToBigInt(srpA);
  if (A % N === 0n) throw invalidParameter('SRP_A cannot be zero modulo N.');

  const user = ctx.findUser(client.poolId, typed);
  if (user) ctx.assertSecretHash(client, user.username, parameters.SECRET_HASH);
  if (!user && client.preventUserExistenceErrors === 'LEGACY') throw userNotFound();

  // An unknown user gets a challenge that looks like any other and fails at
  // the proof, so that sign-in cannot be used to find out who has an account.
  const username = user?.username ?? null;
  const decoy = user ? undefined : ctx.stableSecretHex(`decoy:${client.poolId}:${typed}`);
  const salt = user?.salt ?? padHex(hexToBigInt(decoy!.slice(0, 32)));
  const verifier = user?.verifier || bytesToHex(ctx.randomBytes(384));
  const { b, B } = ctx.srp.serverEphemeral(hexToBigInt(verifier));
  const secretBlock = btoa(String.fromCharCode(...ctx.randomBytes(96)));
  ctx.challenges.put(secretBlock, { name: 'PASSWORD_VERIFIER', poolId: client.poolId, clientId: client.id, username, verifier, A, B, b }, challengeExpiry(ctx, client));

  const userIdForSrp = username ?? typed;
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: { SALT: salt, SECRET_BLOCK: secretBlock, SRP_B: B.toString(16), USERNAME: userIdForSrp, USER_ID_FOR_SRP: userIdForSrp },
  };
}

async function passwordSignIn(ctx: UserPoolContext, client: ClientRecord, parameters: Record<string, string>): Promise<SignInResponse> {
  const typed = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const user = ctx.findUser(client.poolId, typed);
  if (!user) throw client.preventUserExistenceErrors === 'LEGACY' ? userNotFound() : incorrectCredentials();
  ctx.assertSecretHash(client, user.username, parameters.SECRET_HASH);
  // Cognito says so before looking at the password in this flow.
  if (user.status === 'UNCONFIRMED') throw userNotConfirmed();
  return afterPassword(ctx, client, checkProof(ctx, user, ctx.passwordMatches(user, password)));
}

/**
 * Applies the lockout rules around a password proof: refused outright while
 * locked out, counted when wrong, forgiven when right. Returns the user as
 * stored afterwards.
 */
function checkProof(ctx: UserPoolContext, user: UserRecord, proofIsValid: boolean): UserRecord {
  const now = ctx.now();
  if (isLockedOut(user, now)) throw notAuthorized('Password attempts exceeded');
  if (!proofIsValid) {
    ctx.store.putUser(afterFailure(user, now));
    throw incorrectCredentials();
  }
  const forgiven = afterSuccess(user);
  if (forgiven !== user) ctx.store.putUser(forgiven);
  return forgiven;
}

/** After a correct password: the account's state decides between tokens, a further challenge and an error. */
async function afterPassword(ctx: UserPoolContext, client: ClientRecord, user: UserRecord): Promise<SignInResponse> {
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw userNotConfirmed();
  if (user.status === 'RESET_REQUIRED') throw passwordResetRequired();
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = sessionToken(ctx);
    ctx.challenges.put(session, { name: 'NEW_PASSWORD_REQUIRED', poolId: user.poolId, clientId: client.id, username: user.username }, challengeExpiry(ctx, client));
    const { sub: _sub, ...attributes } = user.attributes;
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(attributes) },
    };
  }
  return { ChallengeParameters: {}, AuthenticationResult: ctx.startSession(client, user) };
}

export async function respondToAuthChallenge(ctx: UserPoolContext, input: Input): Promise<SignInResponse> {
  const client = ctx.requireClient(clientId(input));
  const challengeName = enumMember(input, 'ChallengeName', CHALLENGE_NAMES);
  const responses = stringMap(input, 'ChallengeResponses');
  const session = requiredOrUndefined(input, 'Session');

  switch (challengeName) {
    case 'PASSWORD_VERIFIER':
      return verifyPasswordClaim(ctx, client, responses);
    case 'NEW_PASSWORD_REQUIRED': {
      if (!session) throw invalidParameter('Missing required parameter Session');
      return completeNewPassword(ctx, client, responses, session);
    }
    default:
      throw invalidParameter(`The challenge ${challengeName} is not supported by this user pool.`);
  }
}

function requiredOrUndefined(input: Input, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  return requiredString(input, member, { max: 2048 });
}

async function verifyPasswordClaim(ctx: UserPoolContext, client: ClientRecord, responses: Record<string, string>): Promise<SignInResponse> {
  const username = requireParameter(responses, 'USERNAME');
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');

  const taken = ctx.challenges.take(secretBlock, ctx.now());
  if (taken === 'expired') throw notAuthorized('Invalid session for the user, session is expired.');
  if (!taken || taken.value.name !== 'PASSWORD_VERIFIER' || taken.value.clientId !== client.id) throw notAuthorized('Invalid session for the user.');
  const challenge = taken.value;
  if (challenge.username === null) throw incorrectCredentials();

  const user = ctx.findUser(challenge.poolId, username);
  // The proof is bound to the verifier the challenge was made with: a
  // password changed in between invalidates it.
  if (!user || user.username !== challenge.username || user.verifier !== challenge.verifier) throw incorrectCredentials();
  ctx.assertSecretHash(client, user.username, responses.SECRET_HASH);

  let expected: string;
  try {
    const u = ctx.srp.scrambler(challenge.A, challenge.B);
    const S = ctx.srp.serverSecret({ A: challenge.A, u, b: challenge.b, verifier: hexToBigInt(challenge.verifier) });
    const key = ctx.srp.sessionKey(u, S);
    expected = ctx.srp.passwordClaimSignature(key, poolNameOf(user.poolId), user.username, secretBlock, timestamp);
  } catch (error) {
    if (error instanceof SrpError) throw incorrectCredentials();
    throw error;
  }
  return afterPassword(ctx, client, checkProof(ctx, user, constantTimeEqual(expected, signature)));
}

async function completeNewPassword(ctx: UserPoolContext, client: ClientRecord, responses: Record<string, string>, session: string): Promise<SignInResponse> {
  const taken = ctx.challenges.take(session, ctx.now());
  if (taken === 'expired') throw notAuthorized('Invalid session for the user, session is expired.');
  if (!taken || taken.value.name !== 'NEW_PASSWORD_REQUIRED' || taken.value.clientId !== client.id) throw notAuthorized('Invalid session for the user.');
  const challenge = taken.value;
  const user = ctx.requireUser(challenge.poolId, challenge.username);
  const newPassword = requireParameter(responses, 'NEW_PASSWORD');
  try {
    assertPasswordConforms(newPassword, ctx.requirePool(user.poolId).passwordPolicy);
  } catch (error) {
    // A weak password is the reader's to fix: the session stays usable.
    if (error instanceof CognitoError && error.type === 'InvalidPasswordException') ctx.challenges.put(session, challenge, challengeExpiry(ctx, client));
    throw error;
  }
  const attributes = { ...user.attributes };
  for (const [key, value] of Object.entries(responses)) {
    if (key.startsWith('userAttributes.')) attributes[key.slice('userAttributes.'.length)] = value;
  }
  const updated = { ...ctx.withPassword({ ...user, attributes }, newPassword), status: 'CONFIRMED' as const };
  ctx.store.putUser(updated);
  return afterPassword(ctx, client, updated);
}

function sessionToken(ctx: UserPoolContext): string {
  return btoa(String.fromCharCode(...ctx.randomBytes(96))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
