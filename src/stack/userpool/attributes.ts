import { invalidParameter, notAuthorized } from './errors.ts';
import type { AttributeInput } from './input.ts';

/**
 * Cognito's standard attributes. `sub` and `identities` are in every pool's
 * schema but nobody writes them through the API; anything else must be a
 * `custom:` attribute.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html
 */
const STANDARD = new Set([
  'address',
  'birthdate',
  'email',
  'email_verified',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'phone_number_verified',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);
const CUSTOM = /^custom:[\w.-]{1,20}$/;
/** In the schema, never written: the pool assigns `sub`, and `identities` comes from federation. */
const NON_MUTABLE = new Set(['sub', 'identities']);
/** Set by verifying the address (or by an administrator), never by the user through an app client. */
const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified']);
const MAX_VALUE_LENGTH = 2048;

/**
 * Who writes: `client` is a user through an app client (SignUp,
 * UpdateUserAttributes, the `userAttributes.*` of NEW_PASSWORD_REQUIRED);
 * `admin` is an IAM-signed administrator (AdminCreateUser).
 */
export type AttributeWriter = 'client' | 'admin';

/**
 * The one rule for every path that writes attributes: validates what a caller
 * wants to write and returns it as a map, or throws Cognito's error. Reserved
 * names (`sub`, `identities`, `cognito:*`) never get through, so no stored
 * attribute can later pose as one of the pool's own claims.
 */
export function writableAttributes(list: readonly AttributeInput[], writer: AttributeWriter): Record<string, string> {
  const attributes: Record<string, string> = Object.create(null);
  for (const { Name, Value } of list) {
    assertWritable(Name, writer);
    assertValue(Name, Value);
    attributes[Name] = Value;
  }
  return attributes;
}

function assertWritable(name: string, writer: AttributeWriter): void {
  if (!inSchema(name)) throw invalidParameter(`Attribute does not exist in the schema: ${name.slice(0, 64)}`);
  if (writer === 'client' && (NON_MUTABLE.has(name) || VERIFIED_FLAGS.has(name))) throw notAuthorized('A client attempted to write unauthorized attribute');
  if (NON_MUTABLE.has(name)) throw invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
}

function assertValue(name: string, value: string): void {
  if (VERIFIED_FLAGS.has(name) && value !== 'true' && value !== 'false') throw invalidParameter(`${name} must be "true" or "false".`);
  if (name === 'email' && !/^[^@\s]+@[^@\s]+$/.test(value)) throw invalidParameter('Invalid email address format.');
  if (value.length > MAX_VALUE_LENGTH) throw invalidParameter(`The value of ${name} is too long.`);
}

function inSchema(name: string): boolean {
  return STANDARD.has(name) || NON_MUTABLE.has(name) || CUSTOM.test(name);
}

/**
 * What may stay of a stored user's attributes: what an administrator could
 * have written, and the `sub`. Used when the seed restores a demo user, so
 * that nothing written past the rules (by an older version, or by hand) comes
 * back.
 */
export function storableAttributes(attributes: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(attributes)) {
    const valid = name === 'sub' || ((STANDARD.has(name) || CUSTOM.test(name)) && validValue(name, value));
    if (valid) kept[name] = value;
  }
  return kept;
}

function validValue(name: string, value: string): boolean {
  try {
    assertValue(name, value);
    return true;
  } catch {
    return false;
  }
}

export function toAttributeList(attributes: Record<string, string>): { Name: string; Value: string }[] {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
}

/** Attributes after a change a user made: a new email address is not verified until its code is entered. */
export function withAttributeChanges(current: Readonly<Record<string, string>>, changes: Readonly<Record<string, string>>): Record<string, string> {
  const emailChanged = changes.email !== undefined && changes.email !== current.email;
  return { ...current, ...changes, ...(emailChanged && { email_verified: 'false' }) };
}
