import { toAttributeList, writableAttributes } from '../attributes.ts';
import { groupExists, invalidParameter, notAuthorized, resourceNotFound, usernameExists, userNotFound, validationError } from '../errors.ts';
import { attributeList, optionalBoolean, optionalInteger, optionalString, optionalStringList, requiredString, type Input } from '../input.ts';
import { afterSuccess } from '../lockout.ts';
import { requirePool } from '../lookups.ts';
import { assertPasswordConforms } from '../password-policy.ts';
import type { RandomSource } from '../random.ts';
import type { Needs } from '../services.ts';
import type { GroupRecord, PasswordPolicy, UserPoolStore, UserRecord } from '../store.ts';
import { poolIdOf } from './admin-pools.ts';

const USERNAME = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };
const GROUP_NAME = { max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u };

function namedUser({ store, users }: Needs<'store' | 'users'>, input: Input): UserRecord {
  const poolId = poolIdOf(input);
  requirePool(store, poolId);
  return users.require(poolId, requiredString(input, 'Username', USERNAME));
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

export function adminCreateUser({ store, random, users, passwords, mailbox }: Needs<'store' | 'random' | 'users' | 'passwords' | 'mailbox'>, input: Input) {
  const pool = requirePool(store, poolIdOf(input));
  const username = requiredString(input, 'Username', USERNAME);
  const attributes = writableAttributes(attributeList(input, 'UserAttributes'), 'admin');
  const action = optionalString(input, 'MessageAction');
  if (action !== undefined && action !== 'RESEND' && action !== 'SUPPRESS')
    throw validationError('MessageAction', `'${action}'`, 'Member must satisfy enum value set: [RESEND, SUPPRESS]');
  optionalStringList(input, 'DesiredDeliveryMediums');
  optionalBoolean(input, 'ForceAliasCreation');

  const existing = users.find(pool.id, username);
  if (existing && action !== 'RESEND') throw usernameExists('User account already exists');
  if (!existing && action === 'RESEND') throw userNotFound();

  const given = optionalString(input, 'TemporaryPassword', { max: 256 });
  if (given !== undefined) assertPasswordConforms(given, pool.passwordPolicy);
  const temporaryPassword = given ?? temporaryPasswordFor(random, pool.passwordPolicy);

  const base = existing ?? users.newUser(pool.id, username, random.id(), attributes, 'FORCE_CHANGE_PASSWORD');
  const user: UserRecord = { ...passwords.withPassword(base, temporaryPassword), status: 'FORCE_CHANGE_PASSWORD' };
  store.putUser(user);
  if (action !== 'SUPPRESS' && user.attributes.email) {
    const body = `Your username is ${user.username} and temporary password is ${temporaryPassword}.`;
    mailbox.deliver(user, user.attributes.email, 'Your temporary password', body, temporaryPassword);
  }
  return { User: describeUser(user) };
}

/** A random password that satisfies the pool's policy: one of each required class, then random characters. */
function temporaryPasswordFor(random: RandomSource, policy: PasswordPolicy): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#%&*-_=+?'];
  const required = classes.map((alphabet) => random.string(1, alphabet)).join('');
  return required + random.string(Math.max(policy.MinimumLength, 12) - required.length, classes.join(''));
}

export function adminSetUserPassword({ store, users, passwords }: Needs<'store' | 'users' | 'passwords'>, input: Input) {
  const user = namedUser({ store, users }, input);
  const password = requiredString(input, 'Password', { max: 256 });
  const permanent = optionalBoolean(input, 'Permanent') ?? false;
  assertPasswordConforms(password, requirePool(store, user.poolId).passwordPolicy);
  store.putUser(afterSuccess({ ...passwords.withPassword(user, password), status: permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD' }));
  return {};
}

export function adminConfirmSignUp({ store, clock, users }: Needs<'store' | 'clock' | 'users'>, input: Input) {
  const user = namedUser({ store, users }, input);
  if (user.status !== 'UNCONFIRMED') throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  store.putUser({ ...user, status: 'CONFIRMED', lastModifiedAt: clock.now() });
  return {};
}

export function adminGetUser({ store, users }: Needs<'store' | 'users'>, input: Input) {
  const user = namedUser({ store, users }, input);
  const { Attributes, ...rest } = describeUser(user);
  return { ...rest, UserAttributes: Attributes, MFAOptions: [], UserMFASettingList: [] };
}

/** `Filter: 'email = "a@example.com"'` or `'username ^= "al"'`, as Cognito parses it. */
const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;
const FILTERABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

export function listUsers({ store }: Needs<'store'>, input: Input) {
  const poolId = poolIdOf(input);
  requirePool(store, poolId);
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
    const page = store.listUsers(poolId, 100, last);
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
  const more = !exhausted && store.listUsers(poolId, 1, last).length > 0;
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
  const filteredValue = (user: UserRecord): string | undefined =>
    attribute === 'username'
      ? user.username
      : attribute === 'cognito:user_status'
        ? user.status
        : attribute === 'status'
          ? user.enabled
            ? 'Enabled'
            : 'Disabled'
          : user.attributes[attribute];
  return (user) => {
    const value = filteredValue(user);
    return value !== undefined && (operator === '=' ? value === wanted : value.startsWith(wanted));
  };
}

export function adminDeleteUser({ store, users, sessions }: Needs<'store' | 'users' | 'sessions'>, input: Input) {
  const user = namedUser({ store, users }, input);
  sessions.signOutEverywhere(user.poolId, user.username);
  store.deleteUser(user.poolId, user.username);
  return {};
}

/** Disabling a user also revokes every token they hold, as Cognito does. */
export function adminDisableUser({ store, clock, users, sessions }: Needs<'store' | 'clock' | 'users' | 'sessions'>, input: Input) {
  const user = namedUser({ store, users }, input);
  sessions.signOutEverywhere(user.poolId, user.username);
  store.putUser({ ...users.require(user.poolId, user.username), enabled: false, lastModifiedAt: clock.now() });
  return {};
}

export function adminEnableUser({ store, clock, users }: Needs<'store' | 'clock' | 'users'>, input: Input) {
  const user = namedUser({ store, users }, input);
  store.putUser({ ...user, enabled: true, lastModifiedAt: clock.now() });
  return {};
}

export function adminUserGlobalSignOut({ store, users, sessions }: Needs<'store' | 'users' | 'sessions'>, input: Input) {
  const user = namedUser({ store, users }, input);
  sessions.signOutEverywhere(user.poolId, user.username);
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

export function createGroup({ store, clock }: Needs<'store' | 'clock'>, input: Input) {
  const poolId = poolIdOf(input);
  requirePool(store, poolId);
  const name = requiredString(input, 'GroupName', GROUP_NAME);
  if (store.getGroup(poolId, name)) throw groupExists(`A group with the name ${name} already exists.`);
  optionalString(input, 'RoleArn', { max: 2048 });
  const now = clock.now();
  const group: GroupRecord = {
    poolId,
    name,
    description: optionalString(input, 'Description') ?? null,
    precedence: optionalInteger(input, 'Precedence', 0, 2 ** 31 - 1) ?? null,
    createdAt: now,
    lastModifiedAt: now,
  };
  store.putGroup(group);
  return { Group: describeGroup(group) };
}

export function listGroups({ store }: Needs<'store'>, input: Input) {
  const poolId = poolIdOf(input);
  requirePool(store, poolId);
  const limit = optionalInteger(input, 'Limit', 0, 60) || 60;
  const after = optionalString(input, 'NextToken', { max: 512 }) ?? '';
  const groups = store.listGroups(poolId).filter((group) => group.name > after);
  const page = groups.slice(0, limit);
  return { Groups: page.map(describeGroup), ...(groups.length > limit && { NextToken: page.at(-1)!.name }) };
}

function namedGroup(store: UserPoolStore, poolId: string, input: Input): GroupRecord {
  const group = store.getGroup(poolId, requiredString(input, 'GroupName', GROUP_NAME));
  if (!group) throw resourceNotFound('Group not found.');
  return group;
}

export function adminAddUserToGroup({ store, users }: Needs<'store' | 'users'>, input: Input) {
  const user = namedUser({ store, users }, input);
  store.addUserToGroup(user.poolId, user.username, namedGroup(store, user.poolId, input).name);
  return {};
}

export function adminRemoveUserFromGroup({ store, users }: Needs<'store' | 'users'>, input: Input) {
  const user = namedUser({ store, users }, input);
  store.removeUserFromGroup(user.poolId, user.username, namedGroup(store, user.poolId, input).name);
  return {};
}
