import { writableAttributes } from '../attributes.ts';
import type { UserPoolContext } from '../context.ts';
import { codeMismatch, incorrectCredentials, invalidParameter, notAuthorized, usernameExists, userNotFound } from '../errors.ts';
import { attributeList, clientId, optionalString, requiredString, stringMap, type Input } from '../input.ts';
import { afterFailure, afterSuccess, isLockedOut } from '../lockout.ts';
import { assertPasswordConforms } from '../password-policy.ts';
import type { ClientRecord, UserRecord } from '../store.ts';
import { authenticateAccessToken } from '../tokens.ts';
import { signOutEverywhere } from './session.ts';

const USERNAME = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };
const PASSWORD = { max: 256 };
const CODE = { max: 2048, pattern: /^[\S]+$/ };
const ACCESS_TOKEN = { max: 16_384 };

/** The user an unauthenticated account call names, or the error Cognito gives for nobody. */
function namedUser(ctx: UserPoolContext, client: ClientRecord, input: Input): UserRecord {
  const typed = requiredString(input, 'Username', USERNAME);
  const user = ctx.findUser(client.poolId, typed);
  if (!user) throw userNotFound();
  ctx.assertSecretHash(client, user.username, optionalString(input, 'SecretHash'));
  return user;
}

export function signUp(ctx: UserPoolContext, input: Input) {
  const client = ctx.requireClient(clientId(input));
  const pool = ctx.requirePool(client.poolId);
  const typed = requiredString(input, 'Username', USERNAME);
  const password = requiredString(input, 'Password', PASSWORD);
  const attributes = writableAttributes(attributeList(input, 'UserAttributes'), 'user');
  stringMap(input, 'ValidationData');
  stringMap(input, 'ClientMetadata');

  // In a pool that signs in with email, the typed email is an alias and the
  // real username is a generated id, as in Cognito.
  const signsInWithEmail = pool.usernameAttributes.includes('email');
  if (signsInWithEmail) {
    if (!/^[^@\s]+@[^@\s]+$/.test(typed)) throw invalidParameter('Username should be an email.');
    attributes.email = typed;
  }
  if (ctx.findUser(pool.id, typed)) throw usernameExists(signsInWithEmail ? 'An account with the given email already exists.' : 'User already exists');
  assertPasswordConforms(password, pool.passwordPolicy);

  const sub = ctx.randomId();
  const user = ctx.withPassword(ctx.newUser(pool.id, signsInWithEmail ? sub : typed, sub, attributes, 'UNCONFIRMED'), password);
  ctx.assertSecretHash(client, user.username, optionalString(input, 'SecretHash'));
  ctx.store.putUser(user);
  const delivery = user.attributes.email ? ctx.sendCode(user, 'confirm-sign-up') : undefined;
  return { UserConfirmed: false, UserSub: sub, ...(delivery && { CodeDeliveryDetails: delivery }) };
}

export function confirmSignUp(ctx: UserPoolContext, input: Input) {
  const client = ctx.requireClient(clientId(input));
  const code = requiredString(input, 'ConfirmationCode', CODE);
  const user = namedUser(ctx, client, input);
  if (user.status !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  ctx.consumeCode(user, 'confirm-sign-up', code);
  const attributes = user.attributes.email ? { ...user.attributes, email_verified: 'true' } : user.attributes;
  ctx.store.putUser({ ...user, status: 'CONFIRMED', attributes, lastModifiedAt: ctx.now() });
  return {};
}

export function resendConfirmationCode(ctx: UserPoolContext, input: Input) {
  const client = ctx.requireClient(clientId(input));
  const user = namedUser(ctx, client, input);
  if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
  return { CodeDeliveryDetails: ctx.sendCode(user, 'confirm-sign-up') };
}

export function forgotPassword(ctx: UserPoolContext, input: Input) {
  const client = ctx.requireClient(clientId(input));
  const typed = requiredString(input, 'Username', USERNAME);
  const user = ctx.findUser(client.poolId, typed);
  if (!user) {
    if (client.preventUserExistenceErrors === 'LEGACY') throw userNotFound();
    // Answer as if a code went out, so that this call reveals no accounts.
    return { CodeDeliveryDetails: { Destination: `${typed.charAt(0)}***@e***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' } };
  }
  ctx.assertSecretHash(client, user.username, optionalString(input, 'SecretHash'));
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (!user.attributes.email || user.attributes.email_verified !== 'true') {
    throw invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  return { CodeDeliveryDetails: ctx.sendCode(user, 'reset-password') };
}

export function confirmForgotPassword(ctx: UserPoolContext, input: Input) {
  const client = ctx.requireClient(clientId(input));
  const code = requiredString(input, 'ConfirmationCode', CODE);
  const password = requiredString(input, 'Password', PASSWORD);
  const typed = requiredString(input, 'Username', USERNAME);
  const user = ctx.findUser(client.poolId, typed);
  if (!user) {
    if (client.preventUserExistenceErrors === 'LEGACY') throw userNotFound();
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  ctx.assertSecretHash(client, user.username, optionalString(input, 'SecretHash'));
  // The policy is checked first so that a weak password does not burn the code.
  assertPasswordConforms(password, ctx.requirePool(user.poolId).passwordPolicy);
  ctx.consumeCode(user, 'reset-password', code);
  const status = user.status === 'UNCONFIRMED' ? 'UNCONFIRMED' : 'CONFIRMED';
  ctx.store.putUser(afterSuccess({ ...ctx.withPassword(user, password), status }));
  return {};
}

export function changePassword(ctx: UserPoolContext, input: Input) {
  const { user } = authenticateAccessToken(ctx, requiredString(input, 'AccessToken', ACCESS_TOKEN));
  const previous = requiredString(input, 'PreviousPassword', PASSWORD);
  const proposed = requiredString(input, 'ProposedPassword', PASSWORD);
  const now = ctx.now();
  if (isLockedOut(user, now)) throw notAuthorized('Password attempts exceeded');
  if (!ctx.passwordMatches(user, previous)) {
    ctx.store.putUser(afterFailure(user, now));
    throw incorrectCredentials();
  }
  assertPasswordConforms(proposed, ctx.requirePool(user.poolId).passwordPolicy);
  ctx.store.putUser(afterSuccess(ctx.withPassword(user, proposed)));
  return {};
}

export function updateUserAttributes(ctx: UserPoolContext, input: Input) {
  const { user } = authenticateAccessToken(ctx, requiredString(input, 'AccessToken', ACCESS_TOKEN));
  const changes = writableAttributes(attributeList(input, 'UserAttributes'), 'user');
  stringMap(input, 'ClientMetadata');
  const emailChanged = changes.email !== undefined && changes.email !== user.attributes.email;
  const attributes = { ...user.attributes, ...changes, ...(emailChanged && { email_verified: 'false' }) };
  const updated = { ...user, attributes, lastModifiedAt: ctx.now() };
  ctx.store.putUser(updated);
  return { CodeDeliveryDetailsList: emailChanged ? [ctx.sendCode(updated, 'verify-email')] : [] };
}

export function getUserAttributeVerificationCode(ctx: UserPoolContext, input: Input) {
  const { user } = authenticateAccessToken(ctx, requiredString(input, 'AccessToken', ACCESS_TOKEN));
  const attribute = requiredString(input, 'AttributeName', { max: 32 });
  if (attribute !== 'email') throw invalidParameter(`Cannot send a verification code for ${attribute}: only email is delivered by this pool.`);
  return { CodeDeliveryDetails: ctx.sendCode(user, 'verify-email') };
}

export function verifyUserAttribute(ctx: UserPoolContext, input: Input) {
  const { user } = authenticateAccessToken(ctx, requiredString(input, 'AccessToken', ACCESS_TOKEN));
  const attribute = requiredString(input, 'AttributeName', { max: 32 });
  const code = requiredString(input, 'Code', CODE);
  if (attribute !== 'email') throw invalidParameter(`Cannot verify ${attribute}: only email is verified by this pool.`);
  ctx.consumeCode(user, 'verify-email', code);
  ctx.store.putUser({ ...user, attributes: { ...user.attributes, email_verified: 'true' }, lastModifiedAt: ctx.now() });
  return {};
}

export function deleteUser(ctx: UserPoolContext, input: Input) {
  const { user } = authenticateAccessToken(ctx, requiredString(input, 'AccessToken', ACCESS_TOKEN));
  signOutEverywhere(ctx, user.poolId, user.username);
  ctx.store.deleteUser(user.poolId, user.username);
  return {};
}

