import { toAttributeList, writableAttributes } from '../attributes.ts';
import type { UserPoolContext } from '../context.ts';
import { groupExists, invalidParameter, notAuthorized, resourceNotFound, usernameExists, userNotFound, validationError } from '../errors.ts';
import { attributeList, optionalBoolean, optionalInteger, optionalString, optionalStringList, requiredString, type Input } from '../input.ts';
import { afterSuccess } from '../lockout.ts';
import { assertPasswordConforms } from '../password-policy.ts';
import type { GroupRecord, PasswordPolicy, UserRecord } from '../store.ts';
import { poolIdOf } from './admin-pools.ts';
import { signOutEverywhere } from './session.ts';

const USERNAME = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };
const GROUP_NAME = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };

function namedUser(ctx: UserPoolContext, input: Input): UserRecord {
  const poolId = poolIdOf(input);
  ctx.requirePool(poolId);
  return ctx.requireUser(poolId, requiredString(input, 'Username', USERNAME));
}

/** Cognito's UserType, as AdminCreateUser and ListUsers return it. */
function describeUser(user: UserRecord, attributesToGet?: string[]) {
  const attributes = attributesToGet ? Object.fromEntries(Object.entries(user.attributes).filter(([name]) => attributesToGet.includes(name))) : user.attributes;
  return {
    Username: user.username,
    Attributes: toAttributeList(attributes),
    UserCreateDate: user.createdAt / 1000,
    UserLastModifiedDate: user.lastModifiedAt / 1000,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

export function adminCreateUser(ctx: UserPoolContext, input: Input) {
  const pool = ctx.requirePool(poolIdOf(input));
  const username = requiredString(input, 'Username', USERNAME);
  const attributes = writableAttributes(attributeList(input, 'UserAttributes'), 'admin');
  const action = optionalString(input, 'MessageAction');
  if (action !== undefined && action !== 'RESEND' && action !== 'SUPPRESS') throw validationError('MessageAction', `'${action}'`, 'Member must satisfy enum value set: [RESEND, SUPPRESS]');
  optionalStringList(input, 'DesiredDeliveryMediums');
  optionalBoolean(input, 'ForceAliasCreation');

  const existing = ctx.findUser(pool.id, username);
  if (existing && action !== 'RESEND') throw usernameExists('User account already exists');
  if (!existing && action === 'RESEND') throw userNotFound();

  const given = optionalString(input, 'TemporaryPassword', { max: 256 });
  if (given !== undefined) assertPasswordConforms(given, pool.passwordPolicy);
  const temporaryPassword = given ?? temporaryPasswordFor(ctx, pool.passwordPolicy);

  const base = existing ?? ctx.newUser(pool.id, username, ctx.randomId(), attributes, 'FORCE_CHANGE_PASSWORD');
  const user: UserRecord = { ...ctx.withPassword(base, temporaryPassword), status: 'FORCE_CHANGE_PASSWORD' };
  ctx.store.putUser(user);
  if (action !== 'SUPPRESS' && user.attributes.email) {
    const body = `Your username is ${user.username} and temporary password is ${temporaryPassword}.`;
    ctx.deliver(user, user.attributes.email, 'Your temporary password', body, temporaryPassword);
  }
  return { User: describeUser(user) };
}

/** A random password that satisfies the pool's policy: one of each required class, then random characters. */
function temporaryPasswordFor(ctx: UserPoolContext, policy: PasswordPolicy): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#%&*-_=+?'];
  const required = classes.map((alphabet) => ctx.randomString(1, alphabet)).join('');
  return required + ctx.randomString(Math.max(policy.MinimumLength, 12) - required.length, classes.join(''));
}

export function adminSetUserPassword(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  const password = requiredString(input, 'Password', { max: 256 });
  const permanent = optionalBoolean(input, 'Permanent') ?? false;
  assertPasswordConforms(password, ctx.requirePool(user.poolId).passwordPolicy);
  ctx.store.putUser(afterSuccess({ ...ctx.withPassword(user, password), status: permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD' }));
  return {};
}

export function adminConfirmSignUp(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  if (user.status !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  ctx.store.putUser({ ...user, status: 'CONFIRMED', lastModifiedAt: ctx.now() });
  return {};
}

export function adminGetUser(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  const { Attributes, ...rest } = describeUser(user);
  return { ...rest, UserAttributes: Attributes, MFAOptions: [], UserMFASettingList: [] };
}

/** `Filter: 'email = "a@example.com"'` or `'username ^= "al"'`, as Cognito parses it. */
const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;
const FILTERABLE = new Set(['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub']);

export function listUsers(ctx: UserPoolContext, input: Input) {
  const poolId = poolIdOf(input);
  ctx.requirePool(poolId);
  const limit = optionalInteger(input, 'Limit', 0, 60) || 60;
  const attributesToGet = optionalStringList(input, 'AttributesToGet');
  const filterText = optionalString(input, 'Filter', { max: 256 });
  const token = optionalString(input, 'PaginationToken', { max: 512 });
  let after = '';
  if (token !== undefined) {
    try {
      after = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(token), (c) => c.charCodeAt(0)));
    } catch {
      throw invalidParameter('Invalid pagination token.');
    }
  }
  const matches = filterText ? filterOf(filterText) : () => true;

  const users: UserRecord[] = [];
  let last = after;
  let exhausted = false;
  while (users.length < limit) {
    const page = ctx.store.listUsers(poolId, 100, last);
    if (page.length === 0) {
      exhausted = true;
      break;
    }
    for (const user of page) {
      last = user.username;
      if (matches(user)) users.push(user);
      if (users.length === limit) break;
    }
  }
  const more = !exhausted && ctx.store.listUsers(poolId, 1, last).length > 0;
  return {
    Users: users.map((user) => describeUser(user, attributesToGet)),
    ...(more && { PaginationToken: btoa(String.fromCharCode(...new TextEncoder().encode(last))) }),
  };
}

function filterOf(text: string): (user: UserRecord) => boolean {
  const match = FILTER.exec(text);
  if (!match || !FILTERABLE.has(match[1]!)) throw invalidParameter('Invalid search filter');
  const [, attribute, operator, quoted] = match as unknown as [string, string, string, string];
  const wanted = quoted.replace(/\\(.)/g, '$1');
  const valueOf = (user: UserRecord): string | undefined =>
    attribute === 'username' ? user.username
    : attribute === 'cognito:user_status' ? user.status
    : attribute === 'status' ? (user.enabled ? 'Enabled' : 'Disabled')
    : user.attributes[attribute];
  return (user) => {
    const value = valueOf(user);
    return value !== undefined && (operator === '=' ? value === wanted : value.startsWith(wanted));
  };
}

export function adminDeleteUser(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  signOutEverywhere(ctx, user.poolId, user.username);
  ctx.store.deleteUser(user.poolId, user.username);
  return {};
}

/** Disabling a user also revokes every token they hold, as Cognito does. */
export function adminDisableUser(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  signOutEverywhere(ctx, user.poolId, user.username);
  ctx.store.putUser({ ...ctx.requireUser(user.poolId, user.username), enabled: false, lastModifiedAt: ctx.now() });
  return {};
}

export function adminEnableUser(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  ctx.store.putUser({ ...user, enabled: true, lastModifiedAt: ctx.now() });
  return {};
}

export function adminUserGlobalSignOut(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  signOutEverywhere(ctx, user.poolId, user.username);
  return {};
}

function describeGroup(group: GroupRecord) {
  return {
    GroupName: group.name,
    UserPoolId: group.poolId,
    ...(group.description !== null && { Description: group.description }),
    ...(group.precedence !== null && { Precedence: group.precedence }),
    CreationDate: group.createdAt / 1000,
    LastModifiedDate: group.lastModifiedAt / 1000,
  };
}

export function createGroup(ctx: UserPoolContext, input: Input) {
  const poolId = poolIdOf(input);
  ctx.requirePool(poolId);
  const name = requiredString(input, 'GroupName', GROUP_NAME);
  if (ctx.store.getGroup(poolId, name)) throw groupExists(`A group with the name ${name} already exists.`);
  optionalString(input, 'RoleArn', { max: 2048 });
  const now = ctx.now();
  const group: GroupRecord = {
    poolId,
    name,
    description: optionalString(input, 'Description') ?? null,
    precedence: optionalInteger(input, 'Precedence', 0, 2 ** 31 - 1) ?? null,
    createdAt: now,
    lastModifiedAt: now,
  };
  ctx.store.putGroup(group);
  return { Group: describeGroup(group) };
}

export function listGroups(ctx: UserPoolContext, input: Input) {
  const poolId = poolIdOf(input);
  ctx.requirePool(poolId);
  const limit = optionalInteger(input, 'Limit', 0, 60) || 60;
  const after = optionalString(input, 'NextToken', { max: 512 }) ?? '';
  const groups = ctx.store.listGroups(poolId).filter((group) => group.name > after);
  const page = groups.slice(0, limit);
  return { Groups: page.map(describeGroup), ...(groups.length > limit && { NextToken: page.at(-1)!.name }) };
}

function namedGroup(ctx: UserPoolContext, poolId: string, input: Input): GroupRecord {
  const group = ctx.store.getGroup(poolId, requiredString(input, 'GroupName', GROUP_NAME));
  if (!group) throw resourceNotFound('Group not found.');
  return group;
}

export function adminAddUserToGroup(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  ctx.store.addUserToGroup(user.poolId, user.username, namedGroup(ctx, user.poolId, input).name);
  return {};
}

export function adminRemoveUserFromGroup(ctx: UserPoolContext, input: Input) {
  const user = namedUser(ctx, input);
  ctx.store.removeUserFromGroup(user.poolId, user.username, namedGroup(ctx, user.poolId, input).name);
  return {};
}
