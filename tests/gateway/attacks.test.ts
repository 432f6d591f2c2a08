/**
 * Acceptance 2: the attack corpus. Each forged or broken token is sent over
 * a real loopback socket, through the Node adapter that serves readers, and
 * is refused with AWS's status, exact body and exact headers as the client
 * receives them; the trace names the check that refused it, and the function
 * never runs. The expected check and answer of every case are written out
 * here, not taken from the gateway. Cases alternate between the REST API
 * (Cognito user pool authorizer) and the HTTP API (JWT authorizer).
 */
import assert from 'node:assert/strict';
import { createHmac, createPublicKey, sign, constants } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CheckName } from '../../src/lib/trace/hops.ts';
import { assertHttpError, assertRefusedBy, assertRestError, httpInvalidToken, REST_EXPIRED, REST_UNAUTHORIZED } from './fixtures/expect.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { base64url, newSigningKey, startIssuer, type SigningKey, type TestIssuer } from './fixtures/issuer.ts';

let issuer: TestIssuer;
let otherPool: TestIssuer;
let attacker: SigningKey;
let gateway: TestGateway;

before(async () => {
  issuer = await startIssuer();
  otherPool = await startIssuer();
  attacker = await newSigningKey();
  gateway = await startGateway(issuer);
});
after(async () => {
  await gateway.close();
  await issuer.close();
  await otherPool.close();
});

const ATTACKER_URL = 'http://127.0.0.1:9/attacker/keys.json';
// The gateway reads the issuer's test clock, which stands still here.
const now = () => issuer.clock.seconds();
const segment = (value: unknown) => base64url(JSON.stringify(value));
const unsigned = (header: unknown, payload: unknown, signature = '') => `${segment(header)}.${segment(payload)}.${signature}`;
const hmac = (header: Record<string, unknown>, payload: unknown, secret: string | Buffer) => {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
};
const idHeader = () => ({ kid: issuer.keys.id.kid, alg: 'RS256' });
const publicPem = () => createPublicKey({ key: issuer.keys.id.jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;

interface Case {
  name: string;
  api: 'rest' | 'http';
  path?: string;
  /** The Authorization header(s); undefined sends none. */
  authorization: () => string | string[] | undefined;
  check: CheckName;
  /** REST: the error body (default Unauthorized). HTTP: the www-authenticate description, or a 403. */
  expect?: { rest?: typeof REST_UNAUTHORIZED; http?: string | 'forbidden' | 'no-challenge' };
  /** The gateway must not have fetched this. */
  neverFetched?: () => string;
}

const cases: Case[] = [
  { name: 'alg "none" with an empty signature', api: 'rest', authorization: () => unsigned({ ...idHeader(), alg: 'none' }, issuer.idClaims()), check: 'alg' },
  { name: 'alg "None"', api: 'http', authorization: () => unsigned({ ...idHeader(), alg: 'None' }, issuer.idClaims()), check: 'alg', expect: { http: 'the token signing algorithm is not supported' } },
  { name: 'alg "NONE"', api: 'rest', authorization: () => unsigned({ ...idHeader(), alg: 'NONE' }, issuer.idClaims()), check: 'alg' },
  {
    name: 'alg "nOnE" keeping the genuine signature',
    api: 'http',
    authorization: () => {
      const genuine = issuer.idToken().split('.')[2];
      return unsigned({ ...idHeader(), alg: 'nOnE' }, issuer.idClaims(), genuine);
    },
    check: 'alg',
    expect: { http: 'the token signing algorithm is not supported' },
  },
  { name: 'HS256 keyed with the pool public key PEM (key confusion)', api: 'rest', authorization: () => hmac({ ...idHeader(), alg: 'HS256' }, issuer.idClaims(), publicPem()), check: 'alg' },
  {
    name: 'HS256 keyed with the public JWK modulus (key confusion)',
    api: 'http',
    authorization: () => hmac({ ...idHeader(), alg: 'HS256' }, issuer.idClaims(), Buffer.from(issuer.keys.id.jwk.n as string, 'base64url')),
    check: 'alg',
    expect: { http: 'the token signing algorithm is not supported' },
  },
  {
    name: 'PS256 signed with the pool own key (algorithm substitution)',
    api: 'rest',
    authorization: () => {
      const input = `${segment({ ...idHeader(), alg: 'PS256' })}.${segment(issuer.idClaims())}`;
      const signature = sign('sha256', Buffer.from(input), { key: issuer.keys.id.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
      return `${input}.${signature.toString('base64url')}`;
    },
    check: 'alg',
  },
  {
    name: 'RS512 signed with the pool own key',
    api: 'http',
    authorization: () => {
      const input = `${segment({ ...idHeader(), alg: 'RS512' })}.${segment(issuer.idClaims())}`;
      return `${input}.${sign('sha512', Buffer.from(input), issuer.keys.id.privateKey).toString('base64url')}`;
    },
    check: 'alg',
    expect: { http: 'the token signing algorithm is not supported' },
  },
  { name: 'unknown kid, signed with an attacker key', api: 'rest', authorization: () => issuer.signRaw({ kid: attacker.kid, alg: 'RS256' }, issuer.idClaims(), attacker.privateKey), check: 'kid' },
  {
    name: 'kid with a path traversal',
    api: 'http',
    authorization: () => issuer.signRaw({ kid: '../../../../../dev/null', alg: 'RS256' }, issuer.idClaims(), attacker.privateKey),
    check: 'kid',
    expect: { http: 'the token does not have a valid key id' },
  },
  { name: 'kid with SQL injection', api: 'rest', authorization: () => issuer.signRaw({ kid: "x' OR '1'='1", alg: 'RS256' }, issuer.idClaims(), attacker.privateKey), check: 'kid' },
  {
    name: 'no kid, signed with the genuine key',
    api: 'http',
    authorization: () => issuer.signRaw({ alg: 'RS256' }, issuer.idClaims(), issuer.keys.id.privateKey),
    check: 'kid',
    expect: { http: 'the token does not have a valid key id' },
  },
  {
    name: 'jku pointing at an attacker JWKS',
    api: 'rest',
    authorization: () => issuer.signRaw({ kid: attacker.kid, alg: 'RS256', jku: ATTACKER_URL }, issuer.idClaims(), attacker.privateKey),
    check: 'kid',
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'jku with the pool kid, signed with an attacker key',
    api: 'http',
    authorization: () => issuer.signRaw({ ...idHeader(), jku: ATTACKER_URL }, issuer.idClaims(), attacker.privateKey),
    check: 'signature',
    expect: { http: 'the token signature is invalid' },
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'x5u pointing at an attacker certificate',
    api: 'rest',
    authorization: () => issuer.signRaw({ kid: attacker.kid, alg: 'RS256', x5u: ATTACKER_URL }, issuer.idClaims(), attacker.privateKey),
    check: 'kid',
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'embedded jwk of an attacker key, no kid (CVE-2018-0114)',
    api: 'http',
    authorization: () => issuer.signRaw({ alg: 'RS256', jwk: attacker.jwk }, issuer.idClaims(), attacker.privateKey),
    check: 'kid',
    expect: { http: 'the token does not have a valid key id' },
  },
  {
    name: 'embedded jwk of an attacker key with the pool kid',
    api: 'rest',
    authorization: () => issuer.signRaw({ ...idHeader(), jwk: attacker.jwk }, issuer.idClaims(), attacker.privateKey),
    check: 'signature',
  },
  {
    name: 'payload tampered after signing (admin group added)',
    api: 'rest',
    path: '/admin',
    authorization: () => {
      const [header, , signature] = issuer.idToken().split('.');
      return `${header}.${segment({ ...issuer.idClaims(), 'cognito:groups': ['admin'] })}.${signature}`;
    },
    check: 'signature',
  },
  {
    name: 'signature stripped',
    api: 'http',
    authorization: () => issuer.idToken().split('.').slice(0, 2).join('.') + '.',
    check: 'signature',
    expect: { http: 'the token signature is invalid' },
  },
  {
    name: 'signature swapped in from another genuine token',
    api: 'rest',
    authorization: () => {
      const [header, payload] = issuer.idToken({ groups: ['admin'] }).split('.');
      return `${header}.${payload}.${issuer.idToken().split('.')[2]}`;
    },
    check: 'signature',
  },
  {
    name: 'kid of the access key on a token signed with the ID key',
    api: 'http',
    authorization: () => issuer.signRaw({ kid: issuer.keys.access.kid, alg: 'RS256' }, issuer.idClaims(), issuer.keys.id.privateKey),
    check: 'signature',
    expect: { http: 'the token signature is invalid' },
  },
  { name: 'expired (REST answers with its own message)', api: 'rest', authorization: () => issuer.idToken({ iat: now() - 7200 }), check: 'exp', expect: { rest: REST_EXPIRED } },
  { name: 'expired (HTTP API)', api: 'http', authorization: () => issuer.idToken({ iat: now() - 7200 }), check: 'exp', expect: { http: 'the token has expired' } },
  { name: 'nbf in the future', api: 'rest', authorization: () => issuer.idToken({}, { nbf: now() + 600 }), check: 'nbf' },
  { name: 'iat in the future (HTTP API)', api: 'http', authorization: () => issuer.idToken({ iat: now() + 600 }), check: 'iat', expect: { http: 'the token was issued in the future' } },
  { name: 'iat in the future (REST API)', api: 'rest', authorization: () => issuer.idToken({ iat: now() + 600 }), check: 'iat' },
  { name: 'exp missing (refused as unauthorized, not as expired)', api: 'rest', authorization: () => issuer.idToken({}, { exp: undefined }), check: 'exp' },
  { name: 'exp as a string', api: 'http', authorization: () => issuer.idToken({}, { exp: String(now() + 3600) }), check: 'exp', expect: { http: 'the token has expired' } },
  {
    name: 'issuer of another pool on the same host',
    api: 'rest',
    authorization: () => issuer.idToken({}, { iss: issuer.issuer.replace('TrailTest', 'Elsewhere') }),
    check: 'iss',
    neverFetched: () => `${issuer.issuer.replace('TrailTest', 'Elsewhere')}/.well-known/jwks.json`,
  },
  { name: 'issuer with a trailing slash', api: 'http', authorization: () => issuer.idToken({}, { iss: `${issuer.issuer}/` }), check: 'iss', expect: { http: 'the token does not have a valid issuer' } },
  { name: 'a token of another user pool, validly signed by it', api: 'rest', authorization: () => otherPool.idToken(), check: 'iss' },
  { name: 'ID token for an app client the API does not accept', api: 'http', authorization: () => issuer.idToken({ clientId: 'someotherappclient0000001' }), check: 'aud', expect: { http: 'the token does not have a valid audience' } },
  { name: 'access token of another app client', api: 'http', authorization: () => issuer.accessToken({ clientId: 'someotherappclient0000001' }), check: 'aud', expect: { http: 'the token does not have a valid audience' } },
  { name: 'ID token where an access token is needed', api: 'rest', path: '/scoped', authorization: () => issuer.idToken(), check: 'token_use' },
  { name: 'access token where an ID token is needed', api: 'rest', path: '/hello', authorization: () => `Bearer ${issuer.accessToken()}`, check: 'token_use' },
  { name: 'access token missing the route scope (REST: 401)', api: 'rest', path: '/scoped', authorization: () => issuer.accessToken({}, { scope: 'openid email' }), check: 'scope' },
  { name: 'access token missing the route scope (HTTP API: 403)', api: 'http', path: '/scoped', authorization: () => issuer.accessToken({}, { scope: 'openid email' }), check: 'scope', expect: { http: 'forbidden' } },
  { name: 'ID token on a scoped HTTP route (no scope claim)', api: 'http', path: '/scoped', authorization: () => issuer.idToken(), check: 'scope', expect: { http: 'forbidden' } },
  {
    name: 'characters outside base64url',
    api: 'rest',
    authorization: () => {
      const [, payload, signature] = issuer.idToken().split('.');
      return `eyJ!!!.${payload}.${signature}`;
    },
    check: 'base64url',
  },
  { name: 'header that is not JSON', api: 'http', authorization: () => `${base64url('{"alg":"RS256",')}.${segment(issuer.idClaims())}.c2ln`, check: 'token-json', expect: { http: 'token is malformed' } },
  { name: 'payload that is not JSON', api: 'rest', authorization: () => `${segment(idHeader())}.${base64url('not json')}.c2ln`, check: 'token-json' },
  { name: 'payload that is a JSON array', api: 'http', authorization: () => `${segment(idHeader())}.${segment([issuer.idClaims()])}.c2ln`, check: 'token-json', expect: { http: 'token is malformed' } },
  { name: 'payload that is not UTF-8', api: 'rest', authorization: () => `${segment(idHeader())}.${base64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}.c2ln`, check: 'token-json' },
  {
    name: 'two segments',
    api: 'http',
    authorization: () => issuer.idToken().split('.').slice(0, 2).join('.'),
    check: 'segments',
    expect: { http: 'token contains an invalid number of segments' },
  },
  { name: 'four segments', api: 'rest', authorization: () => `${issuer.idToken()}.${base64url('extra')}`, check: 'segments' },
  { name: 'an opaque string, not a JWT', api: 'http', authorization: () => 'Bearer 3c1b9f0e-opaque-refresh-token', check: 'segments', expect: { http: 'token contains an invalid number of segments' } },
  {
    name: 'oversized token, validly signed',
    api: 'http',
    authorization: () => issuer.idToken({}, { padding: 'x'.repeat(8000) }),
    check: 'token-size',
    expect: { http: 'the token is too large' },
  },
  { name: 'empty Authorization header', api: 'rest', authorization: () => '', check: 'identity-source' },
  { name: 'no Authorization header', api: 'http', authorization: () => undefined, check: 'identity-source', expect: { http: 'no-challenge' } },
  { name: 'Authorization header sent twice', api: 'rest', authorization: () => [issuer.idToken(), issuer.idToken()], check: 'segments' },
  { name: 'scheme doubled ("Bearer Bearer …")', api: 'http', authorization: () => `Bearer Bearer ${issuer.idToken()}`, check: 'base64url', expect: { http: 'token is malformed' } },
  { name: 'lower-case "bearer" scheme', api: 'rest', authorization: () => `bearer ${issuer.idToken()}`, check: 'base64url' },
  { name: 'unknown critical header extension', api: 'rest', authorization: () => issuer.signRaw({ ...idHeader(), crit: ['x-trail'], 'x-trail': 1 }, issuer.idClaims(), issuer.keys.id.privateKey), check: 'crit' },
  {
    name: 'critical b64=false (unencoded payload)',
    api: 'http',
    authorization: () => issuer.signRaw({ ...idHeader(), crit: ['b64'], b64: false }, issuer.idClaims(), issuer.keys.id.privateKey),
    check: 'crit',
    expect: { http: 'the token has an unsupported critical header' },
  },
];

describe('attack corpus', () => {
  test('has its 54 cases, 28 on the REST API and 26 on the HTTP API, with distinct names', () => {
    assert.equal(cases.length, 54);
    assert.equal(cases.filter((attack) => attack.api === 'rest').length, 28);
    assert.equal(new Set(cases.map((attack) => attack.name)).size, cases.length);
  });

  for (const attack of cases) {
    test(`${attack.api.toUpperCase()}: ${attack.name}`, async () => {
      // One header line per value: "sent twice" is two Authorization lines on the wire.
      const authorization = attack.authorization();
      const headers = [authorization ?? []].flat().map((value): [string, string] => ['Authorization', value]);
      const base = attack.api === 'rest' ? '/rest/prod' : '/http';
      const response = await gateway.call(`${base}${attack.path ?? '/hello'}`, { headers });

      if (attack.api === 'rest') {
        await assertRestError(response, attack.expect?.rest ?? REST_UNAUTHORIZED);
      } else if (attack.expect?.http === 'forbidden') {
        await assertHttpError(response, { status: 403, body: '{"message":"Forbidden"}' });
      } else if (attack.expect?.http === 'no-challenge') {
        await assertHttpError(response, { status: 401, body: '{"message":"Unauthorized"}' });
      } else {
        const scopes = attack.path === '/scoped' ? 'aws.cognito.signin.user.admin' : '';
        await assertHttpError(response, { status: 401, body: '{"message":"Unauthorized"}', wwwAuthenticate: httpInvalidToken(attack.expect?.http ?? 'unset', scopes) });
      }
      const trace = await gateway.trace(requestIdOf(response));
      assertRefusedBy(trace, attack.check);
      assert.equal(trace.hops.some((hop) => hop.name === 'lambda-event'), false, 'the function must not run');
      if (attack.neverFetched) assert.equal(gateway.fetched.includes(attack.neverFetched()), false);
    });
  }
});
