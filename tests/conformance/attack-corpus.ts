/**
 * The attack corpus. Each forged or broken token is sent to the
 * gateway as a client sends it and is refused with AWS's status, exact body
 * and exact headers as the client receives them; the trace names the check
 * that refused it, and the function never runs. The expected check and
 * answer of every case are written out here, not taken from the gateway.
 *
 * Every attack goes to each of the three APIs whose authorizer has something
 * to refuse in it: the REST API with the Cognito user pool authorizer, the
 * HTTP API with the JWT authorizer, and the REST API with the JWT authorizer.
 * An API is left out of an attack only where its authorizer accepts the
 * token, or lacks the route, as AWS documents; the attack says so.
 *
 * Runtime-neutral: tests/gateway/attacks.test.ts runs it against the Node
 * gateway over a loopback socket, tests/browser/conformance.spec.ts against
 * the same gateway code in a Chromium Service Worker.
 */
import { base64urlToBytes } from '../../src/lib/bytes.ts';
import type { ApiName } from '../../src/lib/stack-urls.ts';
import type { CheckName } from '../../src/lib/trace/hops.ts';
import { PARTNER_ISSUER } from '../../src/stack/api.ts';
import type { Case } from './cases.ts';
import { equal } from './check.ts';
import { assertHttpError, assertRefusedBy, assertRestError, httpInvalidToken, REST_EXPIRED, REST_FORBIDDEN, REST_UNAUTHORIZED } from './gateway-answers.ts';
import { requestIdOf, type GatewaySuite, type GatewayTarget, type GatewayWorld } from './gateway-target.ts';
import { base64url, hmacToken, publicPem, segment, signToken } from './issuer.ts';

const ATTACKER_URL = 'http://127.0.0.1:9/attacker/keys.json';

type Authorization = string | string[] | undefined;

/** The check that refuses an attack on each API it is sent to. */
export type RefusedBy = Partial<Record<ApiName, CheckName>>;

export interface Attack {
  name: string;
  path?: string;
  /** The Authorization header(s); undefined sends none. */
  authorization: (world: GatewayWorld) => Promise<Authorization> | Authorization;
  /** The APIs the attack is sent to, and the check each must refuse it by. */
  refusedBy: RefusedBy;
  /** The REST API's Cognito authorizer answers with its own message: the token carries a numeric `exp` in the past. */
  restExpired?: true;
  /** The gateway must not have fetched anything under this URL. */
  neverFetched?: (world: GatewayWorld, api: ApiName) => string | undefined;
}

/** Where each API is served, under the gateway's base. */
const BASES: Record<ApiName, string> = { rest: '/rest/prod', http: '/http', restJwt: '/rest-jwt/prod' };
/** How a case names the API it runs on. */
const LABELS: Record<ApiName, string> = { rest: 'REST', http: 'HTTP', restJwt: 'REST-JWT' };
const APIS: readonly ApiName[] = ['rest', 'http', 'restJwt'];
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * The HTTP API's `error_description` for each check that refuses a token
 * with a 401. AWS documents the audience one
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html)
 * and the segments one was captured; the others are the gateway's own
 * wording in the same style (README, "What the gateway implements").
 */
const HTTP_DESCRIPTIONS: Partial<Record<CheckName, string>> = {
  'token-size': 'the token is too large',
  segments: 'token contains an invalid number of segments',
  base64url: 'token is malformed',
  'token-json': 'token is malformed',
  alg: 'the token signing algorithm is not supported',
  crit: 'the token has an unsupported critical header',
  kid: 'the token does not have a valid key id',
  iss: 'the token does not have a valid issuer',
  jwks: "the issuer's signing keys could not be retrieved",
  signature: 'the token signature is invalid',
  aud: 'the token does not have a valid audience',
  exp: 'the token has expired',
  nbf: 'the token is not valid yet',
  iat: 'the token was issued in the future',
};

/** The same check on every API. */
const everywhere = (check: CheckName): RefusedBy => ({ rest: check, http: check, restJwt: check });

// The gateway reads the issuer's test clock, which stands still here.
const now = (w: GatewayWorld) => w.issuer.clock.seconds();
const unsigned = (header: unknown, payload: unknown, signature = '') => `${segment(header)}.${segment(payload)}.${signature}`;
const idHeader = (w: GatewayWorld) => ({ kid: w.issuer.keys.id.kid, alg: 'RS256' });
const modulus = (w: GatewayWorld) => base64urlToBytes(w.issuer.keys.id.jwk.n);
const elsewhere = (w: GatewayWorld) => w.issuer.issuer.replace('TrailTest', 'Elsewhere');

export const ATTACKS: readonly Attack[] = [
  {
    name: 'alg "none" with an empty signature',
    authorization: (w) => unsigned({ ...idHeader(w), alg: 'none' }, w.issuer.idClaims()),
    refusedBy: everywhere('alg'),
  },
  { name: 'alg "None"', authorization: (w) => unsigned({ ...idHeader(w), alg: 'None' }, w.issuer.idClaims()), refusedBy: everywhere('alg') },
  { name: 'alg "NONE"', authorization: (w) => unsigned({ ...idHeader(w), alg: 'NONE' }, w.issuer.idClaims()), refusedBy: everywhere('alg') },
  {
    name: 'alg "nOnE" keeping the genuine signature',
    authorization: async (w) => {
      const genuine = (await w.issuer.idToken()).split('.')[2];
      return unsigned({ ...idHeader(w), alg: 'nOnE' }, w.issuer.idClaims(), genuine);
    },
    refusedBy: everywhere('alg'),
  },
  {
    name: 'HS256 keyed with the pool public key PEM (key confusion)',
    authorization: async (w) => hmacToken({ ...idHeader(w), alg: 'HS256' }, w.issuer.idClaims(), await publicPem(w.issuer.keys.id)),
    refusedBy: everywhere('alg'),
  },
  {
    name: 'HS256 keyed with the public JWK modulus (key confusion)',
    authorization: (w) => hmacToken({ ...idHeader(w), alg: 'HS256' }, w.issuer.idClaims(), modulus(w)),
    refusedBy: everywhere('alg'),
  },
  // Neither PS256 nor RS512 is among the REST JWT authorizer's defaultAlgorithms (src/stack/api.ts: RS256 and ES256).
  {
    name: 'PS256 signed with the pool own key (algorithm substitution)',
    authorization: (w) => signToken(w.issuer.keys.id, 'PS256', { ...idHeader(w), alg: 'PS256' }, w.issuer.idClaims()),
    refusedBy: everywhere('alg'),
  },
  {
    name: 'RS512 signed with the pool own key',
    authorization: (w) => signToken(w.issuer.keys.id, 'RS512', { ...idHeader(w), alg: 'RS512' }, w.issuer.idClaims()),
    refusedBy: everywhere('alg'),
  },
  {
    // RFC 8725, section 3.1: each key is used with exactly one algorithm. The
    // RS256-only authorizers refuse ES256 itself; the REST JWT authorizer
    // accepts ES256, but only with an EC key, and the kid names an RSA key.
    name: 'ES256 signed with an attacker EC key under the kid of the pool RSA key',
    authorization: (w) => signToken(w.attackerEs256, 'ES256', { kid: w.issuer.keys.id.kid, alg: 'ES256' }, w.issuer.idClaims()),
    refusedBy: { rest: 'alg', http: 'alg', restJwt: 'kid' },
  },
  {
    name: 'unknown kid, signed with an attacker key',
    authorization: (w) => w.issuer.signRaw({ kid: w.attacker.kid, alg: 'RS256' }, w.issuer.idClaims(), w.attacker),
    refusedBy: everywhere('kid'),
  },
  {
    name: 'kid with a path traversal',
    authorization: (w) => w.issuer.signRaw({ kid: '../../../../../dev/null', alg: 'RS256' }, w.issuer.idClaims(), w.attacker),
    refusedBy: everywhere('kid'),
  },
  {
    name: 'kid with SQL injection',
    authorization: (w) => w.issuer.signRaw({ kid: "x' OR '1'='1", alg: 'RS256' }, w.issuer.idClaims(), w.attacker),
    refusedBy: everywhere('kid'),
  },
  {
    name: 'no kid, signed with the genuine key',
    authorization: (w) => w.issuer.signRaw({ alg: 'RS256' }, w.issuer.idClaims(), w.issuer.keys.id),
    refusedBy: everywhere('kid'),
  },
  {
    name: 'jku pointing at an attacker JWKS',
    authorization: (w) => w.issuer.signRaw({ kid: w.attacker.kid, alg: 'RS256', jku: ATTACKER_URL }, w.issuer.idClaims(), w.attacker),
    refusedBy: everywhere('kid'),
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'jku with the pool kid, signed with an attacker key',
    authorization: (w) => w.issuer.signRaw({ ...idHeader(w), jku: ATTACKER_URL }, w.issuer.idClaims(), w.attacker),
    refusedBy: everywhere('signature'),
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'x5u pointing at an attacker certificate',
    authorization: (w) => w.issuer.signRaw({ kid: w.attacker.kid, alg: 'RS256', x5u: ATTACKER_URL }, w.issuer.idClaims(), w.attacker),
    refusedBy: everywhere('kid'),
    neverFetched: () => ATTACKER_URL,
  },
  {
    name: 'embedded jwk of an attacker key, no kid (CVE-2018-0114)',
    authorization: (w) => w.issuer.signRaw({ alg: 'RS256', jwk: w.attacker.jwk }, w.issuer.idClaims(), w.attacker),
    refusedBy: everywhere('kid'),
  },
  {
    name: 'embedded jwk of an attacker key with the pool kid',
    authorization: (w) => w.issuer.signRaw({ ...idHeader(w), jwk: w.attacker.jwk }, w.issuer.idClaims(), w.attacker),
    refusedBy: everywhere('signature'),
  },
  {
    name: 'payload tampered after signing (admin group added)',
    path: '/admin',
    authorization: async (w) => {
      const [header, , signature] = (await w.issuer.idToken()).split('.');
      return `${header}.${segment({ ...w.issuer.idClaims(), 'cognito:groups': ['admin'] })}.${signature}`;
    },
    refusedBy: everywhere('signature'),
  },
  {
    name: 'signature stripped',
    authorization: async (w) => `${(await w.issuer.idToken()).split('.').slice(0, 2).join('.')}.`,
    refusedBy: everywhere('signature'),
  },
  {
    name: 'signature swapped in from another genuine token',
    authorization: async (w) => {
      const [header, payload] = (await w.issuer.idToken({ groups: ['admin'] })).split('.');
      return `${header}.${payload}.${(await w.issuer.idToken()).split('.')[2]}`;
    },
    refusedBy: everywhere('signature'),
  },
  {
    name: 'kid of the access key on a token signed with the ID key',
    authorization: (w) => w.issuer.signRaw({ kid: w.issuer.keys.access.kid, alg: 'RS256' }, w.issuer.idClaims(), w.issuer.keys.id),
    refusedBy: everywhere('signature'),
  },
  // The Cognito authorizer's message for an expired token; the REST JWT authorizer's 401 is plain (README, inferred).
  { name: 'expired', authorization: (w) => w.issuer.idToken({ iat: now(w) - 7200 }), refusedBy: everywhere('exp'), restExpired: true },
  { name: 'nbf in the future', authorization: (w) => w.issuer.idToken({}, { nbf: now(w) + 600 }), refusedBy: everywhere('nbf') },
  { name: 'iat in the future', authorization: (w) => w.issuer.idToken({ iat: now(w) + 600 }), refusedBy: everywhere('iat') },
  {
    name: 'exp missing (refused as unauthorized, not as expired)',
    authorization: (w) => w.issuer.idToken({}, { exp: undefined }),
    refusedBy: everywhere('exp'),
  },
  { name: 'exp as a string', authorization: (w) => w.issuer.idToken({}, { exp: String(now(w) + 3600) }), refusedBy: everywhere('exp') },
  {
    name: 'issuer of another pool on the same host',
    authorization: (w) => w.issuer.idToken({}, { iss: elsewhere(w) }),
    refusedBy: everywhere('iss'),
    neverFetched: (w) => `${elsewhere(w)}/`,
  },
  { name: 'issuer with a trailing slash', authorization: (w) => w.issuer.idToken({}, { iss: `${w.issuer.issuer}/` }), refusedBy: everywhere('iss') },
  { name: 'a token of another user pool, validly signed by it', authorization: (w) => w.otherPool.idToken(), refusedBy: everywhere('iss') },
  {
    // Only the REST JWT authorizer trusts the second issuer; nothing answers
    // under .invalid (RFC 6761, section 6.4), so its keys cannot be had and it
    // fails closed. The older authorizers trust the one pool, and fetch nothing.
    name: 'a token of the second trusted issuer, whose keys cannot be fetched',
    authorization: (w) =>
      w.issuer.signRaw(
        { kid: w.attacker.kid, alg: 'RS256' },
        { iss: PARTNER_ISSUER, sub: 'svc', aud: 'token-trail', iat: now(w), exp: now(w) + 600 },
        w.attacker,
      ),
    refusedBy: { rest: 'iss', http: 'iss', restJwt: 'jwks' },
    neverFetched: (_w, api) => (api === 'restJwt' ? undefined : `${PARTNER_ISSUER}/`),
  },
  // The Cognito authorizer checks no audience unless an identityValidationExpression is set
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html): not sent there.
  {
    name: 'ID token for an app client the API does not accept',
    authorization: (w) => w.issuer.idToken({ clientId: 'someotherappclient0000001' }),
    refusedBy: { http: 'aud', restJwt: 'aud' },
  },
  {
    name: 'access token of another app client',
    authorization: (w) => w.issuer.accessToken({ clientId: 'someotherappclient0000001' }),
    refusedBy: { http: 'aud', restJwt: 'aud' },
  },
  // The JWT authorizers look at no token_use: an ID token is refused on a scoped route for its want of a scope, with a 403.
  {
    name: 'ID token where an access token is needed (a scoped route)',
    path: '/scoped',
    authorization: (w) => w.issuer.idToken(),
    refusedBy: { rest: 'token_use', http: 'scope', restJwt: 'scope' },
  },
  // Only the Cognito authorizer takes ID tokens alone on an unscoped route; the JWT authorizers take both kinds
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html).
  {
    name: 'access token where an ID token is needed',
    path: '/hello',
    authorization: async (w) => `Bearer ${await w.issuer.accessToken()}`,
    refusedBy: { rest: 'token_use' },
  },
  // The REST JWT authorizer's "accessTokens" requires token_use = access as an additional claim; only that API has /access.
  {
    name: 'ID token where only access tokens are accepted (an additional claim)',
    path: '/access',
    authorization: (w) => w.issuer.idToken(),
    refusedBy: { restJwt: 'additional-claim' },
  },
  {
    name: 'access token missing the route scope',
    path: '/scoped',
    authorization: (w) => w.issuer.accessToken({}, { scope: 'openid email' }),
    refusedBy: everywhere('scope'),
  },
  {
    name: 'characters outside base64url',
    authorization: async (w) => {
      const [, payload, signature] = (await w.issuer.idToken()).split('.');
      return `eyJ!!!.${payload}.${signature}`;
    },
    refusedBy: everywhere('base64url'),
  },
  {
    name: 'header that is not JSON',
    authorization: (w) => `${base64url('{"alg":"RS256",')}.${segment(w.issuer.idClaims())}.c2ln`,
    refusedBy: everywhere('token-json'),
  },
  { name: 'payload that is not JSON', authorization: (w) => `${segment(idHeader(w))}.${base64url('not json')}.c2ln`, refusedBy: everywhere('token-json') },
  {
    name: 'payload that is a JSON array',
    authorization: (w) => `${segment(idHeader(w))}.${segment([w.issuer.idClaims()])}.c2ln`,
    refusedBy: everywhere('token-json'),
  },
  {
    name: 'payload that is not UTF-8',
    authorization: (w) => `${segment(idHeader(w))}.${base64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}.c2ln`,
    refusedBy: everywhere('token-json'),
  },
  { name: 'two segments', authorization: async (w) => (await w.issuer.idToken()).split('.').slice(0, 2).join('.'), refusedBy: everywhere('segments') },
  { name: 'four segments', authorization: async (w) => `${await w.issuer.idToken()}.${base64url('extra')}`, refusedBy: everywhere('segments') },
  { name: 'an opaque string, not a JWT', authorization: () => 'Bearer 3c1b9f0e-opaque-refresh-token', refusedBy: everywhere('segments') },
  { name: 'oversized token, validly signed', authorization: (w) => w.issuer.idToken({}, { padding: 'x'.repeat(8000) }), refusedBy: everywhere('token-size') },
  { name: 'empty Authorization header', authorization: () => '', refusedBy: everywhere('identity-source') },
  { name: 'no Authorization header', authorization: () => undefined, refusedBy: everywhere('identity-source') },
  {
    name: 'Authorization header sent twice',
    authorization: async (w) => [await w.issuer.idToken(), await w.issuer.idToken()],
    refusedBy: everywhere('segments'),
  },
  { name: 'scheme doubled ("Bearer Bearer …")', authorization: async (w) => `Bearer Bearer ${await w.issuer.idToken()}`, refusedBy: everywhere('base64url') },
  { name: 'lower-case "bearer" scheme', authorization: async (w) => `bearer ${await w.issuer.idToken()}`, refusedBy: everywhere('base64url') },
  {
    name: 'unknown critical header extension',
    authorization: (w) => w.issuer.signRaw({ ...idHeader(w), crit: ['x-trail'], 'x-trail': 1 }, w.issuer.idClaims(), w.issuer.keys.id),
    refusedBy: everywhere('crit'),
  },
  {
    name: 'critical b64=false (unencoded payload)',
    authorization: (w) => w.issuer.signRaw({ ...idHeader(w), crit: ['b64'], b64: false }, w.issuer.idClaims(), w.issuer.keys.id),
    refusedBy: everywhere('crit'),
  },
];

/**
 * How each API answers a refusal by `check`. REST with the Cognito
 * authorizer: 401 Unauthorized, or its own message for an expired token.
 * HTTP: 403 Forbidden without a challenge for a missing scope, 401 without
 * one for a missing token, and otherwise 401 with a `www-authenticate`
 * challenge naming the route's scopes
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html).
 * REST with the JWT authorizer: 403 for a missing scope, as AWS documents
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html),
 * and the REST API's default UNAUTHORIZED response for every other check
 * (README: inferred).
 */
async function assertAnswer(response: Response, api: ApiName, check: CheckName, attack: Attack, target: GatewayTarget): Promise<void> {
  switch (api) {
    case 'rest':
      return assertRestError(response, attack.restExpired ? REST_EXPIRED : REST_UNAUTHORIZED, target.transport);
    case 'restJwt':
      return assertRestError(response, check === 'scope' ? REST_FORBIDDEN : REST_UNAUTHORIZED, target.transport);
    case 'http': {
      if (check === 'scope') return assertHttpError(response, { status: 403, body: '{"message":"Forbidden"}' }, target.transport);
      if (check === 'identity-source') return assertHttpError(response, { status: 401, body: '{"message":"Unauthorized"}' }, target.transport);
      const description = HTTP_DESCRIPTIONS[check];
      if (description === undefined) throw new Error(`the corpus gives no HTTP API description for ${check}`);
      const scopes = attack.path === '/scoped' ? ADMIN_SCOPE : '';
      return assertHttpError(
        response,
        { status: 401, body: '{"message":"Unauthorized"}', wwwAuthenticate: httpInvalidToken(description, scopes) },
        target.transport,
      );
    }
  }
}

async function refused(attack: Attack, api: ApiName, check: CheckName, target: GatewayTarget): Promise<void> {
  const { world } = target;
  const never = attack.neverFetched?.(world, api);
  // Only this case's fetches: the cases run in any order, and another API's case may fetch what this one must not.
  const fetchedBefore = never === undefined ? 0 : (await target.fetched()).length;
  // One header line per value: "sent twice" is two Authorization lines on the wire (and one line of both, joined, through fetch).
  const authorization = await attack.authorization(world);
  const headers = [authorization ?? []].flat().map((value): [string, string] => ['Authorization', value]);
  const response = await target.call(`${BASES[api]}${attack.path ?? '/hello'}`, { headers });
  await assertAnswer(response, api, check, attack, target);

  const trace = await target.trace(requestIdOf(response));
  equal(trace.api, api, 'the API that answered');
  assertRefusedBy(trace, check);
  equal(
    trace.hops.some((hop) => hop.name === 'lambda-event'),
    false,
    'the function must not run',
  );
  if (never !== undefined) {
    const reached = (await target.fetched()).slice(fetchedBefore).filter((url) => url.startsWith(never));
    equal(reached.length, 0, `the gateway fetched ${reached.join(', ')}`);
  }
}

/** Every attack on every API it is sent to, in the order REST, HTTP, REST JWT. */
export const attackCases: readonly Case<GatewayTarget>[] = ATTACKS.flatMap((attack) =>
  APIS.flatMap((api) => {
    const check = attack.refusedBy[api];
    return check === undefined ? [] : [{ name: `${LABELS[api]}: ${attack.name}`, run: (target: GatewayTarget) => refused(attack, api, check, target) }];
  }),
);

/** How many cases each API gets. */
export const casesPerApi = (api: ApiName): number => ATTACKS.filter((attack) => attack.refusedBy[api] !== undefined).length;

export const attackSuite: GatewaySuite = { name: 'attack corpus', cases: attackCases };
