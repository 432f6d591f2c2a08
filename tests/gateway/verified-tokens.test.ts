/**
 * The authorizers' cache of verified tokens
 * (src/stack/gateway/authorizer/verified-tokens.ts): it spares a token sent
 * again its decoding and its signature check, and nothing else. Its bounds
 * in process; then, over a socket, two gateways side by side on one issuer
 * and one clock, one keeping verified tokens and one verifying every token
 * afresh, sent the same requests: they must answer alike and trace alike
 * while a cached token expires, while its key is retired or replaced under
 * the same kid, and for every tampering of a cached token. The count of
 * node:crypto verifications shows that the cache was used where it could be.
 */
import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import type { Trace } from '../../src/lib/trace/types.ts';
import { decodeToken, type DecodedToken } from '../../src/stack/gateway/authorizer/token.ts';
import { DEFAULT_VERIFIED_TOKENS, VerifiedTokens, verifiedTokens } from '../../src/stack/gateway/authorizer/verified-tokens.ts';
import { requestIdOf, startGateway, type TestGateway } from './fixtures/gateway.ts';
import { newAlgorithmKey, startIssuer, type TestIssuer } from './fixtures/issuer.ts';
import { segment } from './fixtures/memory-keys.ts';

const NOW = 1_764_128_400;

function decoded(payload: Record<string, unknown>): DecodedToken {
  const token = `${segment({ alg: 'RS256', kid: 'k' })}.${segment(payload)}.c2ln`;
  return (decodeToken(token) as { token: DecodedToken }).token;
}

describe('VerifiedTokens', () => {
  const key = {} as CryptoKey;

  test('a token is found by its exact string, and by nothing else', () => {
    const cache = new VerifiedTokens(10);
    const token = decoded({ exp: NOW + 60 });
    cache.remember('a.b.c', token, key, NOW);
    assert.deepEqual(cache.get('a.b.c', NOW), { token, key, exp: NOW + 60 });
    for (const other of ['a.b.d', 'a.b.c ', ' a.b.c', 'A.b.c', 'a.b']) assert.equal(cache.get(other, NOW), undefined, other);
  });

  test('an entry lives until its exp, not a second longer, and is then gone', () => {
    const cache = new VerifiedTokens(10);
    cache.remember('t', decoded({ exp: NOW + 60 }), key, NOW);
    assert.ok(cache.get('t', NOW + 59));
    assert.equal(cache.get('t', NOW + 60), undefined);
    assert.equal(cache.size, 0);
    assert.equal(cache.get('t', NOW), undefined, 'not back once the clock reads earlier');
  });

  test('a token already expired, or without a numeric exp, is not kept', () => {
    const cache = new VerifiedTokens(10);
    for (const [raw, payload] of [
      ['expired', { exp: NOW }],
      ['no exp', {}],
      ['string exp', { exp: String(NOW + 60) }],
      ['null exp', { exp: null }],
    ] as const) {
      cache.remember(raw, decoded(payload), key, NOW);
      assert.equal(cache.get(raw, NOW - 10), undefined, raw);
    }
    assert.equal(cache.size, 0);
  });

  test('bounded: past the limit the least recently used goes', () => {
    const cache = new VerifiedTokens(2);
    cache.remember('a', decoded({ exp: NOW + 60 }), key, NOW);
    cache.remember('b', decoded({ exp: NOW + 60 }), key, NOW);
    assert.ok(cache.get('a', NOW));
    cache.remember('c', decoded({ exp: NOW + 60 }), key, NOW);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('b', NOW), undefined);
    assert.ok(cache.get('a', NOW));
    assert.ok(cache.get('c', NOW));
  });

  test('delete forgets a token', () => {
    const cache = new VerifiedTokens(2);
    cache.remember('a', decoded({ exp: NOW + 60 }), key, NOW);
    cache.delete('a');
    assert.equal(cache.get('a', NOW), undefined);
  });

  test('what it keeps cannot be changed by the requests that share it', () => {
    const cache = new VerifiedTokens(2);
    const token = decoded({ exp: NOW + 60, groups: ['a'], nested: { x: 1 } });
    cache.remember('a', token, key, NOW);
    assert.throws(() => {
      (token.payload.groups as string[]).push('admin');
    }, TypeError);
    assert.throws(() => {
      (token.payload as Record<string, unknown>).exp = NOW + 86_400;
    }, TypeError);
    assert.ok(Object.isFrozen(token.payload.nested) && Object.isFrozen(token.header) && Object.isFrozen(token.segments));
  });

  test('0 entries keeps no cache; the default is bounded', () => {
    assert.equal(verifiedTokens(0), undefined);
    assert.ok(verifiedTokens() instanceof VerifiedTokens);
    assert.equal(DEFAULT_VERIFIED_TOKENS, 1000);
  });
});

describe('a gateway keeping verified tokens answers as one verifying every token', () => {
  let issuer: TestIssuer;
  let cached: TestGateway;
  let fresh: TestGateway;
  // node:crypto as signature.ts reaches it; every verification it makes is counted.
  const nodeCrypto = process.getBuiltinModule('node:crypto');
  const verify = mock.method(nodeCrypto, 'verify');
  const verifications = () => verify.mock.callCount();

  before(async () => {
    issuer = await startIssuer();
    // The same clock for the issuer and both gateways, and keys refetched for an unknown kid without a cooldown.
    const jwks = { cooldownMs: 0 };
    cached = await startGateway(issuer, { jwks });
    fresh = await startGateway(issuer, { jwks, verifiedTokens: 0 });
  });
  after(async () => {
    verify.mock.restore();
    await cached.close();
    await fresh.close();
    await issuer.close();
  });

  const APIS = { rest: '/rest/prod/hello', http: '/http/hello', restJwt: '/rest-jwt/prod/hello' } as const;

  /** What a client and a trace reader see of one answer, without what differs on every request (ids, timings). */
  async function seen(gateway: TestGateway, path: string, token: string) {
    const response = await gateway.call(path, { headers: { authorization: token } });
    const trace: Trace = await gateway.trace(requestIdOf(response));
    const body = await response.text();
    return {
      status: response.status,
      body: response.status === 200 ? undefined : body,
      errorType: response.headers.get('x-amzn-errortype'),
      wwwAuthenticate: response.headers.get('www-authenticate'),
      failure: trace.failure,
      hops: trace.hops.map(({ name, ok, detail }) => {
        if (name === 'jwks' && 'fetchMs' in detail) return { name, ok, detail: { ...detail, fetchMs: 0 } };
        if (name === 'lambda-event') return { name, ok, claims: (detail.event as { requestContext: { authorizer?: unknown } }).requestContext.authorizer };
        if (name === 'lambda-result' || name === 'response' || name === 'received') return { name, ok };
        return { name, ok, detail };
      }),
    };
  }

  /** Sends the token to both gateways on every API; returns the answers of the caching one. */
  async function alike(token: string, what: string) {
    const answers = [];
    for (const [api, path] of Object.entries(APIS)) {
      const mine = await seen(cached, path, token);
      assert.deepEqual(mine, await seen(fresh, path, token), `${what}, ${api}`);
      answers.push(mine);
    }
    return answers;
  }

  test('a token sent again: the same answers and traces, and no second verification', async () => {
    const token = await issuer.idToken({ groups: ['admin'] });
    const first = await alike(token, 'first');
    assert.deepEqual(
      first.map((answer) => answer.status),
      [200, 200, 200],
    );
    const before = verifications();
    const onCachedOnly = async () => {
      for (const path of Object.values(APIS)) assert.equal((await cached.call(path, { headers: { authorization: token } })).status, 200);
    };
    await onCachedOnly();
    assert.equal(verifications(), before, 'each authorizer verified the token once, at its first request');
    assert.deepEqual(
      (await alike(token, 'again')).map((answer) => answer.status),
      [200, 200, 200],
    );
    assert.equal(verifications(), before + 3, 'only the gateway without the cache verified it again');
  });

  test('a cached token that expires is refused at its exp, as a fresh one is', async () => {
    const token = await issuer.idToken({ lifetime: 30 });
    const exp = issuer.clock.seconds() + 30;
    assert.deepEqual(
      (await alike(token, 'valid')).map((answer) => answer.status),
      [200, 200, 200],
    );
    issuer.clock.advance(exp * 1000 - issuer.clock.now() - 1);
    assert.deepEqual(
      (await alike(token, 'a millisecond before exp')).map((answer) => answer.status),
      [200, 200, 200],
    );
    issuer.clock.advance(1);
    const expired = await alike(token, 'at exp');
    assert.deepEqual(
      expired.map((answer) => [answer.status, answer.failure?.check]),
      [
        [401, 'exp'],
        [401, 'exp'],
        [401, 'exp'],
      ],
    );
    assert.equal(expired[0]!.body, '{"message":"The incoming token has expired"}');
  });

  test('a cached token whose key leaves the JWKS is refused, as a fresh one is', async () => {
    const old = await issuer.idToken({ lifetime: 86_400 });
    assert.deepEqual(
      (await alike(old, 'before rotation')).map((answer) => answer.status),
      [200, 200, 200],
    );
    await issuer.rotate();
    issuer.retireOldKeys();
    // A token signed with the new key makes every authorizer refetch the keys, which no longer hold the old kid.
    const current = await issuer.idToken({ lifetime: 86_400 });
    assert.deepEqual(
      (await alike(current, 'new key')).map((answer) => answer.status),
      [200, 200, 200],
    );
    const retired = await alike(old, 'old key retired');
    assert.deepEqual(
      retired.map((answer) => [answer.status, answer.failure?.check]),
      [
        [401, 'kid'],
        [401, 'kid'],
        [401, 'kid'],
      ],
    );
  });

  test('a cached token whose kid now names another key is verified again, and refused', async () => {
    const token = await issuer.idToken({ lifetime: 86_400 });
    assert.deepEqual(
      (await alike(token, 'before')).map((answer) => answer.status),
      [200, 200, 200],
    );
    const kid = issuer.keys.id.kid;
    const other = await newAlgorithmKey('RS256', kid);
    await issuer.rotate();
    issuer.retireOldKeys();
    // The pool publishes another key under the token's kid: the kid is still there, its key is not.
    issuer.publish(other);
    assert.deepEqual(
      (await alike(await issuer.idToken({ lifetime: 86_400 }), 'new key')).map((answer) => answer.status),
      [200, 200, 200],
    );
    const before = verifications();
    const replaced = await alike(token, 'kid replaced');
    assert.deepEqual(
      replaced.map((answer) => [answer.status, answer.failure?.check]),
      [
        [401, 'signature'],
        [401, 'signature'],
        [401, 'signature'],
      ],
    );
    assert.equal(verifications(), before + 6, 'both gateways verified the token with the new key');
  });

  test('every tampering of a cached token is refused, as a fresh one is', async () => {
    const token = await issuer.idToken({ groups: ['admin'] });
    await alike(token, 'cached');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered: Array<[string, string]> = [
      ['a character of the signature', `${header}.${payload}.${flip(signature, 10)}`],
      ['a character of the payload', `${header}.${flip(payload, 20)}.${signature}`],
      ['a character of the header', `${flip(header, 5)}.${payload}.${signature}`],
      ['no signature', `${header}.${payload}.`],
      ['another group', `${header}.${segment({ ...claims, 'cognito:groups': ['root'] })}.${signature}`],
      ['a later exp', `${header}.${segment({ ...claims, exp: (claims.exp as number) + 86_400 })}.${signature}`],
      ['alg none', `${segment({ alg: 'none', kid: issuer.keys.id.kid })}.${payload}.`],
      ['a trailing dot', `${token}.`],
    ];
    for (const [what, variant] of tampered) {
      for (const answer of await alike(variant, what)) assert.notEqual(answer.status, 200, what);
    }
    assert.deepEqual(
      (await alike(token, 'the original, still')).map((answer) => answer.status),
      [200, 200, 200],
    );
  });
});
