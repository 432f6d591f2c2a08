/**
 * Acceptance 2: the attack corpus. Each forged or broken token is sent to the
 * gateway as a client sends it and is refused with AWS's status, exact body
 * and exact headers as the client receives them; the trace names the check
 * that refused it, and the function never runs. The expected check and
 * answer of every case are written out here, not taken from the gateway.
 * Cases alternate between the REST API (Cognito user pool authorizer) and
 * the HTTP API (JWT authorizer).
 *
 * Runtime-neutral: tests/gateway/attacks.test.ts runs it against the Node
 * gateway over a loopback socket, tests/browser/conformance.spec.ts against
 * the same gateway code in a Chromium Service Worker.
 */
import { base64urlToBytes } from '../../src/lib/bytes.ts';
import type { CheckName } from '../../src/lib/trace/hops.ts';
import type { Case } from './cases.ts';
import { equal } from './check.ts';
import { assertHttpError, assertRefusedBy, assertRestError, httpInvalidToken, REST_EXPIRED, REST_UNAUTHORIZED } from './gateway-answers.ts';
import { requestIdOf, type GatewaySuite, type GatewayTarget, type GatewayWorld } from './gateway-target.ts';
import { base64url, hmacToken, publicPem, segment, signWith } from './issuer.ts';

const ATTACKER_URL = 'http://127.0.0.1:9/attacker/keys.json';

type Authorization = string | string[] | undefined;

export interface Attack {
  name: string;
  api: 'rest' | 'http';
  path?: string;
  /** The Authorization header(s); undefined sends none. */
  authorization: (world: GatewayWorld) => Promise<Authorization> | Authorization;
  check: CheckName;
  /** REST: the error body (default Unauthorized). HTTP: the www-authenticate description, or a 403. */
  expect?: { rest?: typeof REST_UNAUTHORIZED; http?: string | 'forbidden' | 'no-challenge' };
  /** The gateway must not have fetched this. */
  neverFetched?: (world: GatewayWorld) => string;
}

// The gateway reads the issuer's test clock, which stands still here.
const now = (w: GatewayWorld) => w.issuer.clock.seconds();
const unsigned = (header: unknown, payload: unknown, signature = '') => `${segment(header)}.${segment(payload)}.${signature}`;
const idHeader = (w: GatewayWorld) => ({ kid: w.issuer.keys.id.kid, alg: 'RS256' });
const modulus = (w: GatewayWorld) => base64urlToBytes(w.issuer.keys.id.jwk.n);
const elsewhere = (w: GatewayWorld) => w.issuer.issuer.replace('TrailTest', 'Elsewhere');

export const ATTACKS: readonly Attack[] = [
  { name: 'alg "none" with an empty signature', api: 'rest', authorization: (w) => unsigned({ ...idHeader(w), alg: 'none' }, w.issuer.idClaims()), check: 'alg' },
  { name: 'alg "None"', api: 'http', authorization: (w) => unsigned({ ...idHeader(w), alg: 'None' }, w.issuer.idClaims()), check: 'alg', expect: { http: 'the token signing algorithm is not supported' } },
  { name: 'alg "NONE"', api: 'rest', authorization: (w) => unsigned({ ...idHeader(w), alg: 'NONE' }, w.issuer.idClaims()), check: 'alg' },
  {
    name: 'alg "nOnE" keeping the genuine signature',
    api: 'http',
    authorization: async (w) => {
      const genuine = (await w.issuer.idToken()).split('.')[2];
      return unsigned({ ...idHeader(w), alg: 'nOnE' }, w.issuer.idClaims(), genuine);
    },
    check: 'alg',
    expect: { http: 'the token signing algorithm is not supported' },
  },
  {
    name: 'HS256 keyed with the pool public key PEM (key confusion)',
    api: 'rest',
    authorization: async (w) => hmacToken({ ...idHeader(w), alg: 'HS256' }, w.issuer.idClaims(), await publicPem(w.issuer.keys.id)),
    check: 'alg',
  },
  {
    name: 'HS256 keyed with the public JWK modulus (key confusion)',
    api: 'http',
    authorization: (w) => hmacToken({ ...idHeader(w), alg: 'HS256' }, w.issuer.idClaims(), modulus(w)),
    check: 'alg',
    expect: { http: 'the token signing algorithm is not supported' },
  },
  {
    name: 'PS256 signed with the pool own key (algorithm substitution)',
    api: 'rest',
    authorization: async (w) => {
      const input = `${segment({ ...idHeader(w), alg: 'PS256' })}.${segment(w.issuer.idClaims())}`;
      return `${input}.${await signWith(w.issuer.keys.id, 'PS256', input)}`;
    },
    check: 'alg',
  },
  {
    name: 'RS512 signed with the pool own key',
    api: 'http',
    authorization: async (w) => {
      const input = `${segment({ ...idHeader(w), alg: 'RS512' })}.${segment(w.issuer.idClaims())}`;
      return `${input}.${await signWith(w.issuer.keys.id, 'RS512', input)}`;
    },
    check: 'alg',
    expect: { http: 'the token signing algorithm is not supported' },
  },
  { name: 'unknown kid, signed with an attacker key', api: 'rest', authorization: (w) => w.issuer.signRaw({ kid: w.attacker.kid, alg: 'RS256' }, w.issuer.idClaims(), w.attacker), check: 'kid' },
  {
    name: 'kid with a path traversal',
    api: 'http',
    authorization: (w) => w.issuer.signRaw({ kid: '../../../../../dev/null', alg: 'RS256' }, w.issuer.idClaims(), w.attacker),
    check: 'kid',
    expect: { http: 'the token does not have a valid key id' },
  },
  { name: 'kid with SQL injection', api: 'rest', authorization: (w) => w.issuer.signRaw({ kid: "x' OR '1'='1", alg: 'RS256' }, w.issuer.idClaims(), w.attacker), check: 'kid' },
  {
    name: 'no kid, signed with the genuine key',
    api: 'http',
    authorization: (w) => w.issuer.signRaw({ alg: 'RS256' }, w.issuer.idClaims(), w.issuer.keys.id),
    check: 'kid',
    expect: { http: 'the token does not have a valid key id' },
  },
  {
    name: 'jku pointing at an attacker JWKS',
    api: 'rest',
    authorization: (w) => w.issuer.signRaw({ kid: w.attacker.kid, alg: 'RS256', jku: ATTACKER_URL }, w.issuer.idClaims(), w.attacker),
    check: 'kid',
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'jku with the pool kid, signed with an attacker key',
    api: 'http',
    authorization: (w) => w.issuer.signRaw({ ...idHeader(w), jku: ATTACKER_URL }, w.issuer.idClaims(), w.attacker),
    check: 'signature',
    expect: { http: 'the token signature is invalid' },
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'x5u pointing at an attacker certificate',
    api: 'rest',
    authorization: (w) => w.issuer.signRaw({ kid: w.attacker.kid, alg: 'RS256', x5u: ATTACKER_URL }, w.issuer.idClaims(), w.attacker),
    check: 'kid',
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'embedded jwk of an attacker key, no kid (CVE-2018-0114)',
    api: 'http',
    authorization: (w) => w.issuer.signRaw({ alg: 'RS256', jwk: w.attacker.jwk }, w.issuer.idClaims(), w.attacker),
    check: 'kid',
    expect: { http: 'the token does not have a valid key id' },
  },
  {
    name: 'embedded jwk of an attacker key with the pool kid',
    api: 'rest',
    authorization: (w) => w.issuer.signRaw({ ...idHeader(w), jwk: w.attacker.jwk }, w.issuer.idClaims(), w.attacker),
    check: 'signature',
  },
  {
    name: 'payload tampered after signing (admin group added)',
    api: 'rest',
    path: '/admin',
    authorization: async (w) => {
      const [header, , signature] = (await w.issuer.idToken()).split('.');
      return `${header}.${segment({ ...w.issuer.idClaims(), 'cognito:groups': ['admin'] })}.${signature}`;
    },
    check: 'signature',
  },
  {
    name: 'signature stripped',
    api: 'http',
    authorization: async (w) => `${(await w.issuer.idToken()).split('.').slice(0, 2).join('.')}.`,
    check: 'signature',
    expect: { http: 'the token signature is invalid' },
  },
  {
    name: 'signature swapped in from another genuine token',
    api: 'rest',
    authorization: async (w) => {
      const [header, payload] = (await w.issuer.idToken({ groups: ['admin'] })).split('.');
      return `${header}.${payload}.${(await w.issuer.idToken()).split('.')[2]}`;
    },
    check: 'signature',
  },
  {
    name: 'kid of the access key on a token signed with the ID key',
    api: 'http',
    authorization: (w) => w.issuer.signRaw({ kid: w.issuer.keys.access.kid, alg: 'RS256' }, w.issuer.idClaims(), w.issuer.keys.id),
    check: 'signature',
    expect: { http: 'the token signature is invalid' },
  },
  { name: 'expired (REST answers with its own message)', api: 'rest', authorization: (w) => w.issuer.idToken({ iat: now(w) - 7200 }), check: 'exp', expect: { rest: REST_EXPIRED } },
  { name: 'expired (HTTP API)', api: 'http', authorization: (w) => w.issuer.idToken({ iat: now(w) - 7200 }), check: 'exp', expect: { http: 'the token has expired' } },
  { name: 'nbf in the future', api: 'rest', authorization: (w) => w.issuer.idToken({}, { nbf: now(w) + 600 }), check: 'nbf' },
  { name: 'iat in the future (HTTP API)', api: 'http', authorization: (w) => w.issuer.idToken({ iat: now(w) + 600 }), check: 'iat', expect: { http: 'the token was issued in the future' } },
  { name: 'iat in the future (REST API)', api: 'rest', authorization: (w) => w.issuer.idToken({ iat: now(w) + 600 }), check: 'iat' },
  { name: 'exp missing (refused as unauthorized, not as expired)', api: 'rest', authorization: (w) => w.issuer.idToken({}, { exp: undefined }), check: 'exp' },
  { name: 'exp as a string', api: 'http', authorization: (w) => w.issuer.idToken({}, { exp: String(now(w) + 3600) }), check: 'exp', expect: { http: 'the token has expired' } },
  {
    name: 'issuer of another pool on the same host',
    api: 'rest',
    authorization: (w) => w.issuer.idToken({}, { iss: elsewhere(w) }),
    check: 'iss',
    neverFetched: (w) => `${elsewhere(w)}/.well-known/jwks.json`,
  },
  { name: 'issuer with a trailing slash', api: 'http', authorization: (w) => w.issuer.idToken({}, { iss: `${w.issuer.issuer}/` }), check: 'iss', expect: { http: 'the token does not have a valid issuer' } },
  { name: 'a token of another user pool, validly signed by it', api: 'rest', authorization: (w) => w.otherPool.idToken(), check: 'iss' },
  {
    name: 'ID token for an app client the API does not accept',
    api: 'http',
    authorization: (w) => w.issuer.idToken({ clientId: 'someotherappclient0000001' }),
    check: 'aud',
    expect: { http: 'the token does not have a valid audience' },
  },
  {
    name: 'access token of another app client',
    api: 'http',
    authorization: (w) => w.issuer.accessToken({ clientId: 'someotherappclient0000001' }),
    check: 'aud',
    expect: { http: 'the token does not have a valid audience' },
  },
  { name: 'ID token where an access token is needed', api: 'rest', path: '/scoped', authorization: (w) => w.issuer.idToken(), check: 'token_use' },
  { name: 'access token where an ID token is needed', api: 'rest', path: '/hello', authorization: async (w) => `Bearer ${await w.issuer.accessToken()}`, check: 'token_use' },
  { name: 'access token missing the route scope (REST: 401)', api: 'rest', path: '/scoped', authorization: (w) => w.issuer.accessToken({}, { scope: 'openid email' }), check: 'scope' },
  {
    name: 'access token missing the route scope (HTTP API: 403)',
    api: 'http',
    path: '/scoped',
    authorization: (w) => w.issuer.accessToken({}, { scope: 'openid email' }),
    check: 'scope',
    expect: { http: 'forbidden' },
  },
  { name: 'ID token on a scoped HTTP route (no scope claim)', api: 'http', path: '/scoped', authorization: (w) => w.issuer.idToken(), check: 'scope', expect: { http: 'forbidden' } },
  {
    name: 'characters outside base64url',
    api: 'rest',
    authorization: async (w) => {
      const [, payload, signature] = (await w.issuer.idToken()).split('.');
      return `eyJ!!!.${payload}.${signature}`;
    },
    check: 'base64url',
  },
  {
    name: 'header that is not JSON',
    api: 'http',
    authorization: (w) => `${base64url('{"alg":"RS256",')}.${segment(w.issuer.idClaims())}.c2ln`,
    check: 'token-json',
    expect: { http: 'token is malformed' },
  },
  { name: 'payload that is not JSON', api: 'rest', authorization: (w) => `${segment(idHeader(w))}.${base64url('not json')}.c2ln`, check: 'token-json' },
  {
    name: 'payload that is a JSON array',
    api: 'http',
    authorization: (w) => `${segment(idHeader(w))}.${segment([w.issuer.idClaims()])}.c2ln`,
    check: 'token-json',
    expect: { http: 'token is malformed' },
  },
  { name: 'payload that is not UTF-8', api: 'rest', authorization: (w) => `${segment(idHeader(w))}.${base64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}.c2ln`, check: 'token-json' },
  {
    name: 'two segments',
    api: 'http',
    authorization: async (w) => (await w.issuer.idToken()).split('.').slice(0, 2).join('.'),
    check: 'segments',
    expect: { http: 'token contains an invalid number of segments' },
  },
  { name: 'four segments', api: 'rest', authorization: async (w) => `${await w.issuer.idToken()}.${base64url('extra')}`, check: 'segments' },
  { name: 'an opaque string, not a JWT', api: 'http', authorization: () => 'Bearer 3c1b9f0e-opaque-refresh-token', check: 'segments', expect: { http: 'token contains an invalid number of segments' } },
  {
    name: 'oversized token, validly signed',
    api: 'http',
    authorization: (w) => w.issuer.idToken({}, { padding: 'x'.repeat(8000) }),
    check: 'token-size',
    expect: { http: 'the token is too large' },
  },
  { name: 'empty Authorization header', api: 'rest', authorization: () => '', check: 'identity-source' },
  { name: 'no Authorization header', api: 'http', authorization: () => undefined, check: 'identity-source', expect: { http: 'no-challenge' } },
  { name: 'Authorization header sent twice', api: 'rest', authorization: async (w) => [await w.issuer.idToken(), await w.issuer.idToken()], check: 'segments' },
  {
    name: 'scheme doubled ("Bearer Bearer …")',
    api: 'http',
    authorization: async (w) => `Bearer Bearer ${await w.issuer.idToken()}`,
    check: 'base64url',
    expect: { http: 'token is malformed' },
  },
  { name: 'lower-case "bearer" scheme', api: 'rest', authorization: async (w) => `bearer ${await w.issuer.idToken()}`, check: 'base64url' },
  {
    name: 'unknown critical header extension',
    api: 'rest',
    authorization: (w) => w.issuer.signRaw({ ...idHeader(w), crit: ['x-trail'], 'x-trail': 1 }, w.issuer.idClaims(), w.issuer.keys.id),
    check: 'crit',
  },
  {
    name: 'critical b64=false (unencoded payload)',
    api: 'http',
    authorization: (w) => w.issuer.signRaw({ ...idHeader(w), crit: ['b64'], b64: false }, w.issuer.idClaims(), w.issuer.keys.id),
    check: 'crit',
    expect: { http: 'the token has an unsupported critical header' },
  },
];

async function refused(attack: Attack, target: GatewayTarget): Promise<void> {
  const { world } = target;
  // One header line per value: "sent twice" is two Authorization lines on the wire (and one line of both, joined, through fetch).
  const authorization = await attack.authorization(world);
  const headers = [authorization ?? []].flat().map((value): [string, string] => ['Authorization', value]);
  const base = attack.api === 'rest' ? '/rest/prod' : '/http';
  const response = await target.call(`${base}${attack.path ?? '/hello'}`, { headers });

  if (attack.api === 'rest') {
    await assertRestError(response, attack.expect?.rest ?? REST_UNAUTHORIZED, target.transport);
  } else if (attack.expect?.http === 'forbidden') {
    await assertHttpError(response, { status: 403, body: '{"message":"Forbidden"}' }, target.transport);
  } else if (attack.expect?.http === 'no-challenge') {
    await assertHttpError(response, { status: 401, body: '{"message":"Unauthorized"}' }, target.transport);
  } else {
    const scopes = attack.path === '/scoped' ? 'aws.cognito.signin.user.admin' : '';
    await assertHttpError(response, { status: 401, body: '{"message":"Unauthorized"}', wwwAuthenticate: httpInvalidToken(attack.expect?.http ?? 'unset', scopes) }, target.transport);
  }
  const trace = await target.trace(requestIdOf(response));
  assertRefusedBy(trace, attack.check);
  equal(
    trace.hops.some((hop) => hop.name === 'lambda-event'),
    false,
    'the function must not run',
  );
  if (attack.neverFetched) {
    const url = attack.neverFetched(world);
    equal((await target.fetched()).includes(url), false, `the gateway fetched ${url}`);
  }
}

export const attackCases: readonly Case<GatewayTarget>[] = ATTACKS.map((attack) => ({
  name: `${attack.api.toUpperCase()}: ${attack.name}`,
  run: (target) => refused(attack, target),
}));

export const attackSuite: GatewaySuite = { name: 'attack corpus', cases: attackCases };
