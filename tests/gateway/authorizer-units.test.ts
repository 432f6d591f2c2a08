/**
 * The authorizer's parts one by one, in process and exact: the byte helpers
 * (Node's route and the portable one a browser takes), the token decoder,
 * the RS256 check (node:crypto and WebCrypto), every claim rule with its
 * boundaries and the words the trace shows, the verifier's order of checks
 * and its trace, and both authorizers' decisions. The same rules end to end,
 * over a socket, are in authorizers.test.ts and attacks.test.ts.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import type { JwksSource, KeyLookup } from '../../src/stack/gateway/authorizer/jwks.ts';
import { asciiBytes, decodeBase64url, decodeUtf8 } from '../../src/stack/gateway/authorizer/bytes.ts';
import {
  additionalClaim,
  anyScope,
  audienceMatches,
  audienceOrClientId,
  issuedInPast,
  notBefore,
  notExpired,
  scopesOf,
  tokenUse,
} from '../../src/stack/gateway/authorizer/claims.ts';
import { cognitoUserPoolsAuthorizer } from '../../src/stack/gateway/authorizer/cognito-user-pools.ts';
import { jwtAuthorizer } from '../../src/stack/gateway/authorizer/jwt.ts';
import { restJwtAuthorizer } from '../../src/stack/gateway/authorizer/rest-jwt.ts';
import { verifyRs256 } from '../../src/stack/gateway/authorizer/signature.ts';
import { decodeToken, type DecodedToken } from '../../src/stack/gateway/authorizer/token.ts';
import type { VerificationSettings } from '../../src/stack/gateway/authorizer/types.ts';
import { verifyToken, type VerifierOptions } from '../../src/stack/gateway/authorizer/verifier.ts';
import type { TrustedUserPool } from '../../src/stack/gateway/index.ts';
import { manualTimers } from '../helpers/manual-timers.ts';
import { hopsOf, json, memoryFetch, recorder, rsaKey, segment, signToken } from './fixtures/memory-keys.ts';

/** Imports a module afresh (its own instance) while `hide` has taken a Node facility away, as a browser lacks it. */
async function importWithout<T>(specifier: string, hide: () => () => void): Promise<T> {
  const restore = hide();
  try {
    return (await import(specifier)) as T;
  } finally {
    restore();
  }
}

const withoutBuffer = () => {
  const saved = globalThis.Buffer;
  delete (globalThis as { Buffer?: unknown }).Buffer;
  return () => {
    globalThis.Buffer = saved;
  };
};
const withoutBuiltinModules = () => {
  const saved = process.getBuiltinModule;
  (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
  return () => {
    process.getBuiltinModule = saved;
  };
};

const portableBytes = await importWithout<typeof import('../../src/stack/gateway/authorizer/bytes.ts')>(
  '../../src/stack/gateway/authorizer/bytes.ts?portable',
  withoutBuffer,
);
const webCryptoSignature = await importWithout<typeof import('../../src/stack/gateway/authorizer/signature.ts')>(
  '../../src/stack/gateway/authorizer/signature.ts?webcrypto',
  withoutBuiltinModules,
);

const key = rsaKey('key-1');
const NOW_SECONDS = 1_764_128_400; // 2025-11-26 03:40:00 UTC
const ISSUER = 'https://issuer.test/us-east-1_Unit';

describe('bytes', () => {
  for (const [route, bytes] of [
    ['Node', { decodeBase64url, asciiBytes, decodeUtf8 }],
    ['portable', portableBytes],
  ] as const) {
    test(`${route}: base64url, both extra characters, any length`, () => {
      assert.deepEqual([...bytes.decodeBase64url('AP_-')], [0x00, 0xff, 0xfe]);
      assert.deepEqual([...bytes.decodeBase64url('-_-_')], [0xfb, 0xff, 0xbf]);
      assert.deepEqual([...bytes.decodeBase64url('aGk')], [0x68, 0x69]);
      assert.deepEqual([...bytes.decodeBase64url('')], []);
      assert.deepEqual([...bytes.asciiBytes('eyJ.x-_')], [0x65, 0x79, 0x4a, 0x2e, 0x78, 0x2d, 0x5f]);
    });
  }

  test('UTF-8 is decoded strictly: a malformed sequence throws', () => {
    assert.equal(decodeUtf8(Uint8Array.of(0xe2, 0x82, 0xac)), '€');
    assert.throws(() => decodeUtf8(Uint8Array.of(0xff)), TypeError);
    assert.throws(() => decodeUtf8(Uint8Array.of(0xe2, 0x82)), TypeError);
  });
});

describe('decodeToken', () => {
  const header = { alg: 'RS256', kid: 'k' };
  const payload = { sub: 'jane' };
  const token = `${segment(header)}.${segment(payload)}.c2ln`;

  test('three base64url segments of JSON objects: the parts and the objects', () => {
    assert.deepEqual(decodeToken(token), {
      ok: true,
      token: { segments: { header: segment(header), payload: segment(payload), signature: 'c2ln' }, header, payload },
    });
  });

  test('an empty signature passes, for the signature check to name', () => {
    const decoded = decodeToken(`${segment(header)}.${segment(payload)}.`);
    assert.equal(decoded.ok, true);
    assert.equal((decoded as { token: DecodedToken }).token.segments.signature, '');
  });

  const refusals: [string, string, string, string][] = [
    ['two parts', `${segment(header)}.${segment(payload)}`, 'segments', 'the token has 2 dot-separated parts, not 3'],
    ['four parts', `${token}.x`, 'segments', 'the token has 4 dot-separated parts, not 3'],
    ['one part', 'abc', 'segments', 'the token has 1 dot-separated parts, not 3'],
    ['an empty header', `.${segment(payload)}.c2ln`, 'base64url', 'the header part is empty'],
    ['an empty payload', `${segment(header)}..c2ln`, 'base64url', 'the payload part is empty'],
    [
      'padding in the header',
      `${segment(header)}=.${segment(payload)}.c2ln`,
      'base64url',
      'the header part contains characters outside the base64url alphabet',
    ],
    ['a character before the header', `!${token}`, 'base64url', 'the header part contains characters outside the base64url alphabet'],
    ['standard base64 in the payload', `${segment(header)}.a+b/.c2ln`, 'base64url', 'the payload part contains characters outside the base64url alphabet'],
    ['a character after the signature', `${token}!`, 'base64url', 'the signature part contains characters outside the base64url alphabet'],
    ['a newline after the signature', `${token}\n`, 'base64url', 'the signature part contains characters outside the base64url alphabet'],
    ['a header of impossible length', `AAAAA.${segment(payload)}.c2ln`, 'base64url', 'the header has an impossible base64url length'],
    ['a payload of impossible length', `${segment(header)}.AAAAAAAAA.c2ln`, 'base64url', 'the payload has an impossible base64url length'],
    ['a header that is not UTF-8', `_w.${segment(payload)}.c2ln`, 'token-json', 'the header is not UTF-8 text'],
    ['a payload that is not UTF-8', `${segment(header)}._w.c2ln`, 'token-json', 'the payload is not UTF-8 text'],
    ['a header that is not JSON', `${segment('{alg:RS256}')}.${segment(payload)}.c2ln`, 'token-json', 'the header is not JSON'],
    ['a payload that is not JSON', `${segment(header)}.${segment('sub=jane')}.c2ln`, 'token-json', 'the payload is not JSON'],
    ['a header that is an array', `${segment([header])}.${segment(payload)}.c2ln`, 'token-json', 'the header is not a JSON object'],
    ['a header that is null', `${segment('null')}.${segment(payload)}.c2ln`, 'token-json', 'the header is not a JSON object'],
    ['a payload that is a number', `${segment(header)}.${segment('42')}.c2ln`, 'token-json', 'the payload is not a JSON object'],
    ['a payload that is a string', `${segment(header)}.${segment('"jane"')}.c2ln`, 'token-json', 'the payload is not a JSON object'],
  ];
  for (const [name, input, check, reason] of refusals) {
    test(`refused: ${name}`, () => {
      assert.deepEqual(decodeToken(input), { ok: false, check, reason });
    });
  }
});

describe('verifyRs256', () => {
  const token = signToken({ alg: 'RS256', kid: 'key-1' }, { sub: 'jane' }, key.privateKey);
  const decoded = (decodeToken(token) as { token: DecodedToken }).token;
  const other = rsaKey('other', 1);
  const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
  const importRsa = (jwk: object) => crypto.subtle.importKey('jwk', jwk as JsonWebKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);

  for (const [route, verify] of [
    ['node:crypto', verifyRs256],
    ['WebCrypto', webCryptoSignature.verifyRs256],
  ] as const) {
    test(`${route}: the signature over header.payload verifies with the signer's key only`, async () => {
      const cryptoKey = await importRsa(key.jwk);
      assert.equal(await verify(decoded, cryptoKey), true);
      assert.equal(await verify(decoded, cryptoKey), true, 'and again, with the key converted once');
      assert.equal(await verify(decoded, await importRsa(other.jwk)), false);
      const swapped = { ...decoded, segments: { ...decoded.segments, payload: segment({ sub: 'john' }) } };
      assert.equal(await verify(swapped, cryptoKey), false);
      const truncated = { ...decoded, segments: { ...decoded.segments, signature: decoded.segments.signature.slice(0, -4) } };
      assert.equal(await verify(truncated, cryptoKey), false);
      const empty = { ...decoded, segments: { ...decoded.segments, signature: '' } };
      assert.equal(await verify(empty, cryptoKey), false);
    });

    test(`${route}: a key that cannot verify RS256 gives false, never an exception`, async () => {
      const ecdsa = await crypto.subtle.importKey('jwk', ecKey.export({ format: 'jwk' }) as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, true, [
        'verify',
      ]);
      assert.equal(await verify(decoded, ecdsa), false);
    });
  }
});

describe('claim rules', () => {
  const now = 1000;

  test('exp: required, a number, after now less the skew', () => {
    assert.deepEqual(notExpired(0)({ exp: 1001 }, now), {
      check: 'exp',
      claim: 'exp',
      expected: 'a number > 1000 (now, no skew allowed)',
      actual: 1001,
      ok: true,
    });
    assert.deepEqual(notExpired(0)({ exp: 1000 }, now), {
      check: 'exp',
      claim: 'exp',
      expected: 'a number > 1000 (now, no skew allowed)',
      actual: 1000,
      ok: false,
    });
    assert.deepEqual(notExpired(60)({ exp: 941 }, now), { check: 'exp', claim: 'exp', expected: 'a number > 940 (now − 60 s skew)', actual: 941, ok: true });
    assert.equal(notExpired(60)({ exp: 940 }, now).ok, false);
    assert.deepEqual(notExpired(0)({}, now), { check: 'exp', claim: 'exp', expected: 'a number > 1000 (now, no skew allowed)', actual: null, ok: false });
    assert.deepEqual(notExpired(0)({ exp: '2000' }, now).ok, false);
    assert.deepEqual(notExpired(0)({ exp: null }, now).actual, null);
    assert.deepEqual(notExpired(0)({ exp: 0 }, now).actual, 0);
  });

  test('nbf: optional; when present a number not after now plus the skew', () => {
    assert.deepEqual(notBefore(0)({}, now), {
      check: 'nbf',
      claim: 'nbf',
      expected: 'absent, or a number ≤ 1000 (now, no skew allowed)',
      actual: null,
      ok: true,
    });
    assert.deepEqual(notBefore(0)({ nbf: 1000 }, now), {
      check: 'nbf',
      claim: 'nbf',
      expected: 'absent, or a number ≤ 1000 (now, no skew allowed)',
      actual: 1000,
      ok: true,
    });
    assert.equal(notBefore(0)({ nbf: 1001 }, now).ok, false);
    assert.deepEqual(notBefore(30)({ nbf: 1030 }, now), {
      check: 'nbf',
      claim: 'nbf',
      expected: 'absent, or a number ≤ 1030 (now + 30 s skew)',
      actual: 1030,
      ok: true,
    });
    assert.equal(notBefore(30)({ nbf: 1031 }, now).ok, false);
    assert.equal(notBefore(0)({ nbf: '0' }, now).ok, false);
    assert.equal(notBefore(0)({ nbf: null }, now).ok, false);
  });

  test('iat: required, a number, not after now plus the skew', () => {
    assert.deepEqual(issuedInPast(0)({ iat: 1000 }, now), {
      check: 'iat',
      claim: 'iat',
      expected: 'a number ≤ 1000 (now, no skew allowed)',
      actual: 1000,
      ok: true,
    });
    assert.equal(issuedInPast(0)({ iat: 1001 }, now).ok, false);
    assert.deepEqual(issuedInPast(60)({ iat: 1060 }, now), {
      check: 'iat',
      claim: 'iat',
      expected: 'a number ≤ 1060 (now + 60 s skew)',
      actual: 1060,
      ok: true,
    });
    assert.equal(issuedInPast(60)({ iat: 1061 }, now).ok, false);
    assert.deepEqual(issuedInPast(0)({}, now), { check: 'iat', claim: 'iat', expected: 'a number ≤ 1000 (now, no skew allowed)', actual: null, ok: false });
    assert.equal(issuedInPast(0)({ iat: '1' }, now).ok, false);
  });

  test('token_use: exactly the expected kind', () => {
    assert.deepEqual(tokenUse('id')({ token_use: 'id' }, now), { check: 'token_use', claim: 'token_use', expected: '"id"', actual: 'id', ok: true });
    assert.deepEqual(tokenUse('access')({ token_use: 'id' }, now), { check: 'token_use', claim: 'token_use', expected: '"access"', actual: 'id', ok: false });
    assert.deepEqual(tokenUse('id')({}, now), { check: 'token_use', claim: 'token_use', expected: '"id"', actual: null, ok: false });
    assert.equal(tokenUse('id')({ token_use: 'ID' }, now).ok, false);
  });

  test('the scopes of a token: scope split on spaces, else scp as a list of strings', () => {
    assert.deepEqual(scopesOf({ scope: 'openid  aws.cognito.signin.user.admin ' }), ['openid', 'aws.cognito.signin.user.admin']);
    assert.deepEqual(scopesOf({ scope: '' }), []);
    assert.deepEqual(scopesOf({ scp: ['a', 'b'] }), ['a', 'b']);
    assert.deepEqual(scopesOf({ scope: 'a', scp: ['b'] }), ['a'], 'scope first');
    assert.equal(scopesOf({ scp: ['a', 1] }), null);
    assert.equal(scopesOf({ scope: 7 }), null);
    assert.equal(scopesOf({}), null);
    const list = ['a'];
    const copy = scopesOf({ scp: list })!;
    copy.push('b');
    assert.deepEqual(list, ['a'], 'a copy, not the claim itself');
  });

  test('scope: one of the required scopes, with the claim named as the token has it', () => {
    const rule = anyScope(['write', 'admin']);
    assert.deepEqual(rule({ scope: 'read admin' }, now), {
      check: 'scope',
      claim: 'scope',
      expected: 'one of ["write","admin"]',
      actual: 'read admin',
      ok: true,
    });
    assert.deepEqual(rule({ scope: 'read' }, now), { check: 'scope', claim: 'scope', expected: 'one of ["write","admin"]', actual: 'read', ok: false });
    assert.deepEqual(rule({ scp: ['write'] }, now), { check: 'scope', claim: 'scp', expected: 'one of ["write","admin"]', actual: ['write'], ok: true });
    assert.deepEqual(rule({}, now), { check: 'scope', claim: 'scope', expected: 'one of ["write","admin"]', actual: null, ok: false });
    assert.deepEqual(rule({ scope: 'read', scp: ['admin'] }, now), {
      check: 'scope',
      claim: 'scope',
      expected: 'one of ["write","admin"]',
      actual: 'read',
      ok: false,
    });
    assert.equal(rule({ scope: 'adminx' }, now).ok, false);
    assert.equal(anyScope([])({ scope: 'admin' }, now).ok, false);
  });

  test('HTTP audience: aud when present (a string or a list), else client_id; the client list is read each time', () => {
    const clients = ['app-1'];
    const rule = audienceOrClientId(() => clients);
    assert.deepEqual(rule({ aud: 'app-1', client_id: 'nope' }, now), { check: 'aud', claim: 'aud', expected: 'one of ["app-1"]', actual: 'app-1', ok: true });
    assert.deepEqual(rule({ aud: 'nope', client_id: 'app-1' }, now), { check: 'aud', claim: 'aud', expected: 'one of ["app-1"]', actual: 'nope', ok: false });
    assert.equal(rule({ aud: ['other', 'app-1'] }, now).ok, true);
    assert.equal(rule({ aud: ['other'] }, now).ok, false);
    assert.equal(rule({ aud: null, client_id: 'app-1' }, now).ok, false);
    assert.deepEqual(rule({ client_id: 'app-1' }, now), {
      check: 'aud',
      claim: 'client_id',
      expected: 'one of ["app-1"] (checked because the token has no aud)',
      actual: 'app-1',
      ok: true,
    });
    assert.deepEqual(rule({}, now), {
      check: 'aud',
      claim: 'client_id',
      expected: 'one of ["app-1"] (checked because the token has no aud)',
      actual: null,
      ok: false,
    });
    assert.equal(rule({ client_id: ['app-1'] }, now).ok, false);
    assert.equal(rule({ client_id: 'app-2' }, now).ok, false);
    clients.push('app-2');
    assert.equal(rule({ client_id: 'app-2' }, now).ok, true);
    assert.equal(rule({ aud: 'app-2' }, now).ok, true);
  });

  test('REST identityValidationExpression: the whole aud matches, and aud must be a string', () => {
    const rule = audienceMatches('app-1|app-2');
    assert.deepEqual(rule({ aud: 'app-2' }, now), { check: 'aud', claim: 'aud', expected: 'matches /app-1|app-2/', actual: 'app-2', ok: true });
    assert.equal(rule({ aud: 'app-1' }, now).ok, true);
    assert.equal(rule({ aud: 'app-1x' }, now).ok, false);
    assert.equal(rule({ aud: 'xapp-2' }, now).ok, false);
    assert.equal(rule({ aud: 'app-1app-2' }, now).ok, false);
    assert.equal(rule({ aud: ['app-1'] }, now).ok, false);
    assert.deepEqual(rule({}, now), { check: 'aud', claim: 'aud', expected: 'matches /app-1|app-2/', actual: null, ok: false });
  });
});

describe('REST JWT claim rules', () => {
  const now = 1000;

  test('an additional claim with expected values: present, a string, one of them, exactly', () => {
    const rule = additionalClaim({ claimName: 'tenant', format: 'SINGLE_STRING', expectedValues: ['acme', 'globex'], required: true });
    assert.deepEqual(rule({ tenant: 'globex' }, now), {
      check: 'additional-claim',
      claim: 'tenant',
      expected: 'a string, one of ["acme","globex"]',
      actual: 'globex',
      ok: true,
    });
    assert.deepEqual(rule({}, now), { check: 'additional-claim', claim: 'tenant', expected: 'a string, one of ["acme","globex"]', actual: null, ok: false });
    for (const tenant of ['Acme', 'acme ', '', ['acme'], 1, null, true]) assert.equal(rule({ tenant }, now).ok, false, JSON.stringify(tenant));
    assert.equal(rule.passes({ tenant: 'acme' }, now), true);
    assert.equal(rule.check, 'additional-claim');
  });

  test('an optional claim without expected values: absent, or any string', () => {
    const rule = additionalClaim({ claimName: 'department', format: 'SINGLE_STRING' });
    assert.deepEqual(rule({}, now), { check: 'additional-claim', claim: 'department', expected: 'a string, or absent', actual: null, ok: true });
    assert.equal(rule({ department: '' }, now).ok, true);
    assert.equal(rule({ department: 'sales' }, now).ok, true);
    assert.equal(rule({ department: 42 }, now).ok, false);
    assert.equal(rule({ department: null }, now).ok, false, 'null is present, and not a string');
    const required = additionalClaim({ claimName: 'department', format: 'SINGLE_STRING', required: true });
    assert.deepEqual(required({}, now), { check: 'additional-claim', claim: 'department', expected: 'a string', actual: null, ok: false });
    assert.equal(required({ department: 'x' }, now).ok, true);
  });

  test('a claim the prototype has is not a claim the token has', () => {
    const rule = additionalClaim({ claimName: 'toString', format: 'SINGLE_STRING', required: true });
    assert.equal(rule({}, now).ok, false);
    assert.equal(rule(JSON.parse('{"toString":"x"}'), now).ok, true);
  });

  test('audience without the client_id fallback: only aud counts', () => {
    const rule = audienceOrClientId(() => ['app-1'], { clientIdFallback: false });
    assert.deepEqual(rule({ client_id: 'app-1' }, now), { check: 'aud', claim: 'aud', expected: 'one of ["app-1"]', actual: null, ok: false });
    assert.equal(rule({ aud: 'app-1', client_id: 'x' }, now).ok, true);
  });

  test('audience with the fallback marked inferred: the note appears only where client_id decided', () => {
    const rule = audienceOrClientId(() => ['app-1'], { inferred: 'inferred: why' });
    assert.deepEqual(rule({ client_id: 'app-1' }, now), {
      check: 'aud',
      claim: 'client_id',
      expected: 'one of ["app-1"] (checked because the token has no aud)',
      actual: 'app-1',
      ok: true,
      inferred: 'inferred: why',
    });
    assert.deepEqual(rule({ aud: 'app-1' }, now), { check: 'aud', claim: 'aud', expected: 'one of ["app-1"]', actual: 'app-1', ok: true });
  });

  test("each rule's verdict alone agrees with its described check", () => {
    const rules = [notExpired(0), notBefore(0), issuedInPast(0), tokenUse('id'), anyScope(['a']), audienceOrClientId(() => ['c']), audienceMatches('c')];
    const payloads = [
      {},
      { exp: 1001, nbf: 1000, iat: 999, token_use: 'id', scope: 'a', aud: 'c' },
      { exp: 1000, nbf: 1001, iat: 1001, token_use: 'access', scp: ['b'], client_id: 'c' },
    ];
    for (const rule of rules)
      for (const payload of payloads) assert.equal(rule.passes(payload, now), rule(payload, now).ok, `${rule.check} on ${JSON.stringify(payload)}`);
  });
});

describe('verifyToken: the order of the checks, and the trace', () => {
  const issuerKey = rsaKey('k1');
  const claims = { iss: ISSUER, sub: 'jane', exp: NOW_SECONDS + 60, iat: NOW_SECONDS - 60 };
  const header = { alg: 'RS256', kid: 'k1' };
  const lookups: string[] = [];
  let lookup: (kid: string) => Promise<KeyLookup> = async (kid) => ({
    ok: true,
    key: await crypto.subtle.importKey('jwk', issuerKey.jwk as JsonWebKey, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']),
    detail: { url: 'jwks', cache: 'hit', fetchMs: 0, ageMs: 0, kids: [kid] },
  });
  const source = {
    getKey: (kid: string) => {
      lookups.push(kid);
      return lookup(kid);
    },
  } as unknown as JwksSource;
  const options = (overrides: Partial<VerifierOptions> = {}): VerifierOptions => ({
    issuers: new Map([[ISSUER, source]]),
    claimRules: [notExpired(0), issuedInPast(0)],
    maxTokenBytes: 2048,
    now: () => NOW_SECONDS * 1000,
    ...overrides,
  });
  const verify = async (value: string | null, overrides: Partial<VerifierOptions> = {}) => {
    const trace = recorder();
    const result = await verifyToken({ name: 'Authorization', value }, options(overrides), trace);
    return { result, trace: trace.done() };
  };
  const good = () => signToken(header, claims, issuerKey.privateKey);

  test('a good token, raw or after "Bearer ": every hop in order, all ok', async () => {
    for (const value of [good(), `Bearer ${good()}`]) {
      const token = value.replace('Bearer ', '');
      const { result, trace } = await verify(value);
      assert.deepEqual(result, { ok: true, payload: claims });
      assert.equal(trace.failure, undefined);
      const decoded = (decodeToken(token) as { token: DecodedToken }).token;
      assert.deepEqual(hopsOf(trace), [
        {
          name: 'header',
          ok: true,
          detail: { identitySource: 'Authorization', present: true, scheme: value.startsWith('Bearer ') ? 'Bearer' : 'none', tokenBytes: token.length },
        },
        { name: 'decode', ok: true, detail: { header, payload: claims, segments: decoded.segments } },
        { name: 'jwks', ok: true, detail: { issuer: ISSUER, kid: 'k1', url: 'jwks', cache: 'hit', fetchMs: 0, ageMs: 0, kids: ['k1'] } },
        { name: 'signature', ok: true, detail: { alg: 'RS256', kid: 'k1', valid: true } },
        {
          name: 'claims',
          ok: true,
          detail: {
            checks: [
              { check: 'exp', claim: 'exp', expected: `a number > ${NOW_SECONDS} (now, no skew allowed)`, actual: NOW_SECONDS + 60, ok: true },
              { check: 'iat', claim: 'iat', expected: `a number ≤ ${NOW_SECONDS} (now, no skew allowed)`, actual: NOW_SECONDS - 60, ok: true },
            ],
          },
        },
      ]);
    }
  });

  test('no header, an empty one, or "Bearer " with nothing after it', async () => {
    const missing = await verify(null);
    assert.deepEqual(missing.result, { ok: false, check: 'identity-source', reason: 'the Authorization header is missing', payload: undefined });
    assert.deepEqual(missing.trace.failure, { hop: 'header', check: 'identity-source', reason: 'the Authorization header is missing' });
    assert.deepEqual(hopsOf(missing.trace), [
      { name: 'header', ok: false, detail: { identitySource: 'Authorization', present: false, scheme: 'none', tokenBytes: 0 } },
    ]);
    const empty = await verify('');
    assert.deepEqual(empty.result, { ok: false, check: 'identity-source', reason: 'the Authorization header is empty', payload: undefined });
    const bare = await verify('Bearer ');
    assert.equal(bare.result.ok, false);
    assert.equal((bare.result as { check: string }).check, 'segments');
    assert.deepEqual(hopsOf(bare.trace)[0], {
      name: 'header',
      ok: true,
      detail: { identitySource: 'Authorization', present: true, scheme: 'Bearer', tokenBytes: 0 },
    });
  });

  test('only "Bearer " exactly is a scheme: "bearer x" is read as the token', async () => {
    const { result, trace } = await verify(`bearer ${good()}`);
    assert.deepEqual(result, {
      ok: false,
      check: 'base64url',
      reason: 'the header part contains characters outside the base64url alphabet',
      payload: undefined,
    });
    assert.equal(hopsOf(trace)[0]!.detail.scheme, 'none');
  });

  test('the size cap counts the token without "Bearer ", and a token of exactly the cap passes', async () => {
    const token = good();
    assert.equal((await verify(`Bearer ${token}`, { maxTokenBytes: token.length })).result.ok, true);
    const over = await verify(`Bearer ${token}`, { maxTokenBytes: token.length - 1 });
    assert.deepEqual(over.result, {
      ok: false,
      check: 'token-size',
      reason: `the token has ${token.length} bytes, more than the cap of ${token.length - 1}`,
      payload: undefined,
    });
    assert.deepEqual(over.trace.failure, {
      hop: 'header',
      check: 'token-size',
      reason: `the token has ${token.length} bytes, more than the cap of ${token.length - 1}`,
    });
    assert.deepEqual(hopsOf(over.trace), [
      { name: 'header', ok: false, detail: { identitySource: 'Authorization', present: true, scheme: 'Bearer', tokenBytes: token.length } },
    ]);
  });

  test('a token that does not decode: the decode hop fails and shows the token', async () => {
    const { result, trace } = await verify('a.b');
    assert.deepEqual(result, { ok: false, check: 'segments', reason: 'the token has 2 dot-separated parts, not 3', payload: undefined });
    assert.deepEqual(trace.failure, { hop: 'decode', check: 'segments', reason: 'the token has 2 dot-separated parts, not 3' });
    assert.deepEqual(hopsOf(trace).slice(1), [{ name: 'decode', ok: false, detail: { token: 'a.b' } }]);
  });

  const headerCases: [string, Record<string, unknown>, string, string][] = [
    ['alg none', { alg: 'none', kid: 'k1' }, 'alg', 'the algorithm "none" is not RS256'],
    ['alg rs256', { alg: 'rs256', kid: 'k1' }, 'alg', 'the algorithm "rs256" is not RS256'],
    ['no alg', { kid: 'k1' }, 'alg', 'the algorithm null is not RS256'],
    ['crit, even empty', { alg: 'RS256', kid: 'k1', crit: [] }, 'crit', 'the header marks [] as critical, and the gateway understands no extension'],
    [
      'crit b64',
      { alg: 'RS256', kid: 'k1', crit: ['b64'], b64: false },
      'crit',
      'the header marks ["b64"] as critical, and the gateway understands no extension',
    ],
    ['no kid', { alg: 'RS256' }, 'kid', 'the header has no key id (kid)'],
    ['an empty kid', { alg: 'RS256', kid: '' }, 'kid', 'the header has no key id (kid)'],
    ['a numeric kid', { alg: 'RS256', kid: 1 }, 'kid', 'the header has no key id (kid)'],
  ];
  for (const [name, badHeader, check, reason] of headerCases) {
    test(`the header: ${name}`, async () => {
      lookups.length = 0;
      const token = signToken(badHeader, claims, issuerKey.privateKey);
      const { result, trace } = await verify(token);
      assert.deepEqual(result, { ok: false, check, reason, payload: claims });
      assert.deepEqual(trace.failure, { hop: 'decode', check, reason });
      const decoded = (decodeToken(token) as { token: DecodedToken }).token;
      assert.deepEqual(hopsOf(trace).slice(1), [{ name: 'decode', ok: false, detail: { header: badHeader, payload: claims, segments: decoded.segments } }]);
      assert.deepEqual(lookups, [], 'no key looked up');
    });
  }

  test('an issuer the authorizer does not trust: refused before any key is looked up', async () => {
    for (const [iss, shown] of [
      ['https://evil.test/us-east-1_Unit', '"https://evil.test/us-east-1_Unit"'],
      [undefined, 'null'],
      [[ISSUER], `["${ISSUER}"]`],
    ] as const) {
      lookups.length = 0;
      const payload = { ...claims, iss };
      const { result, trace } = await verify(signToken(header, payload, issuerKey.privateKey));
      const reason = `the issuer ${shown} is not a user pool this authorizer trusts`;
      assert.deepEqual(result, { ok: false, check: 'iss', reason, payload: JSON.parse(JSON.stringify(payload)) });
      assert.deepEqual(trace.failure, { hop: 'jwks', check: 'iss', reason });
      assert.deepEqual(hopsOf(trace).at(-1), { name: 'jwks', ok: false, detail: { issuer: iss === undefined ? null : iss, trusted: [ISSUER] } });
      assert.deepEqual(lookups, []);
    }
  });

  test('the key lookup refuses: its check and reason, its detail in the jwks hop', async () => {
    const saved = lookup;
    lookup = async () => ({
      ok: false,
      check: 'kid',
      reason: 'kid "k1" is not in the JWKS',
      detail: { url: 'jwks', cache: 'miss', fetchMs: 1, ageMs: 0, kids: ['k0'] },
    });
    try {
      const { result, trace } = await verify(good());
      assert.deepEqual(result, { ok: false, check: 'kid', reason: 'kid "k1" is not in the JWKS', payload: claims });
      assert.deepEqual(trace.failure, { hop: 'jwks', check: 'kid', reason: 'kid "k1" is not in the JWKS' });
      assert.deepEqual(hopsOf(trace).at(-1), {
        name: 'jwks',
        ok: false,
        detail: { issuer: ISSUER, kid: 'k1', url: 'jwks', cache: 'miss', fetchMs: 1, ageMs: 0, kids: ['k0'] },
      });
    } finally {
      lookup = saved;
    }
  });

  test('a bad or missing signature: the signature hop fails, and says which', async () => {
    const other = rsaKey('k1', 1);
    const forged = await verify(signToken(header, claims, other.privateKey));
    assert.deepEqual(forged.result, { ok: false, check: 'signature', reason: "the signature does not verify with the pool's key", payload: claims });
    assert.deepEqual(forged.trace.failure, { hop: 'signature', check: 'signature', reason: "the signature does not verify with the pool's key" });
    assert.deepEqual(hopsOf(forged.trace).at(-1), { name: 'signature', ok: false, detail: { alg: 'RS256', kid: 'k1', valid: false } });
    const stripped = good().replace(/[^.]+$/, '');
    assert.deepEqual((await verify(stripped)).result, { ok: false, check: 'signature', reason: 'the signature is missing', payload: claims });
  });

  test('claims: the first failing rule refuses, and the trace shows the checks run so far', async () => {
    const expired = { ...claims, exp: NOW_SECONDS, iat: NOW_SECONDS + 5 };
    const { result, trace } = await verify(signToken(header, expired, issuerKey.privateKey));
    const reason = `exp is ${NOW_SECONDS}, expected a number > ${NOW_SECONDS} (now, no skew allowed)`;
    assert.deepEqual(result, { ok: false, check: 'exp', reason, payload: expired });
    assert.deepEqual(trace.failure, { hop: 'claims', check: 'exp', reason });
    assert.deepEqual(hopsOf(trace).at(-1), {
      name: 'claims',
      ok: false,
      detail: { checks: [{ check: 'exp', claim: 'exp', expected: `a number > ${NOW_SECONDS} (now, no skew allowed)`, actual: NOW_SECONDS, ok: false }] },
    });
    const future = { ...claims, iat: NOW_SECONDS + 1 };
    const second = await verify(signToken(header, future, issuerKey.privateKey));
    assert.equal((second.result as { check: string }).check, 'iat');
    assert.equal((hopsOf(second.trace).at(-1)!.detail.checks as unknown[]).length, 2);
    const missing = { ...claims, exp: undefined };
    assert.equal((await verify(signToken(header, missing, issuerKey.privateKey))).result.ok, false);
    assert.equal(
      ((await verify(signToken(header, missing, issuerKey.privateKey))).result as { reason: string }).reason,
      `exp is missing, expected a number > ${NOW_SECONDS} (now, no skew allowed)`,
    );
  });

  test('the clock is read in whole seconds, rounded down', async () => {
    const token = signToken(header, { ...claims, exp: NOW_SECONDS + 1, iat: NOW_SECONDS }, issuerKey.privateKey);
    assert.equal((await verify(token, { now: () => NOW_SECONDS * 1000 + 999 })).result.ok, true);
    assert.equal((await verify(token, { now: () => (NOW_SECONDS + 1) * 1000 })).result.ok, false);
    const early = signToken(header, { ...claims, iat: NOW_SECONDS + 1 }, issuerKey.privateKey);
    assert.equal((await verify(early, { now: () => NOW_SECONDS * 1000 + 999 })).result.ok, false);
  });
});

describe('the two authorizers', () => {
  const idKey = rsaKey('id-key');
  const accessKey = rsaKey('access-key', 1);
  const CLIENT = 'app-client-1';
  const pool: TrustedUserPool = { userPoolId: 'us-east-1_Unit', issuer: ISSUER, jwksUri: `${ISSUER}/.well-known/jwks.json`, clientIds: [CLIENT] };
  const keys = { keys: [idKey.jwk, accessKey.jwk] };
  const settings = (overrides: Partial<VerificationSettings> = {}): VerificationSettings => ({
    fetch: memoryFetch({
      [pool.jwksUri]: json(keys),
      [`${ISSUER}/.well-known/openid-configuration`]: json({ issuer: ISSUER, jwks_uri: pool.jwksUri }),
    }).fetch,
    now: () => NOW_SECONDS * 1000,
    timers: manualTimers(),
    clockSkewSeconds: 0,
    maxTokenBytes: 8192,
    jwks: { maxAgeMs: 3_600_000, cooldownMs: 10_000, timeoutMs: 1500, maxBytes: 150_000 },
    ...overrides,
  });
  const idToken = (extra: Record<string, unknown> = {}) =>
    signToken(
      { kid: 'id-key', alg: 'RS256' },
      { iss: ISSUER, aud: CLIENT, token_use: 'id', exp: NOW_SECONDS + 3600, iat: NOW_SECONDS, ...extra },
      idKey.privateKey,
    );
  const accessToken = (extra: Record<string, unknown> = {}) =>
    signToken(
      { kid: 'access-key', alg: 'RS256' },
      { iss: ISSUER, client_id: CLIENT, token_use: 'access', scope: 'aws.cognito.signin.user.admin', exp: NOW_SECONDS + 3600, iat: NOW_SECONDS, ...extra },
      accessKey.privateKey,
    );
  const request = (headers: Record<string, string>) => new Request('https://api.test/hello', { headers });

  const rest = (
    scopes: string[],
    definition: { identityValidationExpression?: string; identitySource?: `method.request.header.${string}` } = {},
    overrides: Partial<VerificationSettings> = {},
  ) =>
    cognitoUserPoolsAuthorizer(
      { type: 'COGNITO_USER_POOLS', userPools: ['demo'], identitySource: 'method.request.header.Authorization', resultTtlSeconds: 0, ...definition },
      { demo: pool },
      settings(overrides),
    )(scopes);
  const http = (
    scopes: string[],
    overrides: Partial<VerificationSettings> = {},
    identitySource: `$request.header.${string}` = '$request.header.Authorization',
  ) => jwtAuthorizer({ type: 'JWT', userPool: 'demo', identitySource }, { demo: pool }, settings(overrides))(scopes);

  const decide = async (authorizer: ReturnType<typeof rest>, headers: Record<string, string>) => {
    const trace = recorder();
    const decision = await authorizer(request(headers), trace);
    const done = trace.done();
    return { decision, trace: done, decisionHop: hopsOf(done).find((hop) => hop.name === 'decision') };
  };

  test('REST without scopes: ID tokens only', async () => {
    const authorizer = rest([]);
    const allowed = await decide(authorizer, { authorization: idToken() });
    assert.equal(allowed.decision.allowed, true);
    assert.equal((allowed.decision as { payload: Record<string, unknown> }).payload.token_use, 'id');
    assert.deepEqual(allowed.decisionHop, { name: 'decision', ok: true, detail: { allowed: true, tokenUse: 'id', scopes: [] } });
    const refused = await decide(authorizer, { authorization: accessToken() });
    assert.deepEqual(refused.decision, { allowed: false, refusal: { status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' } });
    assert.deepEqual(refused.decisionHop, {
      name: 'decision',
      ok: false,
      detail: { allowed: false, status: 401, body: '{"message":"Unauthorized"}', check: 'token_use' },
    });
  });

  test('REST with scopes: access tokens carrying one of them', async () => {
    const authorizer = rest(['aws.cognito.signin.user.admin']);
    const allowed = await decide(authorizer, { authorization: accessToken() });
    assert.deepEqual(allowed.decisionHop, {
      name: 'decision',
      ok: true,
      detail: { allowed: true, tokenUse: 'access', scopes: ['aws.cognito.signin.user.admin'] },
    });
    assert.equal((await decide(authorizer, { authorization: idToken() })).trace.failure?.check, 'token_use');
    assert.equal((await decide(authorizer, { authorization: accessToken({ scope: 'openid' }) })).trace.failure?.check, 'scope');
    const untyped = await decide(rest([]), { authorization: idToken({ token_use: undefined }) });
    assert.equal(untyped.trace.failure?.check, 'token_use');
  });

  test('REST: the expired message only for a numeric exp in the past', async () => {
    const authorizer = rest([]);
    const expired = await decide(authorizer, { authorization: idToken({ exp: NOW_SECONDS }) });
    assert.deepEqual(expired.decision, {
      allowed: false,
      refusal: { status: 401, body: '{"message":"The incoming token has expired"}', errorType: 'UnauthorizedException' },
    });
    assert.deepEqual(expired.decisionHop?.detail, { allowed: false, status: 401, body: '{"message":"The incoming token has expired"}', check: 'exp' });
    for (const exp of [undefined, String(NOW_SECONDS + 60)]) {
      const refused = await decide(authorizer, { authorization: idToken({ exp }) });
      assert.equal(refused.trace.failure?.check, 'exp');
      assert.deepEqual(refused.decision, { allowed: false, refusal: { status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' } });
    }
    assert.equal((await decide(authorizer, {})).decisionHop?.detail.check, 'identity-source');
  });

  test('REST: the clock skew of the settings applies to exp, nbf and iat', async () => {
    const lenient = rest([], {}, { clockSkewSeconds: 30 });
    assert.equal(
      (await decide(lenient, { authorization: idToken({ exp: NOW_SECONDS - 29, iat: NOW_SECONDS + 30, nbf: NOW_SECONDS + 30 }) })).decision.allowed,
      true,
    );
    assert.equal((await decide(lenient, { authorization: idToken({ nbf: NOW_SECONDS + 31 }) })).trace.failure?.check, 'nbf');
    assert.equal((await decide(rest([]), { authorization: idToken({ nbf: NOW_SECONDS + 1 }) })).trace.failure?.check, 'nbf');
  });

  test('REST: no audience check unless identityValidationExpression, then the whole aud', async () => {
    assert.equal((await decide(rest([]), { authorization: idToken({ aud: 'any-client' }) })).decision.allowed, true);
    const strict = rest([], { identityValidationExpression: CLIENT });
    assert.equal((await decide(strict, { authorization: idToken() })).decision.allowed, true);
    assert.equal((await decide(strict, { authorization: idToken({ aud: `${CLIENT}2` }) })).trace.failure?.check, 'aud');
  });

  test('the identity source names the header', async () => {
    const custom = rest([], { identitySource: 'method.request.header.X-Token' });
    assert.equal((await decide(custom, { 'x-token': idToken() })).decision.allowed, true);
    assert.equal((await decide(custom, { authorization: idToken() })).trace.failure?.check, 'identity-source');
    const customHttp = http([], {}, '$request.header.X-Token');
    assert.equal((await decide(customHttp, { 'x-token': idToken() })).decision.allowed, true);
    assert.equal((await decide(customHttp, { authorization: idToken() })).trace.failure?.check, 'identity-source');
  });

  test('REST: the size cap of the settings', async () => {
    const token = idToken();
    assert.equal((await decide(rest([], {}, { maxTokenBytes: token.length }), { authorization: token })).decision.allowed, true);
    assert.equal((await decide(rest([], {}, { maxTokenBytes: token.length - 1 }), { authorization: token })).trace.failure?.check, 'token-size');
    assert.equal((await decide(http([], { maxTokenBytes: token.length - 1 }), { authorization: token })).trace.failure?.check, 'token-size');
  });

  test('HTTP: either token of an accepted app client, token_use unchecked', async () => {
    const authorizer = http([]);
    for (const token of [idToken(), accessToken(), idToken({ token_use: 'access' })]) {
      const allowed = await decide(authorizer, { authorization: token });
      assert.equal(allowed.decision.allowed, true);
      assert.deepEqual(allowed.decisionHop, { name: 'decision', ok: true, detail: { allowed: true, scopes: [] } });
    }
    assert.equal((await decide(authorizer, { authorization: idToken({ aud: 'other-client' }) })).trace.failure?.check, 'aud');
    assert.equal((await decide(authorizer, { authorization: accessToken({ client_id: 'other-client' }) })).trace.failure?.check, 'aud');
  });

  test('HTTP: the audience comes first, and the clock skew applies', async () => {
    const refused = await decide(http([]), { authorization: idToken({ aud: 'other-client', exp: NOW_SECONDS }) });
    assert.equal(refused.trace.failure?.check, 'aud');
    const lenient = http([], { clockSkewSeconds: 30 });
    assert.equal((await decide(lenient, { authorization: idToken({ exp: NOW_SECONDS - 29, iat: NOW_SECONDS + 30 }) })).decision.allowed, true);
    assert.equal((await decide(lenient, { authorization: idToken({ nbf: NOW_SECONDS + 31 }) })).trace.failure?.check, 'nbf');
  });

  test('HTTP: a missing scope is a 403, and the route scopes go into www-authenticate', async () => {
    const authorizer = http(['aws.cognito.signin.user.admin', 'openid']);
    const allowed = await decide(authorizer, { authorization: accessToken() });
    assert.deepEqual(allowed.decisionHop?.detail, { allowed: true, scopes: ['aws.cognito.signin.user.admin', 'openid'] });
    const forbidden = await decide(authorizer, { authorization: accessToken({ scope: 'phone' }) });
    assert.deepEqual(forbidden.decision, { allowed: false, refusal: { status: 403, body: '{"message":"Forbidden"}' } });
    assert.deepEqual(forbidden.decisionHop?.detail, { allowed: false, status: 403, body: '{"message":"Forbidden"}', wwwAuthenticate: null, check: 'scope' });
    const expired = await decide(authorizer, { authorization: accessToken({ exp: NOW_SECONDS }) });
    const challenge = 'Bearer scope="aws.cognito.signin.user.admin openid" error="invalid_token" error_description="the token has expired"';
    assert.deepEqual(expired.decision, { allowed: false, refusal: { status: 401, body: '{"message":"Unauthorized"}', wwwAuthenticate: challenge } });
    assert.deepEqual(expired.decisionHop?.detail, {
      allowed: false,
      status: 401,
      body: '{"message":"Unauthorized"}',
      wwwAuthenticate: challenge,
      check: 'exp',
    });
  });

  test('HTTP: no header is a 401 without www-authenticate', async () => {
    const missing = await decide(http([]), {});
    assert.deepEqual(missing.decision, { allowed: false, refusal: { status: 401, body: '{"message":"Unauthorized"}' } });
    assert.deepEqual(missing.decisionHop?.detail, {
      allowed: false,
      status: 401,
      body: '{"message":"Unauthorized"}',
      wwwAuthenticate: null,
      check: 'identity-source',
    });
  });

  test('HTTP: each refusal says why in www-authenticate', async () => {
    const cases: [string, Record<string, string>, string, Partial<VerificationSettings>?][] = [
      ['token-size', { authorization: idToken() }, 'the token is too large', { maxTokenBytes: 10 }],
      ['segments', { authorization: 'a.b' }, 'token contains an invalid number of segments'],
      ['base64url', { authorization: 'a!.b.c' }, 'token is malformed'],
      ['token-json', { authorization: `${segment('x')}.${segment({})}.c2ln` }, 'token is malformed'],
      ['alg', { authorization: signToken({ alg: 'HS256', kid: 'id-key' }, {}, idKey.privateKey) }, 'the token signing algorithm is not supported'],
      [
        'crit',
        { authorization: signToken({ alg: 'RS256', kid: 'id-key', crit: ['exp'] }, {}, idKey.privateKey) },
        'the token has an unsupported critical header',
      ],
      ['kid', { authorization: signToken({ alg: 'RS256' }, {}, idKey.privateKey) }, 'the token does not have a valid key id'],
      ['iss', { authorization: idToken({ iss: 'https://evil.test' }) }, 'the token does not have a valid issuer'],
      ['signature', { authorization: signToken({ alg: 'RS256', kid: 'id-key' }, { iss: ISSUER }, accessKey.privateKey) }, 'the token signature is invalid'],
      ['aud', { authorization: idToken({ aud: 'x' }) }, 'the token does not have a valid audience'],
      ['exp', { authorization: idToken({ exp: NOW_SECONDS }) }, 'the token has expired'],
      ['nbf', { authorization: idToken({ nbf: NOW_SECONDS + 1 }) }, 'the token is not valid yet'],
      ['iat', { authorization: idToken({ iat: NOW_SECONDS + 1 }) }, 'the token was issued in the future'],
    ];
    for (const [check, headers, description, overrides] of cases) {
      const refused = await decide(http([], overrides), headers);
      assert.equal(refused.trace.failure?.check, check);
      assert.deepEqual(refused.decision, {
        allowed: false,
        refusal: {
          status: 401,
          body: '{"message":"Unauthorized"}',
          wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${description}"`,
        },
      });
    }
    const noKeys = http([], { fetch: memoryFetch().fetch });
    const jwks = await decide(noKeys, { authorization: idToken() });
    assert.equal(jwks.trace.failure?.check, 'jwks');
    assert.equal(
      (jwks.decision as { refusal: { wwwAuthenticate: string } }).refusal.wwwAuthenticate,
      `Bearer scope="" error="invalid_token" error_description="the issuer's signing keys could not be retrieved"`,
    );
  });

  test('a REST JWT configuration AWS would refuse is refused at start', () => {
    const jwt = (issuers: Parameters<typeof restJwtAuthorizer>[0]['jwtConfiguration']['issuers']) =>
      restJwtAuthorizer(
        {
          type: 'JWT',
          identitySource: 'method.request.header.Authorization',
          resultTtlSeconds: 0,
          jwtConfiguration: { defaultAlgorithms: ['RS256'], issuers },
        },
        { demo: pool },
        settings(),
      );
    const claim = (claimName: string, expectedValues?: string[]) => ({ claimName, format: 'SINGLE_STRING' as const, expectedValues });
    for (const reserved of ['iss', 'aud', 'exp', 'nbf', 'iat', 'scope', 'scp', '']) {
      assert.throws(() => jwt([{ issuer: ISSUER, audiences: ['a'], additionalClaims: [claim(reserved)] }]), {
        message: `The JWT authorizer's issuer ${ISSUER} may not require the claim ${JSON.stringify(reserved)}`,
      });
    }
    assert.throws(() => jwt([{ issuer: ISSUER, audiences: ['a'], additionalClaims: [claim('tenant'), claim('tenant')] }]), {
      message: `The JWT authorizer's issuer ${ISSUER} names the claim tenant twice`,
    });
    assert.throws(() => jwt([{ issuer: ISSUER, audiences: ['a'], additionalClaims: [claim('tenant', ['a', ''])] }]), {
      message: `The JWT authorizer's issuer ${ISSUER} expects an empty value of tenant`,
    });
    assert.throws(
      () =>
        jwt([
          { issuer: { userPool: 'demo' }, audiences: ['a'] },
          { issuer: ISSUER, audiences: ['b'] },
        ]),
      { message: `The JWT authorizer lists the issuer ${ISSUER} twice` },
    );
    assert.throws(() => jwt([{ issuer: { userPool: 'other' }, audiences: ['a'] }]), {
      message: 'The API definition names user pool "other", but the gateway trusts only: demo',
    });
    assert.throws(() => jwt([{ issuer: ISSUER, audiences: { appClientsOf: 'other' } }]), {
      message: 'The API definition names user pool "other", but the gateway trusts only: demo',
    });
    assert.doesNotThrow(() => jwt([{ issuer: ISSUER, audiences: ['a'], additionalClaims: [claim('token_use', ['access'])] }]));
  });

  test('a definition naming a pool the gateway does not trust is refused at start', () => {
    assert.throws(() => jwtAuthorizer({ type: 'JWT', userPool: 'other', identitySource: '$request.header.Authorization' }, { demo: pool }, settings()), {
      message: 'The API definition names user pool "other", but the gateway trusts only: demo',
    });
    assert.throws(
      () =>
        cognitoUserPoolsAuthorizer(
          { type: 'COGNITO_USER_POOLS', userPools: ['demo', 'x'], identitySource: 'method.request.header.Authorization', resultTtlSeconds: 0 },
          { demo: pool },
          settings(),
        ),
      { message: 'The API definition names user pool "x", but the gateway trusts only: demo' },
    );
    assert.throws(() => jwtAuthorizer({ type: 'JWT', userPool: 'demo', identitySource: '$request.header.Authorization' }, {}, settings()), {
      message: 'The API definition names user pool "demo", but the gateway trusts only: none',
    });
  });
});
