/**
 * Hostile values, shared by the user-pool and gateway properties: strings a
 * parser or a validator may not expect, JSON of the wrong kind, numbers at the
 * edges of what JavaScript and SQLite hold, and objects whose keys try to
 * reach the prototype.
 */
import fc from 'fast-check';

/** Keys that reach an object's prototype or shadow its methods when a program copies them naively. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'] as const;

/** Lengths just around the limits the pool and the gateway enforce. */
const EDGE_LENGTHS = [
  0, 1, 31, 32, 33, 55, 56, 100, 101, 127, 128, 129, 255, 256, 257, 512, 513, 1024, 1025, 2047, 2048, 2049, 4096, 4097, 10_240, 10_241, 16_384, 16_385,
];

/** Strings that mean something to some layer: JSON, SQL, regular expressions, paths, format strings, numbers. */
const MEANINGFUL = [
  '',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  '\u0000abc',
  'null',
  'undefined',
  'true',
  'false',
  '0',
  '-0',
  '-1',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '0x10',
  '9007199254740993',
  '[]',
  '{}',
  '{"a":1}',
  '"',
  "'",
  '\\',
  '\\u0000',
  '%',
  '%00',
  '%s%s%s%n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant as plain text
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '../../../../etc/passwd',
  '..',
  '.',
  '/',
  '//',
  '*',
  '?',
  '.*',
  '(a+)+$',
  '[',
  '\\d',
  'ǅ',
  'ß',
  'İ',
  'ﬀ',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\ud83d\ude00',
  '𝒜',
  '٣',
  '١٢٣',
  'Ⅻ',
  '＠',
  'Ａlice',
  'alice\u0000',
  ' alice',
  'alice ',
  'ALICE',
  'Alice',
  'a@b',
  'a@',
  '@b',
  'alice@example.com',
  'user@exa mple.com',
  'username = "alice"',
  'username ^= ""',
  'email = "x"',
  'cognito:user_status = "CONFIRMED"',
  'custom:x',
  'custom:',
  'custom:aaaaaaaaaaaaaaaaaaaaa',
  'cognito:groups',
  'sub',
  'identities',
  'email_verified',
  'userAttributes.email',
  'userAttributes.__proto__',
  'us-east-1_TrailDemo',
  'us-east-1_',
  '_',
  'us-east-1_Nope',
  'admin',
  'Admin',
  'SECRET_HASH',
  'USERNAME',
  'RS256',
  'Bearer',
  'AWS4-HMAC-SHA256',
];

/** Any printable or binary text, Unicode or ASCII. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
);

/** A string that is very long, or exactly at one of the limits. */
export const longString = fc
  .tuple(fc.constantFrom(...EDGE_LENGTHS, 60_000), fc.constantFrom('a', 'A1-', 'é', '\u0000', '😀', ' ', '.', '0f'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MEANINGFUL) },
  { weight: 4, arbitrary: anyText },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-fA-F]{1,80}$/) },
  { weight: 1, arbitrary: fc.base64String({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...MEANINGFUL), anyText).map(([a, b]) => a + b) },
);

/** Numbers at the edges: negative zero, beyond 2^53, the largest and smallest doubles. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    1.5,
    2,
    3,
    15,
    16,
    59,
    60,
    61,
    99,
    100,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 63),
    1e21,
    1e308,
    -1e308,
    5e-324,
    315_360_000,
    315_360_001,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** An object built from entries, so that keys such as `__proto__` become own properties, as JSON.parse makes them. */
export function objectOf<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries(entries);
}

export const hostileKey: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) }, { weight: 2, arbitrary: hostileString });

/**
 * Any JSON value, nested a few levels, with hostile strings and keys. `depth`
 * bounds the nesting so that one case stays small.
 */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    edgeNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map(objectOf),
  ),
})).value;

/** A JSON value of a kind other than a string, for a member that wants a string. */
export const wrongKind: fc.Arbitrary<unknown> = fc.oneof(
  edgeNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(hostileString, { maxLength: 3 }),
  fc.array(fc.tuple(hostileKey, hostileString), { maxLength: 3 }).map(objectOf),
  hostileJson,
);

/** A string-to-string map such as AuthParameters, keyed by prototype names and the given real names. */
export function hostileMap(realKeys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const key = realKeys.length > 0 ? fc.oneof(fc.constantFrom(...realKeys), hostileKey) : hostileKey;
  return fc.array(fc.tuple(key, fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: wrongKind })), { maxLength: 5 }).map(objectOf);
}

/** Base64url without padding, as JWTs and Cognito's sessions use it. */
export function base64url(data: string | Uint8Array): string {
  return Buffer.from(data).toString('base64url');
}
