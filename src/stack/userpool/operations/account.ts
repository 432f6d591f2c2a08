import { withAttributeChanges, writableAttributes } from '../attributes.ts';
import { invalidParameter, limitExceeded, notAuthorized, usernameExists, userNotFound } from '../errors.ts';
import { attributeList, clientId, optionalString, requiredString, stringMap, type Input } from '../input.ts';
import { afterSuccess, isLockedOut } from '../lockout.ts';
import { requireClient, requirePool } from '../lookups.ts';
import { assertPasswordConforms } from '../password-policy.ts';
import type { Needs } from '../services.ts';
import type { ClientRecord, UserRecord } from '../store.ts';

const USERNAME = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };
const PASSWORD = { max: 256 };
const CODE = { max: 2048, pattern: /^[\S]+$/ };
const ACCESS_TOKEN = { max: 16_384 };

/**
 * The name an unauthenticated account call types, and its account if it has
 * one, after checking the client's secret hash. With
 * `PreventUserExistenceErrors: LEGACY` a name without an account is an error
 * here; with `ENABLED` each operation answers as Cognito documents
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-managing-errors.html).
 */
function namedUser({ users, secretHash }: Needs<'users' | 'secretHash'>, client: ClientRecord, input: Input): { typed: string; user: UserRecord | undefined } {
  const typed = requiredString(input, 'Username', USERNAME);
  const user = users.find(client.poolId, typed);
  secretHash.assert(client, [typed, user?.username], optionalString(input, 'SecretHash'));
  if (!user && client.preventUserExistenceErrors === 'LEGACY') throw userNotFound();
  return { typed, user };
}

export function signUp(
  { store, random, users, passwords, codes, secretHash }: Needs<'store' | 'random' | 'users' | 'passwords' | 'codes' | 'secretHash'>,
  input: Input,
) {
  const client = requireClient(store, clientId(input));
  const pool = requirePool(store, client.poolId);
  const typed = requiredString(input, 'Username', USERNAME);
  const password = requiredString(input, 'Password', PASSWORD);
  const attributes = writableAttributes(attributeList(input, 'UserAttributes'), 'client');
  stringMap(input, 'ValidationData');
  stringMap(input, 'ClientMetadata');
  // Over the name the client sent (in a pool that signs in with email, the
  // username is generated below, so the client cannot know it), and before
  // anything is said about the name.
  secretHash.assert(client, typed, optionalString(input, 'SecretHash'));

  // In a pool that signs in with email, the typed email is an alias and the
  // real username is a generated id, as in Cognito.
  const signsInWithEmail = pool.usernameAttributes.includes('email');
  if (signsInWithEmail) {
    if (!/^[^@\s]+@[^@\s]+$/.test(typed)) throw invalidParameter('Username should be an email.');
    attributes.email = typed;
  }
  if (users.find(pool.id, typed)) throw usernameExists(signsInWithEmail ? 'An account with the given email already exists.' : 'User already exists');
  assertPasswordConforms(password, pool.passwordPolicy);

  const sub = random.id();
  const user = passwords.withPassword(users.newUser(pool.id, signsInWithEmail ? sub : typed, sub, attributes, 'UNCONFIRMED'), password);
  store.putUser(user);
  const delivery = user.attributes.email ? codes.send(user, 'confirm-sign-up') : undefined;
  return { UserConfirmed: false, UserSub: sub, ...(delivery && { CodeDeliveryDetails: delivery }) };
}

export function confirmSignUp({ store, clock, users, codes, secretHash }: Needs<'store' | 'clock' | 'users' | 'codes' | 'secretHash'>, input: Input) {
  const client = requireClient(store, clientId(input));
  const code = requiredString(input, 'ConfirmationCode', CODE);
  const { typed, user } = namedUser({ users, secretHash }, client, input);
  // Cognito documents no answer for a name without an account here; a wrong
  // code, counted like one, gives nothing away (our choice).
  if (!user) return codes.failWithoutAccount(client.poolId, typed, 'confirm-sign-up');
  if (user.status !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  codes.consume(user, 'confirm-sign-up', code);
  const attributes = user.attributes.email ? { ...user.attributes, email_verified: 'true' } : user.attributes;
  store.putUser({ ...user, status: 'CONFIRMED', attributes, lastModifiedAt: clock.now() });
  return {};
}

/** A name without an account, or a disabled one, gets delivery details all the same. */
export function resendConfirmationCode({ store, users, codes, secretHash }: Needs<'store' | 'users' | 'codes' | 'secretHash'>, input: Input) {
  const client = requireClient(store, clientId(input));
  const { typed, user } = namedUser({ users, secretHash }, client, input);
  if (user?.enabled === false && client.preventUserExistenceErrors === 'LEGACY') throw notAuthorized('User is disabled.');
  if (!user?.enabled || !user.attributes.email) return { CodeDeliveryDetails: codes.pretendToSend(client.poolId, typed, 'confirm-sign-up') };
  if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
  return { CodeDeliveryDetails: codes.send(user, 'confirm-sign-up') };
}

/** A name without an account, a disabled one, or one without a verified address gets simulated delivery details. */
export function forgotPassword({ store, users, codes, secretHash }: Needs<'store' | 'users' | 'codes' | 'secretHash'>, input: Input) {
  const client = requireClient(store, clientId(input));
  const { typed, user } = namedUser({ users, secretHash }, client, input);
  const deliverable = user?.enabled && user.attributes.email !== undefined && user.attributes.email_verified === 'true';
  if (!deliverable) {
    if (client.preventUserExistenceErrors === 'ENABLED' || !user) return { CodeDeliveryDetails: codes.pretendToSend(client.poolId, typed, 'reset-password') };
    if (!user.enabled) throw notAuthorized('User is disabled.');
    throw invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  return { CodeDeliveryDetails: codes.send(user, 'reset-password') };
}

export function confirmForgotPassword(
  { store, users, passwords, codes, secretHash }: Needs<'store' | 'users' | 'passwords' | 'codes' | 'secretHash'>,
  input: Input,
) {
  const client = requireClient(store, clientId(input));
  const code = requiredString(input, 'ConfirmationCode', CODE);
  const password = requiredString(input, 'Password', PASSWORD);
  const { typed, user } = namedUser({ users, secretHash }, client, input);
  if (!user?.enabled) return codes.failWithoutAccount(client.poolId, typed, 'reset-password');
  // The policy is checked first so that a weak password does not burn the code.
  assertPasswordConforms(password, requirePool(store, user.poolId).passwordPolicy);
  codes.consume(user, 'reset-password', code);
  const status = user.status === 'UNCONFIRMED' ? 'UNCONFIRMED' : 'CONFIRMED';
  store.putUser(afterSuccess({ ...passwords.withPassword(user, password), status }));
  return {};
}

export async function changePassword({ store, clock, passwords, tokens }: Needs<'store' | 'clock' | 'passwords' | 'tokens'>, input: Input) {
  const { user } = await tokens.authenticateAccessToken(requiredString(input, 'AccessToken', ACCESS_TOKEN));
  const previous = requiredString(input, 'PreviousPassword', PASSWORD);
  const proposed = requiredString(input, 'ProposedPassword', PASSWORD);
  // The lockout is the one sign-in counts, but a locked-out password change
  // gets LimitExceededException where a sign-in gets "Password attempts exceeded".
  if (isLockedOut(user, clock.now())) throw limitExceeded('Attempt limit exceeded, please try after some time.');
  const checked = passwords.check(user, passwords.matches(user, previous));
  assertPasswordConforms(proposed, requirePool(store, user.poolId).passwordPolicy);
  store.putUser(passwords.withPassword(checked, proposed));
  return {};
}

export async function updateUserAttributes({ store, clock, codes, tokens }: Needs<'store' | 'clock' | 'codes' | 'tokens'>, input: Input) {
  const { user } = await tokens.authenticateAccessToken(requiredString(input, 'AccessToken', ACCESS_TOKEN));
  const changes = writableAttributes(attributeList(input, 'UserAttributes'), 'client');
  stringMap(input, 'ClientMetadata');
  const attributes = withAttributeChanges(user.attributes, changes);
  const updated = { ...user, attributes, lastModifiedAt: clock.now() };
  store.putUser(updated);
  const emailChanged = attributes.email !== user.attributes.email;
  return { CodeDeliveryDetailsList: emailChanged ? [codes.send(updated, 'verify-email')] : [] };
}

export async function getUserAttributeVerificationCode({ codes, tokens }: Needs<'codes' | 'tokens'>, input: Input) {
  const { user } = await tokens.authenticateAccessToken(requiredString(input, 'AccessToken', ACCESS_TOKEN));
  const attribute = requiredString(input, 'AttributeName', { max: 32 });
  if (attribute !== 'email') throw invalidParameter(`Cannot send a verification code for ${attribute}: only email is delivered by this pool.`);
  return { CodeDeliveryDetails: codes.send(user, 'verify-email') };
}

export async function verifyUserAttribute({ store, clock, codes, tokens }: Needs<'store' | 'clock' | 'codes' | 'tokens'>, input: Input) {
  const { user } = await tokens.authenticateAccessToken(requiredString(input, 'AccessToken', ACCESS_TOKEN));
  const attribute = requiredString(input, 'AttributeName', { max: 32 });
  const code = requiredString(input, 'Code', CODE);
  if (attribute !== 'email') throw invalidParameter(`Cannot verify ${attribute}: only email is verified by this pool.`);
  codes.consume(user, 'verify-email', code);
  store.putUser({ ...user, attributes: { ...user.attributes, email_verified: 'true' }, lastModifiedAt: clock.now() });
  return {};
}

export async function deleteUser({ store, tokens, sessions }: Needs<'store' | 'tokens' | 'sessions'>, input: Input) {
  const { user } = await tokens.authenticateAccessToken(requiredString(input, 'AccessToken', ACCESS_TOKEN));
  sessions.signOutEverywhere(user.poolId, user.username);
  store.deleteUser(user.poolId, user.username);
  return {};
}
