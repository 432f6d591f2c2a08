/**
 * Generators of user-pool requests: for each operation, near-valid inputs
 * (a request that would succeed, with one or two members spoiled), objects of
 * the operation's real member names holding values of the wrong kind, any
 * JSON at all, and bodies that are not JSON; each sent signed, unsigned or
 * badly signed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { AMZ_JSON, applyEdit, Real, TARGET_PREFIX, type BodySpec, type PoolCase, type RealName, type Signing, type StringEdit } from './pool-world.ts';
import { edgeNumber, hostileJson, hostileKey, hostileMap, hostileString, objectOf, PROTOTYPE_KEYS, wrongKind } from './values.ts';

const real = (name: RealName) => new Real(name);
const SEED_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

/**
 * Requests that would succeed (or get as far as the pool's logic goes with a
 * well-formed request), one list per operation. Genuine tokens, sessions and
 * codes are Reals, resolved when the case is sent.
 */
export const VALID_INPUTS: Record<string, Array<() => Record<string, unknown>>> = {
  InitiateAuth: [
    () => ({ ClientId: real('clientId'), AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-demo-1' } }),
    () => ({ ClientId: real('clientId'), AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: 'Carol-temp-1' } }),
    () => ({ ClientId: real('clientId'), AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'bob', SRP_A: real('srpA') } }),
    () => ({ ClientId: real('clientId'), AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: real('aliceRefreshToken') } }),
    () => ({
      ClientId: real('clientId'),
      AuthFlow: 'REFRESH_TOKEN',
      AuthParameters: { REFRESH_TOKEN: real('aliceRefreshToken'), SECRET_HASH: 'x' },
      ClientMetadata: { a: 'b' },
    }),
  ],
  RespondToAuthChallenge: [
    () => ({
      ClientId: real('clientId'),
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: 'alice',
        PASSWORD_CLAIM_SECRET_BLOCK: real('srpSecretBlock'),
        TIMESTAMP: real('srpTimestamp'),
        PASSWORD_CLAIM_SIGNATURE: real('srpSignature'),
      },
    }),
    () => ({
      ClientId: real('clientId'),
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: real('carolSession'),
      ChallengeResponses: { USERNAME: 'carol', NEW_PASSWORD: 'Carol-new-pass-1', 'userAttributes.name': 'Carol Fuzz' },
    }),
  ],
  GetTokensFromRefreshToken: [() => ({ ClientId: real('clientId'), RefreshToken: real('aliceRefreshToken') })],
  GetUser: [() => ({ AccessToken: real('aliceAccessToken') }), () => ({ AccessToken: real('aliceIdToken') })],
  RevokeToken: [() => ({ ClientId: real('clientId'), Token: real('aliceRefreshToken') })],
  GlobalSignOut: [() => ({ AccessToken: real('bobAccessToken') })],
  SignUp: [
    () => ({
      ClientId: real('clientId'),
      Username: real('freshUsername'),
      Password: 'Fuzz-pass-1',
      UserAttributes: [
        { Name: 'email', Value: 'fuzz@example.com' },
        { Name: 'name', Value: 'F' },
      ],
    }),
    () => ({ ClientId: real('clientId'), Username: 'alice', Password: 'Fuzz-pass-1', ValidationData: [{ Name: 'x', Value: 'y' }], ClientMetadata: { k: 'v' } }),
  ],
  ConfirmSignUp: [() => ({ ClientId: real('clientId'), Username: real('unconfirmedUsername'), ConfirmationCode: real('signUpCode') })],
  ResendConfirmationCode: [() => ({ ClientId: real('clientId'), Username: real('unconfirmedUsername') })],
  ForgotPassword: [() => ({ ClientId: real('clientId'), Username: 'alice' }), () => ({ ClientId: real('clientId'), Username: 'nobody-here' })],
  ConfirmForgotPassword: [() => ({ ClientId: real('clientId'), Username: 'alice', ConfirmationCode: real('resetCode'), Password: 'Alice-demo-1' })],
  ChangePassword: [() => ({ AccessToken: real('aliceAccessToken'), PreviousPassword: 'Alice-demo-1', ProposedPassword: 'Alice-demo-1' })],
  UpdateUserAttributes: [
    () => ({
      AccessToken: real('aliceAccessToken'),
      UserAttributes: [
        { Name: 'name', Value: 'Alice Example' },
        { Name: 'custom:team', Value: 'red' },
      ],
    }),
  ],
  GetUserAttributeVerificationCode: [() => ({ AccessToken: real('aliceAccessToken'), AttributeName: 'email' })],
  VerifyUserAttribute: [() => ({ AccessToken: real('aliceAccessToken'), AttributeName: 'email', Code: real('verifyEmailCode') })],
  DeleteUser: [() => ({ AccessToken: real('bobAccessToken') })],

  CreateUserPool: [
    () => ({
      PoolName: 'fuzz-pool',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
          TemporaryPasswordValidityDays: 7,
        },
      },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  ],
  DescribeUserPool: [() => ({ UserPoolId: real('poolId') })],
  CreateUserPoolClient: [
    () => ({
      UserPoolId: real('poolId'),
      ClientName: 'fuzz-client',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'days' },
      AccessTokenValidity: 60,
      IdTokenValidity: 1,
      RefreshTokenValidity: 30,
      PreventUserExistenceErrors: 'LEGACY',
      EnableTokenRevocation: true,
      AuthSessionValidity: 3,
    }),
  ],
  DescribeUserPoolClient: [() => ({ UserPoolId: real('poolId'), ClientId: real('clientId') })],
  UpdateUserPoolClient: [
    () => ({
      UserPoolId: real('poolId'),
      ClientId: real('clientId'),
      ClientName: 'token-trail-site',
      ExplicitAuthFlows: [...SEED_FLOWS],
      TokenValidityUnits: { AccessToken: 'hours' },
      AccessTokenValidity: 1,
    }),
  ],
  AdminCreateUser: [
    () => ({
      UserPoolId: real('poolId'),
      Username: real('freshUsername'),
      TemporaryPassword: 'Temp-pass-1',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'f@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
    () => ({ UserPoolId: real('poolId'), Username: 'carol', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'], ForceAliasCreation: false }),
  ],
  AdminSetUserPassword: [() => ({ UserPoolId: real('poolId'), Username: 'bob', Password: 'Bob-demo-1', Permanent: true })],
  AdminConfirmSignUp: [() => ({ UserPoolId: real('poolId'), Username: real('unconfirmedUsername') })],
  AdminGetUser: [() => ({ UserPoolId: real('poolId'), Username: 'alice' })],
  ListUsers: [
    () => ({ UserPoolId: real('poolId'), Limit: 2, Filter: 'username ^= "a"', AttributesToGet: ['email', 'sub'] }),
    () => ({ UserPoolId: real('poolId'), Limit: 1, PaginationToken: real('paginationToken') }),
    () => ({ UserPoolId: real('poolId'), Filter: 'email = "alice@example.com"' }),
  ],
  AdminDeleteUser: [() => ({ UserPoolId: real('poolId'), Username: 'bob' })],
  AdminDisableUser: [() => ({ UserPoolId: real('poolId'), Username: 'bob' })],
  AdminEnableUser: [() => ({ UserPoolId: real('poolId'), Username: 'bob' })],
  AdminUserGlobalSignOut: [() => ({ UserPoolId: real('poolId'), Username: 'alice' })],
  CreateGroup: [
    () => ({ UserPoolId: real('poolId'), GroupName: real('freshGroupName'), Description: 'fuzz', Precedence: 3, RoleArn: 'arn:aws:iam::123456789012:role/x' }),
  ],
  ListGroups: [() => ({ UserPoolId: real('poolId'), Limit: 1 }), () => ({ UserPoolId: real('poolId'), Limit: 5, NextToken: 'admin' })],
  AdminAddUserToGroup: [() => ({ UserPoolId: real('poolId'), Username: 'bob', GroupName: 'admin' })],
  AdminRemoveUserFromGroup: [() => ({ UserPoolId: real('poolId'), Username: 'alice', GroupName: 'admin' })],
};

/** Members the operations read, collected from their source, so that members added later are fuzzed too. */
function membersInSource(): string[] {
  const folder = join(import.meta.dirname, '../../../src/stack/userpool/operations');
  const found = new Set<string>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (const match of text.matchAll(/\(\s*[\w.]+(?: as Input)?\s*,\s*'([A-Z][A-Za-z]+)'/g)) found.add(match[1]!);
    for (const match of text.matchAll(/\binput(?:\.|\[')([A-Z][A-Za-z]+)/g)) found.add(match[1]!);
  }
  return [...found];
}

/** Every member name any operation reads, as of writing, plus those found in the source now. */
export const MEMBER_NAMES = [
  ...new Set([
    'ClientId',
    'ClientSecret',
    'Username',
    'Password',
    'PreviousPassword',
    'ProposedPassword',
    'SecretHash',
    'AuthFlow',
    'AuthParameters',
    'ClientMetadata',
    'ChallengeName',
    'ChallengeResponses',
    'Session',
    'AccessToken',
    'RefreshToken',
    'Token',
    'UserAttributes',
    'ValidationData',
    'ConfirmationCode',
    'Code',
    'AttributeName',
    'UserPoolId',
    'PoolName',
    'Policies',
    'UsernameAttributes',
    'AutoVerifiedAttributes',
    'ClientName',
    'GenerateSecret',
    'ExplicitAuthFlows',
    'TokenValidityUnits',
    'AccessTokenValidity',
    'IdTokenValidity',
    'RefreshTokenValidity',
    'PreventUserExistenceErrors',
    'EnableTokenRevocation',
    'AuthSessionValidity',
    'GroupName',
    'Description',
    'Precedence',
    'RoleArn',
    'Limit',
    'Filter',
    'PaginationToken',
    'NextToken',
    'AttributesToGet',
    'TemporaryPassword',
    'MessageAction',
    'DesiredDeliveryMediums',
    'ForceAliasCreation',
    'Permanent',
    ...membersInSource(),
  ]),
];

/** Maps that hold named entries; their keys are fuzzed too. */
const MAP_KEYS: Record<string, string[]> = {
  AuthParameters: ['USERNAME', 'PASSWORD', 'SRP_A', 'REFRESH_TOKEN', 'SECRET_HASH', 'DEVICE_KEY'],
  ChallengeResponses: [
    'USERNAME',
    'NEW_PASSWORD',
    'PASSWORD_CLAIM_SECRET_BLOCK',
    'PASSWORD_CLAIM_SIGNATURE',
    'TIMESTAMP',
    'SECRET_HASH',
    'userAttributes.name',
    'userAttributes.email',
  ],
  ClientMetadata: [],
  Policies: ['PasswordPolicy'],
  TokenValidityUnits: ['AccessToken', 'IdToken', 'RefreshToken'],
};
const ATTRIBUTE_NAMES = [
  'email',
  'email_verified',
  'name',
  'sub',
  'identities',
  'custom:team',
  'custom:',
  'phone_number',
  'cognito:groups',
  'cognito:username',
  'exp',
  'iss',
];

/** A list of Cognito attributes, `[{Name, Value}]`, with hostile names, values and shapes. */
export const hostileAttributes: fc.Arbitrary<unknown> = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        Name: fc.oneof(fc.constantFrom(...ATTRIBUTE_NAMES, ...PROTOTYPE_KEYS), hostileString),
        Value: fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: wrongKind }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ Name: wrongKind, Value: hostileString }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: wrongKind },
  ),
  { maxLength: 4 },
);

/** A value for a named member: of its own kind but hostile, or of another kind. */
export function memberValue(member: string): fc.Arbitrary<unknown> {
  const own: fc.Arbitrary<unknown>[] = [hostileString];
  if (Object.hasOwn(MAP_KEYS, member)) own.push(hostileMap(MAP_KEYS[member]!));
  if (member === 'UserAttributes' || member === 'ValidationData') own.push(hostileAttributes);
  if (/Limit|Validity|Precedence|Length|Days/.test(member)) own.push(edgeNumber);
  if (/Flows|Attributes|Mediums|ToGet/.test(member)) own.push(fc.array(hostileString, { maxLength: 4 }));
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...own) }, { weight: 2, arbitrary: wrongKind });
}

export const stringEdit: fc.Arbitrary<StringEdit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.constantFrom('A', 'a', '0', '-', '_', '.', '=', '+', '/', ' ', 'é', '\u0000', '😀') }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), text: fc.oneof(fc.constantFrom('x', '=', '.', '..', ' ', '\u0000', '.e30'), hostileString) }),
  fc.record({ kind: fc.constant('prepend' as const), text: fc.oneof(fc.constantFrom('x', ' ', 'Bearer ', '.'), hostileString) }),
  fc.constant({ kind: 'swapcase' as const }),
  fc.record({
    kind: fc.constant('segment' as const),
    index: fc.nat({ max: 4 }),
    replacement: fc.oneof(fc.constantFrom('', 'e30', 'eyJhbGciOiJub25lIn0', 'AAAA', 'x'), hostileString),
  }),
);

/** One change to a near-valid input: a member (or a member of a member) removed, replaced, spoiled, or one added. */
type Change = { kind: 'remove' } | { kind: 'set'; value: unknown } | { kind: 'edit'; edit: StringEdit } | { kind: 'add'; key: string; value: unknown };
interface Mutation {
  pick: number;
  change: Change;
}

function mutation(members: readonly string[]): fc.Arbitrary<Mutation> {
  const member = fc.constantFrom(...members);
  const change: fc.Arbitrary<Change> = fc.oneof(
    { weight: 1, arbitrary: fc.constant({ kind: 'remove' as const }) },
    { weight: 3, arbitrary: member.chain((name) => memberValue(name)).map((value) => ({ kind: 'set' as const, value })) },
    { weight: 3, arbitrary: stringEdit.map((edit) => ({ kind: 'edit' as const, edit })) },
    { weight: 2, arbitrary: fc.tuple(fc.oneof(member, hostileKey), hostileJson).map(([key, value]) => ({ kind: 'add' as const, key, value })) },
  );
  return fc.record({ pick: fc.nat(), change });
}

type Path = Array<string | number>;

/** Every place in a value a mutation can pick: members, members of members, items of lists. */
function pathsOf(value: unknown, prefix: Path = [], depth = 0): Path[] {
  if (depth >= 3 || value instanceof Real || value === null || typeof value !== 'object') return [];
  const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key], depth + 1)]);
}

function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies a mutation to (a fresh copy of) a valid input. */
export function mutate(input: Record<string, unknown>, { pick, change }: Mutation): Record<string, unknown> {
  const paths = pathsOf(input);
  if (change.kind === 'add' || paths.length === 0) {
    // Added to the input itself, or to the map or list at the picked place.
    const containers = [
      [] as Path,
      ...paths.filter((path) => typeof valueAt(input, path) === 'object' && valueAt(input, path) !== null && !(valueAt(input, path) instanceof Real)),
    ];
    const where = containers[pick % containers.length]!;
    const container = valueAt(input, where) as Record<string | number, unknown>;
    const value = change.kind === 'add' ? jsonCopy(change.value) : null;
    const key = change.kind === 'add' ? change.key : 'Extra';
    if (Array.isArray(container)) container.push(key === '__proto__' ? objectOf([[key, value]]) : value);
    else setOwn(container, key, value);
    return input;
  }
  const path = paths[pick % paths.length]!;
  const parent = valueAt(input, path.slice(0, -1)) as Record<string | number, unknown>;
  const key = path.at(-1)!;
  const current = parent[key];
  switch (change.kind) {
    case 'remove':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 'set':
      setOwn(parent, key, jsonCopy(change.value));
      break;
    case 'edit':
      if (current instanceof Real) setOwn(parent, key, new Real(current.name, change.edit));
      else if (typeof current === 'string') setOwn(parent, key, applyEdit(current, change.edit));
      else setOwn(parent, key, change.edit.kind === 'append' || change.edit.kind === 'prepend' ? change.edit.text : (JSON.stringify(current) ?? 'x'));
      break;
  }
  return input;
}

/**
 * A copy of a generated value, as the pool will parse it: a later mutation
 * may change it in place, and fast-check's own values must stay as generated.
 */
function jsonCopy(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], value);
}

/** Near-valid: one of the operation's valid inputs, as is or with one or two mutations. */
function nearValid(operation: string): fc.Arbitrary<unknown> | undefined {
  const inputs = Object.hasOwn(VALID_INPUTS, operation) ? VALID_INPUTS[operation] : undefined;
  if (!inputs) return undefined;
  const members = [...new Set([...inputs.flatMap((make) => Object.keys(make())), ...MEMBER_NAMES])];
  return fc
    .record({ which: fc.nat({ max: inputs.length - 1 }), mutations: fc.array(mutation(members), { minLength: 0, maxLength: 2 }) })
    .map(({ which, mutations }) => mutations.reduce((input, change) => mutate(input, change), inputs[which]!()));
}

/** An object of real member names (and prototype keys) holding hostile values. */
function memberSoup(operation: string): fc.Arbitrary<unknown> {
  const own = Object.hasOwn(VALID_INPUTS, operation) ? VALID_INPUTS[operation]!.flatMap((make) => Object.keys(make())) : [];
  const names = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...new Set([...own, ...MEMBER_NAMES])) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  );
  return fc
    .array(
      names.chain((name) => memberValue(name).map((value) => [name, value] as [string, unknown])),
      { maxLength: 6 },
    )
    .map(objectOf);
}

/** Bodies that are not JSON, or not one JSON object. */
export const rawBody: fc.Arbitrary<BodySpec> = fc.oneof(
  fc
    .constantFrom(
      '',
      ' ',
      'null',
      'true',
      '0',
      '"x"',
      '[]',
      '[{}]',
      '{',
      '}',
      '{"ClientId":',
      '{"a":1,}',
      "{'a':1}",
      '{"a":1}{"b":2}',
      '{"a":1} x',
      '\ufeff{}',
      '{"a":NaN}',
      '{"a":1e999}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"ClientId":"a","ClientId":{}}',
      '// comment\n{}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
    )
    .map((text) => ({ text })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text })),
  fc.json().map((text) => ({ text: `${text.slice(0, Math.max(0, text.length - 1))}` })),
  fc.nat({ max: 20_000 }).map((depth) => ({ text: `${'['.repeat(depth)}${']'.repeat(depth)}` })),
  fc.nat({ max: 20_000 }).map((depth) => ({ text: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` })),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ bytes })),
  fc
    .constantFrom(
      new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
      new Uint8Array([0xc0, 0xaf]),
    )
    .map((bytes) => ({ bytes })),
  fc.constantFrom(256 * 1024 - 2, 256 * 1024 + 1, 1024 * 1024).map((size) => ({ text: `{"a":"${'x'.repeat(Math.max(0, size - 8))}"}` })),
);

/** Any JSON text, of any kind. */
const anyJsonBody: fc.Arbitrary<BodySpec> = fc.oneof(hostileJson, fc.jsonValue()).map((json) => ({ json }));

const AMZ_DATE = fc.constantFrom(
  '',
  '20260314T150926Z',
  '20261399T999999Z',
  '2026-03-14T15:09:26Z',
  '00000000T000000Z',
  '99991231T235959Z',
  'Sat, 14 Mar 2026 15:09:26 GMT',
  'x',
);

const badSigning: fc.Arbitrary<Signing> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.constant({ kind: 'wrong-secret' as const }),
  fc.constant({ kind: 'wrong-key-id' as const }),
  fc
    .integer({ min: 6, max: 60 * 24 * 400 })
    .chain((minutes) => fc.constantFrom(minutes, -minutes))
    .map((minutes) => ({ kind: 'stale' as const, minutes })),
  fc
    .record({
      region: fc.constantFrom('us-east-1', 'eu-west-1', 'us-west-2', 'x'),
      service: fc.constantFrom('cognito-idp', 's3', 'execute-api', 'cognito-identity'),
    })
    .filter(({ region, service }) => region !== 'us-east-1' || service !== 'cognito-idp')
    .map((scope) => ({ kind: 'other-scope' as const, ...scope })),
  fc.boolean().map((declareHash) => ({ kind: 'swapped-body' as const, declareHash })),
  fc
    .constantFrom('application/json', 'text/plain', 'application/x-amz-json-1.0')
    .map((contentType) => ({ kind: 'content-type-changed-after-signing' as const, contentType })),
  AMZ_DATE.map((date) => ({ kind: 'date-changed-after-signing' as const, date })),
  fc
    .record({
      authorization: fc.oneof(
        headerSafe(hostileString),
        fc
          .record({
            key: fc.oneof(fc.constantFrom('AKIAFUZZ', '', 'AKIA'), headerSafe(hostileString)),
            date: fc.constantFrom('20260314', '2026031', '99999999', ''),
            region: fc.constantFrom('us-east-1', '', 'x/y'),
            service: fc.constantFrom('cognito-idp', ''),
            signed: fc.constantFrom(
              'host;x-amz-date',
              'host;x-amz-date;x-amz-target',
              '',
              ';',
              'host;;x',
              'HOST',
              'x-amz-date',
              'authorization',
              `${'a;'.repeat(500)}a`,
            ),
            signature: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.constantFrom('', '0', 'g'.repeat(64))),
          })
          .map(
            ({ key, date, region, service, signed, signature }) =>
              `AWS4-HMAC-SHA256 Credential=${key}/${date}/${region}/${service}/aws4_request, SignedHeaders=${signed}, Signature=${signature}`,
          ),
      ),
      date: fc.option(AMZ_DATE, { nil: undefined }),
    })
    .map(({ authorization, date }) => ({ kind: 'garbage' as const, authorization, ...(date !== undefined && { date }) })),
);

/**
 * Makes a string a valid HTTP header value, as a client could send it:
 * characters beyond ASCII go as their UTF-8 bytes, control characters
 * (which no header may hold) as `?`.
 */
export function toHeaderValue(text: string, maxBytes = 4000): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a header value cannot carry
  return Buffer.from(text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '?'), 'utf8')
    .toString('latin1')
    .slice(0, maxBytes)
    .trim();
}

function headerSafe(arbitrary: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return arbitrary.map((text) => toHeaderValue(text));
}

const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(AMZ_JSON) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      null,
      'application/json',
      'text/plain',
      '',
      'application/x-amz-json-1.0',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/x-amz-json-1.1; charset=utf-16',
    ),
  },
  { weight: 1, arbitrary: headerSafe(hostileString) },
);

const origin: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('http://127.0.0.1:4321', 'null', 'https://evil.example', '*', '') },
  { weight: 1, arbitrary: headerSafe(hostileString) },
);

/** How a case for `operation` is signed: signed operations mostly well, some badly; anonymous ones mostly not at all. */
function signingFor(signed: boolean): fc.Arbitrary<Signing> {
  return signed
    ? fc.oneof({ weight: 7, arbitrary: fc.constant({ kind: 'good' as const }) }, { weight: 3, arbitrary: badSigning })
    : fc.oneof(
        { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: 'good' as const }) },
        { weight: 1, arbitrary: badSigning },
      );
}

/** The cases for one operation of OPERATIONS. */
export function poolCase(operation: string, signed: boolean): fc.Arbitrary<PoolCase> {
  const near = nearValid(operation);
  const body: fc.Arbitrary<BodySpec> = fc.oneof(
    ...(near ? [{ weight: 6, arbitrary: near.map((json) => ({ json })) }] : []),
    { weight: 3, arbitrary: memberSoup(operation).map((json) => ({ json })) },
    { weight: 1, arbitrary: anyJsonBody },
    { weight: 1, arbitrary: rawBody },
  );
  return fc
    .record({
      operation: fc.constant(operation),
      body,
      signing: signingFor(signed),
      contentType,
      chunked: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      origin,
    })
    .map(({ origin: o, ...rest }) => ({ ...rest, ...(o !== undefined && { origin: o }) }));
}

/** Operation names no operation has: prototype names, near misses of real ones, empty, very long, non-ASCII. */
export function hostileOperationCase(realNames: readonly string[]): fc.Arbitrary<PoolCase> {
  const nearMiss = fc.tuple(fc.constantFrom(...realNames), stringEdit).map(([name, edit]) => applyEdit(name, edit));
  const name = fc.oneof(
    fc.constantFrom(
      ...PROTOTYPE_KEYS,
      '',
      ' ',
      '.',
      '*',
      'Unknown',
      '__defineSetter__',
      'isPrototypeOf',
      'propertyIsEnumerable',
      'toLocaleString',
      '__lookupGetter__',
      'then',
      'length',
      'size',
    ),
    fc.constantFrom(1000, 4000).map((n) => 'InitiateAuth'.repeat(Math.ceil(n / 12)).slice(0, n)),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    nearMiss,
    hostileString,
  );
  const target = fc.oneof(
    { weight: 6, arbitrary: name.map((n) => toHeaderValue(TARGET_PREFIX + n)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        null,
        '',
        'AWSCognitoIdentityProviderService',
        'AWSCognitoIdentityProviderService.',
        'awscognitoidentityproviderservice.InitiateAuth',
        'DynamoDB_20120810.ListTables',
        '.InitiateAuth',
      ),
    },
    { weight: 1, arbitrary: headerSafe(hostileString) },
  );
  return fc.record({
    operation: fc.constant('(hostile name)'),
    target,
    body: fc.oneof(anyJsonBody, rawBody, fc.constant({ json: { ClientId: 'x' } })),
    signing: fc.oneof(fc.constant({ kind: 'good' as const }), fc.constant({ kind: 'none' as const }), badSigning),
    contentType,
    chunked: fc.boolean(),
  });
}

/** Raw bodies for a real operation: every kind of text and bytes that is not one JSON object. */
export function rawBodyCase(operations: ReadonlyArray<[string, boolean]>): fc.Arbitrary<PoolCase> {
  return fc.record({
    operation: fc.constantFrom(...operations.map(([name]) => name)),
    body: rawBody,
    signing: fc.constantFrom({ kind: 'good' as const }, { kind: 'none' as const }),
    contentType,
    chunked: fc.boolean(),
  });
}
