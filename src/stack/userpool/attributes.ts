import { invalidParameter } from './errors.ts';
import type { AttributeInput } from './input.ts';

/** Cognito's standard attributes; anything else must be a `custom:` one. */
const STANDARD = new Set([
  'address', 'birthdate', 'email', 'email_verified', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name',
  'nickname', 'phone_number', 'phone_number_verified', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo',
]);
/** Only an administrator (or a verification code) may set these. */
const ADMIN_ONLY = new Set(['email_verified', 'phone_number_verified']);

/**
 * Validates attributes a caller wants to write and returns them as a map.
 * `sub` never changes; the `*_verified` flags are the administrator's alone.
 */
export function writableAttributes(list: AttributeInput[], caller: 'user' | 'admin'): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const { Name, Value } of list) {
    if (Name === 'sub') throw invalidParameter('Cannot modify the non-mutable attribute sub');
    if (!STANDARD.has(Name) && !/^custom:[\w.-]{1,20}$/.test(Name)) throw invalidParameter(`Attribute does not exist in the schema: ${Name}`);
    if (caller === 'user' && ADMIN_ONLY.has(Name)) throw invalidParameter(`Cannot modify the attribute ${Name}: it is set by verifying the address.`);
    if (ADMIN_ONLY.has(Name) && Value !== 'true' && Value !== 'false') throw invalidParameter(`${Name} must be "true" or "false".`);
    if (Name === 'email' && !/^[^@\s]+@[^@\s]+$/.test(Value)) throw invalidParameter('Invalid email address format.');
    if (Value.length > 2048) throw invalidParameter(`The value of ${Name} is too long.`);
    attributes[Name] = Value;
  }
  return attributes;
}

export function toAttributeList(attributes: Record<string, string>): { Name: string; Value: string }[] {
  return Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
}
