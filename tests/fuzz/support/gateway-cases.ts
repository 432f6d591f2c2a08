/**
 * Generators of requests to the API gateway: methods, paths (dot segments,
 * percent-encodings, invalid UTF-8, very long), Authorization headers of
 * every shape (garbage, `Bearer` plus garbage, JWT-shaped with random JSON,
 * spoiled genuine tokens, genuine tokens with hostile claims re-signed with
 * the pool's key), other headers, Origin, and bodies.
 *
 * The fault routes (`/faults/*`) fail on purpose (5xx by design, see
 * src/stack/api.ts) and are the only requests left out.
 */
import { METHODS } from 'node:http';
import fc from 'fast-check';
import type { Credential, GatewayCase, JwtPart, TokenName } from './gateway-world.ts';
import { stringEdit } from './pool-cases.ts';
import { edgeNumber, hostileJson, hostileKey, hostileString, longString, objectOf, PROTOTYPE_KEYS, wrongKind } from './values.ts';

const API_PREFIXES = [
  '/rest/prod',
  '/http',
  '/rest/prod/',
  '/http/',
  '/rest/Prod',
  '/rest/dev',
  '/rest',
  '/REST/prod',
  '/rest//prod',
  '//rest/prod',
  '/rest/prod/..',
  '/http/..',
  '',
  '/_trace',
  '/_trace/',
  '/rest/prod/%2e%2e',
];
const ROUTES = [
  '/public',
  '/hello',
  '/admin',
  '/scoped',
  '/',
  '',
  '/hello/',
  '//hello',
  '/hello/extra',
  '/HELLO',
  '/%68ello',
  '/hello%2F',
  '/hello;x',
  '/public.',
  '/stream',
  '/nonexistent',
];
const SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '%2f',
  '%2F',
  '%5c',
  '\\',
  '%00',
  '%',
  '%Z',
  '%ZZ',
  '%C0%AF',
  '%c0%ae%c0%ae',
  '%FF',
  '%E2%80%AE',
  '%F0%9F%98%80',
  '~',
  '%7E',
  '*',
  '@',
  ':',
  ';',
  ',',
  '!',
  "'",
  '{proxy+}',
  '{id}',
  ':id',
  '$default',
  '_trace',
  'stream',
  'prod',
  'http',
  'public',
  'hello',
  'admin',
  'scoped',
  '__proto__',
  'constructor',
  'toString',
  'é',
  'ÿ',
  '¿',
  'Ã',
];

/**
 * A request target as HTTP allows it: visible ASCII only (0x21 to 0x7E).
 * Anything else is percent-encoded as its UTF-8 bytes, as a client must send
 * it: Node's HTTP parser itself refuses a raw DEL or non-ASCII byte in the
 * request line, before the stack sees the request.
 */
export function asPathText(text: string, keep = ''): string {
  return [...text.toWellFormed()]
    .map((c) => (/^[\u0021-\u007e]$/.test(c) && (keep.includes(c) || (c !== '?' && c !== '#')) ? c : encodeURIComponent(c)))
    .join('');
}

const segment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SEGMENTS) },
  { weight: 1, arbitrary: hostileString.map((s) => asPathText(s).slice(0, 200)) },
);

const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?',
      '?ms=1',
      '?a=1&a=2',
      '?a',
      '?=',
      '?&&',
      '?%',
      '?%ZZ=1',
      '?a=%FF',
      '?__proto__[x]=1',
      '?constructor=1',
      '?a=b=c',
      '?+=+',
      '?a=é',
      `?${'a=1&'.repeat(500)}`,
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.tuple(segment, segment), { maxLength: 4 }).map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`) },
);

/** Paths reaching every part of the gateway, and none of the fault routes. */
export const gatewayPath: fc.Arbitrary<string> = fc
  .oneof(
    // The routes themselves, so that most cases reach an authorizer and a function.
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.constantFrom('/rest/prod', '/http'), fc.constantFrom('/hello', '/admin', '/scoped', '/public', '/hello/', '/scoped?x=1', '/admin?a=1&a=2'))
        .map(([p, r]) => p + r),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...API_PREFIXES), fc.constantFrom(...ROUTES), fc.array(segment, { maxLength: 3 }), query)
        .map(([p, r, s, q]) => `${p}${r}${s.map((x) => `/${x}`).join('')}${q}`),
    },
    { weight: 1, arbitrary: fc.array(segment, { maxLength: 6 }).map((s) => `/${s.join('/')}`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('/rest/prod/', '/http/', '/'), fc.constantFrom(1000, 4000, 8000), fc.constantFrom('a', '../', '%2e%2e/', '/', 'é'))
        .map(([p, n, u]) => `${p}${u.repeat(Math.ceil(n / u.length))}`.slice(0, n)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '*',
        '/',
        '//',
        '///',
        '/rest',
        '/http',
        '/_trace/stream',
        '/_trace/x',
        '/rest/prod/public#frag',
        'http://127.0.0.1/rest/prod/public',
        '/rest/prod/public?ms=5',
      ),
    },
  )
  // Encoded, and cut so that the request line stays within Node's 16 KiB for a request's head.
  .map((path) => asPathText(path, '?#').slice(0, 8000))
  .filter((path) => !isFaultRoute(path));

/** Whether a path could reach a `/faults/*` route, however it is spelt. */
export function isFaultRoute(path: string): boolean {
  let decoded = path;
  for (let i = 0; i < 3; i++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      break;
    }
  }
  return /faults/i.test(decoded) || /faults/i.test(path);
}

/**
 * Methods Node's HTTP parser accepts (it refuses any other, and lower-case
 * spellings, before the stack sees the request). CONNECT is a tunnel.
 */
export const method: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.constant('GET') },
  { weight: 3, arbitrary: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom(...METHODS.filter((name) => name !== 'CONNECT')) },
);

/** Base64url-looking text, valid or not: wrong alphabet, padding, lengths that no bytes have. */
const segmentText: fc.Arbitrary<string> = fc.oneof(
  fc.base64String({ maxLength: 60 }).map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
  fc.base64String({ maxLength: 60 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{0,41}$/),
  fc.constantFrom('', 'e30', 'e30=', 'bnVsbA', 'W10', 'MQ', 'Ig', 'eyJ', 'x', 'xxxxx', '____', '-', '=', '.', 'eyJhbGciOiJub25lIn0', '%2e', '\u00e9'),
);

const ALGS = ['RS256', 'none', 'None', 'NONE', 'HS256', 'RS512', 'PS256', 'ES256', 'EdDSA', 'rs256', 'RS256 ', '', 'RSA-OAEP', 'dir'];

/** A JWT header: real-looking or hostile members. */
function jwtHeader(kids: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
        {
          alg: fc.oneof(fc.constantFrom(...ALGS), wrongKind),
          kid: fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...kids) }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: wrongKind }),
          typ: fc.constantFrom('JWT', 'jwt', '', 'at+jwt'),
          crit: fc.oneof(fc.constantFrom(['exp'], [], ['b64'], 'exp', null), wrongKind),
          b64: fc.boolean(),
          jku: fc.constantFrom('http://127.0.0.1:9/jwks.json', ''),
          x5u: fc.constant('http://127.0.0.1:9/x5u'),
          jwk: fc.constant({ kty: 'RSA', n: 'AQAB', e: 'AQAB' }),
          zip: fc.constant('DEF'),
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: hostileJson },
    { weight: 1, arbitrary: fc.array(fc.tuple(hostileKey, hostileJson), { maxLength: 4 }).map(objectOf) },
  );
}

const CLAIM_NAMES = [
  'iss',
  'sub',
  'aud',
  'client_id',
  'token_use',
  'scope',
  'scp',
  'exp',
  'iat',
  'nbf',
  'auth_time',
  'jti',
  'origin_jti',
  'event_id',
  'username',
  'cognito:username',
  'cognito:groups',
  'email',
  'email_verified',
  'name',
];

/** A claim value that a claim check or the Lambda event builder may not expect. */
const claimValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: edgeNumber },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, 8.64e15, 8.64e15 + 1, 253402300800, -62135596800, 2 ** 53 + 2, 0.5, -0, 1e21, 1e-7) },
  { weight: 2, arbitrary: hostileString },
  { weight: 2, arbitrary: wrongKind },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileString, wrongKind), { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'admin',
      ['admin'],
      ['admin', 'x y'],
      'aws.cognito.signin.user.admin',
      ['aws.cognito.signin.user.admin'],
      '6s6va7v5evvw7fieadqu1p3szl',
      ['6s6va7v5evvw7fieadqu1p3szl', 'x'],
      'id',
      'access',
    ),
  },
  { weight: 1, arbitrary: fc.nat({ max: 12 }).map((depth) => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: inner, b: [inner] }), 1)) },
  { weight: 1, arbitrary: fc.constantFrom(300, 1500).map((n) => Array.from({ length: n }, (_, i) => i)) },
  { weight: 1, arbitrary: longString.map((text) => text.slice(0, 4000)) },
);

const claims = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...CLAIM_NAMES) },
        { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
        { weight: 1, arbitrary: hostileString },
      ),
      claimValue,
    ),
    { maxLength: 4 },
  )
  .map(objectOf);

const headerPatch = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        typ: fc.constantFrom('JWT', 'at+jwt', 'x'),
        crit: fc.constantFrom(['exp'], [], 'x'),
        jku: fc.constant('http://127.0.0.1:9/k'),
        b64: fc.constant(false),
        extra: hostileJson,
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.tuple(hostileKey, hostileJson), { maxLength: 2 }).map(objectOf) },
);

const SCHEMES = ['Bearer ', '', 'bearer ', 'Bearer  ', 'BEARER ', 'Bearer\t', 'Basic ', 'Bearer', 'Token ', 'AWS4-HMAC-SHA256 Credential='];
const scheme = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('Bearer ', '') }, { weight: 1, arbitrary: fc.constantFrom(...SCHEMES) });
const token: fc.Arbitrary<TokenName> = fc.constantFrom('aliceId', 'aliceAccess', 'bobId', 'bobAccess');

/** Every shape of Authorization header the properties send. `kids` are the pool's real key ids. */
export function credential(kids: readonly string[]): fc.Arbitrary<Credential> {
  const part: fc.Arbitrary<JwtPart> = fc.oneof(
    { weight: 3, arbitrary: hostileJson.map((json) => ({ json })) },
    { weight: 1, arbitrary: segmentText.map((segment) => ({ segment })) },
  );
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          hostileString,
          fc.tuple(fc.constantFrom(...SCHEMES), hostileString).map(([s, v]) => s + v),
          longString,
        )
        .map((value) => ({ kind: 'raw' as const, value })),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('jwt' as const),
        header: fc.oneof(
          { weight: 3, arbitrary: jwtHeader(kids).map((json) => ({ json })) },
          { weight: 1, arbitrary: segmentText.map((segment) => ({ segment })) },
        ),
        payload: fc.oneof({ weight: 3, arbitrary: claims.map((json) => ({ json })) }, { weight: 1, arbitrary: part }),
        signature: segmentText,
        scheme,
      }),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ kind: fc.constant('genuine' as const), token, edit: fc.option(stringEdit, { nil: undefined }), scheme })
        .map(({ edit, ...rest }) => ({ ...rest, ...(edit && { edit }) })),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('resigned' as const),
        token,
        header: headerPatch,
        claims,
        drop: fc.subarray(CLAIM_NAMES, { maxLength: 3 }),
        scheme,
      }),
    },
  );
}

/** A header name: ones the gateway reads, and any token. */
const headerName = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'content-type',
      'accept',
      'cookie',
      'x-amz-date',
      'date',
      'x-api-key',
      'x-amz-security-token',
      'x-forwarded-for',
      'x-forwarded-proto',
      'x-forwarded-port',
      'user-agent',
      'access-control-request-method',
      'access-control-request-headers',
      'x-amzn-trace-id',
      'x-amzn-requestid',
      'content-encoding',
      'accept-encoding',
      'if-none-match',
      'range',
      'x-http-method-override',
      'forwarded',
      'via',
      'Authorization',
      'AUTHORIZATION',
      'multiValueHeaders',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,40}$/) },
);

export const otherHeaders: fc.Arbitrary<Array<[string, string]>> = fc.array(fc.tuple(headerName, hostileString), { maxLength: 5 });

export const origin: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'http://127.0.0.1:4321',
      'http://localhost:4321',
      'null',
      'https://evil.example',
      '*',
      '',
      'http://127.0.0.1:4321/',
      'HTTP://127.0.0.1:4321',
      'http://[::1]:4321',
    ),
  },
  { weight: 1, arbitrary: hostileString },
);

export const body: fc.Arbitrary<Uint8Array | string | undefined> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom(64 * 1024, 1024 * 1024).map((n) => 'x'.repeat(n)) },
);

/** The whole request. */
export function gatewayCase(kids: readonly string[]): fc.Arbitrary<GatewayCase> {
  return fc
    .record({
      method,
      path: gatewayPath,
      credentials: fc.oneof(
        { weight: 1, arbitrary: fc.constant<Credential[]>([]) },
        { weight: 6, arbitrary: credential(kids).map((c) => [c]) },
        { weight: 1, arbitrary: fc.array(credential(kids), { minLength: 2, maxLength: 3 }) },
      ),
      headers: otherHeaders,
      origin,
      body,
      chunked: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(({ origin: o, body: b, headers, ...rest }) => ({
      ...rest,
      headers: [...headers, ...(o !== undefined ? [['origin', o] as [string, string]] : [])],
      ...(b !== undefined && { body: b }),
    }));
}
