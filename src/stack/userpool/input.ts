import { serialization, validationError } from './errors.ts';

/** A parsed AWS JSON 1.1 request body: untrusted until a reader below accepts a member. */
export type Input = Record<string, unknown>;

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

/** AWS JSON 1.1 names a mistyped member after the JSON kind it received. */
function typeMismatch(value: unknown, expected: string) {
  if (Array.isArray(value)) return serialization('Start of list found where not expected');
  if (value !== null && typeof value === 'object') return serialization('Start of structure or map found where not expected.');
  const kind = typeof value === 'number' ? 'NUMBER_VALUE' : typeof value === 'boolean' ? 'BOOLEAN_VALUE' : 'STRING_VALUE';
  return serialization(`${kind} can not be converted to ${expected}`);
}

export function optionalString(input: Input, member: string, rule: StringRule = {}): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw typeMismatch(value, 'a String');
  const { min = 0, max = 2048, pattern } = rule;
  if (value.length < min) throw validationError(member, undefined, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw validationError(member, undefined, `Member must have length less than or equal to ${max}`);
  if (pattern && !pattern.test(value)) throw validationError(member, undefined, `Member must satisfy regular expression pattern: ${pattern.source}`);
  return value;
}

export function requiredString(input: Input, member: string, rule: StringRule = {}): string {
  const value = optionalString(input, member, { min: 1, ...rule });
  if (value === undefined) throw validationError(member, 'null', 'Member must not be null');
  return value;
}

/** Every client-facing operation names its app client. */
export function clientId(input: Input): string {
  return requiredString(input, 'ClientId', { max: 128, pattern: /^[\w+]+$/ });
}

export function optionalInteger(input: Input, member: string, min: number, max: number): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeMismatch(value, 'an Integer');
  if (value < min) throw validationError(member, String(value), `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(member, String(value), `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalBoolean(input: Input, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw typeMismatch(value, 'a Boolean');
  return value;
}

export function optionalStringList(input: Input, member: string): string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeMismatch(value, 'a List');
  for (const item of value) if (typeof item !== 'string') throw typeMismatch(item, 'a String');
  return value as string[];
}

export function optionalStructure(input: Input, member: string): Input | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw typeMismatch(value, 'a Structure');
  return value as Input;
}

/** A string-to-string map such as `AuthParameters` or `ChallengeResponses`. */
export function stringMap(input: Input, member: string): Record<string, string> {
  const map = optionalStructure(input, member) ?? {};
  for (const value of Object.values(map)) if (typeof value !== 'string') throw typeMismatch(value, 'a String');
  return map as Record<string, string>;
}

export interface AttributeInput {
  Name: string;
  Value: string;
}

/** `[{ "Name": "email", "Value": "a@example.com" }, …]` */
export function attributeList(input: Input, member: string): AttributeInput[] {
  const value = input[member];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw typeMismatch(value, 'a List');
  return value.map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw typeMismatch(item, 'a Structure');
    const name = requiredString(item as Input, 'Name', { max: 32 });
    const attributeValue = optionalString(item as Input, 'Value') ?? '';
    return { Name: name, Value: attributeValue };
  });
}
