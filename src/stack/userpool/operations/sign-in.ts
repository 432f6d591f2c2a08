import { withAttributeChanges, writableAttributes } from '../attributes.ts';
import type { OpenedChallenge, PendingChallenge } from '../challenges.ts';
import { constantTimeEqual } from '../constant-time.ts';
import { incorrectCredentials, invalidParameter, notAuthorized, passwordResetRequired, userNotConfirmed, userNotFound, validationError } from '../errors.ts';
import { clientId, requiredString, stringMap, type Input } from '../input.ts';
import { requireClient, requirePool } from '../lookups.ts';
import { assertPasswordConforms } from '../password-policy.ts';
import { poolNameOf } from '../passwords.ts';
import type { Clock, Needs } from '../services.ts';
import { hexToBigInt, N } from '../srp/group.ts';
import { SrpError } from '../srp/srp.ts';
import type { ClientRecord, UserRecord } from '../store.ts';

const AUTH_FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
];
const CHALLENGE_NAMES = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
];
const HEX = /^[0-9a-fA-F]+$/;
/** NEW_PASSWORD_REQUIRED's answers carry attributes as `userAttributes.<name>`. */
const USER_ATTRIBUTE_PREFIX = 'userAttributes.';

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
function challengeExpiry(clock: Clock, client: ClientRecord): number {
  return clock.now() + client.authSessionValidity * 60_000;
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

/** What a sign-in uses, from its start to its tokens. */
type SignInNeeds = Needs<'store' | 'clock' | 'srp' | 'challenges' | 'spentChallenges' | 'decoys' | 'users' | 'passwords' | 'secretHash' | 'sessions'>;

export async function initiateAuth(services: SignInNeeds, input: Input): Promise<SignInResponse> {
  const client = requireClient(services.store, clientId(input));
  const flow = enumMember(input, 'AuthFlow', AUTH_FLOWS);
  const parameters = stringMap(input, 'AuthParameters');

  switch (flow) {
    case 'USER_SRP_AUTH': {
      assertFlowEnabled(client, flow);
      return startSrp(services, client, parameters);
    }
    case 'USER_PASSWORD_AUTH': {
      assertFlowEnabled(client, flow);
      return passwordSignIn(services, client, parameters);
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      assertFlowEnabled(client, 'REFRESH_TOKEN_AUTH');
      const result = await services.sessions.refresh(client, requireParameter(parameters, 'REFRESH_TOKEN'), parameters.SECRET_HASH);
      return { ChallengeParameters: {}, AuthenticationResult: result };
    }
    default:
      throw invalidParameter(`${flow} flow not enabled for this client`);
  }
}

function startSrp(
  { clock, srp, challenges, decoys, users, secretHash }: Needs<'clock' | 'srp' | 'challenges' | 'decoys' | 'users' | 'secretHash'>,
  client: ClientRecord,
  parameters: Record<string, string>,
): SignInResponse {
  const typed = requireParameter(parameters, 'USERNAME');
  const srpA = requireParameter(parameters, 'SRP_A');
  if (!HEX.test(srpA) || srpA.length > 1024) throw invalidParameter('SRP_A is not a valid hexadecimal number.');
  const A = hexToBigInt(srpA);
  if (A % N === 0n) throw invalidParameter('SRP_A cannot be zero modulo N.');

  const user = users.find(client.poolId, typed);
  secretHash.assert(client, [typed, user?.username], parameters.SECRET_HASH);
  if (!user && client.preventUserExistenceErrors === 'LEGACY') throw userNotFound();

  // A name without an account gets a challenge that looks like any other,
  // made with the same work, and fails at the proof: sign-in cannot be used
  // to find out who has an account (RFC 5054 §2.5.1.3).
  const username = user?.username ?? typed;
  const salt = user?.verifier ? user.salt : decoys.salt(client.poolId, typed);
  const verifier = user?.verifier ? hexToBigInt(user.verifier) : decoys.verifier(client.poolId, typed);
  const { b, B } = srp.serverEphemeral(verifier);
  const secretBlock = challenges.seal(
    {
      name: 'PASSWORD_VERIFIER',
      poolId: client.poolId,
      clientId: client.id,
      username,
      A,
      B,
      b,
      expiresAt: challengeExpiry(clock, client),
    },
    user?.verifier ?? '',
  );
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: { SALT: salt, SECRET_BLOCK: secretBlock, SRP_B: B.toString(16), USERNAME: username, USER_ID_FOR_SRP: username },
  };
}

async function passwordSignIn(services: SignInNeeds, client: ClientRecord, parameters: Record<string, string>): Promise<SignInResponse> {
  const { srp, decoys, users, passwords, secretHash } = services;
  const typed = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const user = users.find(client.poolId, typed);
  if (!user) {
    if (client.preventUserExistenceErrors === 'LEGACY') throw userNotFound();
    secretHash.assert(client, typed, parameters.SECRET_HASH);
    // The verifier a real check computes, so that the answer takes as long.
    srp.verifier(poolNameOf(client.poolId), typed, password, decoys.salt(client.poolId, typed));
    return passwords.failWithoutAccount(client.poolId, typed);
  }
  secretHash.assert(client, [typed, user.username], parameters.SECRET_HASH);
  // Cognito says so before looking at the password in this flow.
  if (user.status === 'UNCONFIRMED') throw userNotConfirmed();
  return afterPassword(services, client, passwords.check(user, passwords.matches(user, password)));
}

/** After a correct password: the account's state decides between tokens, a further challenge and an error. */
async function afterPassword(
  { clock, challenges, sessions }: Needs<'clock' | 'challenges' | 'sessions'>,
  client: ClientRecord,
  user: UserRecord,
): Promise<SignInResponse> {
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw userNotConfirmed();
  if (user.status === 'RESET_REQUIRED') throw passwordResetRequired();
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const session = challenges.seal(
      { name: 'NEW_PASSWORD_REQUIRED', poolId: user.poolId, clientId: client.id, username: user.username, expiresAt: challengeExpiry(clock, client) },
      user.verifier,
    );
    const { sub: _sub, ...attributes } = user.attributes;
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: { USER_ID_FOR_SRP: user.username, requiredAttributes: '[]', userAttributes: JSON.stringify(attributes) },
    };
  }
  return { ChallengeParameters: {}, AuthenticationResult: await sessions.start(client, user) };
}

export async function respondToAuthChallenge(services: SignInNeeds, input: Input): Promise<SignInResponse> {
  const client = requireClient(services.store, clientId(input));
  const challengeName = enumMember(input, 'ChallengeName', CHALLENGE_NAMES);
  const responses = stringMap(input, 'ChallengeResponses');
  const session = requiredOrUndefined(input, 'Session');

  switch (challengeName) {
    case 'PASSWORD_VERIFIER':
      return verifyPasswordClaim(services, client, responses);
    case 'NEW_PASSWORD_REQUIRED': {
      if (!session) throw invalidParameter('Missing required parameter Session');
      return completeNewPassword(services, client, responses, session);
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

async function verifyPasswordClaim(services: SignInNeeds, client: ClientRecord, responses: Record<string, string>): Promise<SignInResponse> {
  const { store, clock, srp, spentChallenges, decoys, passwords, secretHash } = services;
  requireParameter(responses, 'USERNAME');
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');

  const { challenge, id, madeFor } = openChallenge(services, client, secretBlock, 'PASSWORD_VERIFIER');
  const user = store.getUser(challenge.poolId, challenge.username);
  const genuine = user !== undefined && user.verifier !== '' && madeFor(user.verifier);
  secretHash.assert(client, challenge.username, responses.SECRET_HASH);

  // The same work whether or not the name has an account.
  const verifier = genuine ? hexToBigInt(user.verifier) : decoys.verifier(challenge.poolId, challenge.username);
  let expected: string | undefined;
  try {
    const u = srp.scrambler(challenge.A, challenge.B);
    const S = srp.serverSecret({ A: challenge.A, u, b: challenge.b, verifier });
    expected = srp.passwordClaimSignature(srp.sessionKey(u, S), poolNameOf(challenge.poolId), challenge.username, secretBlock, timestamp);
  } catch (error) {
    if (!(error instanceof SrpError)) throw error;
  }
  if (!user) return passwords.failWithoutAccount(challenge.poolId, challenge.username);
  if (!genuine) throw incorrectCredentials();
  const checked = passwords.check(user, expected !== undefined && constantTimeEqual(expected, signature));
  spentChallenges.spend(id, challenge.expiresAt, clock.now());
  return afterPassword(services, client, checked);
}

async function completeNewPassword(services: SignInNeeds, client: ClientRecord, responses: Record<string, string>, session: string): Promise<SignInResponse> {
  const { store, passwords } = services;
  const { challenge, madeFor } = openChallenge(services, client, session, 'NEW_PASSWORD_REQUIRED');
  const user = store.getUser(challenge.poolId, challenge.username);
  // Changing the password changes the verifier and the status: the session then serves no more.
  if (user?.status !== 'FORCE_CHANGE_PASSWORD' || !madeFor(user.verifier)) {
    throw notAuthorized('Invalid session for the user.');
  }
  const newPassword = requireParameter(responses, 'NEW_PASSWORD');
  const changes = writableAttributes(
    Object.entries(responses)
      .filter(([name]) => name.startsWith(USER_ATTRIBUTE_PREFIX))
      .map(([name, value]) => ({ Name: name.slice(USER_ATTRIBUTE_PREFIX.length), Value: value })),
    'client',
  );
  assertPasswordConforms(newPassword, requirePool(store, user.poolId).passwordPolicy);
  const updated = {
    ...passwords.withPassword({ ...user, attributes: withAttributeChanges(user.attributes, changes) }, newPassword),
    status: 'CONFIRMED' as const,
  };
  store.putUser(updated);
  return afterPassword(services, client, updated);
}

/** The sealed challenge a client sent back, when it is genuine, unexpired, unspent, of the kind expected and for this client. */
function openChallenge<K extends PendingChallenge['name']>(
  { clock, challenges, spentChallenges }: Needs<'clock' | 'challenges' | 'spentChallenges'>,
  client: ClientRecord,
  sealed: string,
  kind: K,
): OpenedChallenge<Extract<PendingChallenge, { name: K }>> {
  const opened = challenges.open(sealed, clock.now());
  if (opened === 'expired') throw notAuthorized('Invalid session for the user, session is expired.');
  if (!opened || opened.challenge.name !== kind || opened.challenge.clientId !== client.id || spentChallenges.has(opened.id)) {
    throw notAuthorized('Invalid session for the user.');
  }
  return opened as OpenedChallenge<Extract<PendingChallenge, { name: K }>>;
}
