/**
 * Where the authorizer's keys come from, in process and exact: fetchJson's
 * limits and failures, the JWKS cache (maximum age, refetch on an unknown kid,
 * the cooldown, failing closed), OpenID discovery, key selection, and the
 * issuers an authorizer trusts. Fetches are answered from memory, the clock
 * and the timers are moved by hand. Over a socket: discovery.test.ts,
 * rotation.test.ts and faults.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fetchJson } from '../../src/stack/gateway/authorizer/fetch-json.ts';
import { trustedIssuers } from '../../src/stack/gateway/authorizer/issuers.ts';
import { JwksSource, type JwksSourceOptions, type KeyLookup } from '../../src/stack/gateway/authorizer/jwks.ts';
import type { VerificationSettings } from '../../src/stack/gateway/authorizer/types.ts';
import { testClock } from '../helpers/clock.ts';
import { manualTimers } from '../helpers/manual-timers.ts';
import { json, memoryFetch, rsaKey, type Answer, type MemoryFetch } from './fixtures/memory-keys.ts';

const URL_ = 'https://issuer.test/keys.json';
const LIMITS = { timeoutMs: 1500, maxBytes: 1000 };

describe('fetchJson', () => {
  const fetchOnce = async (answer: Answer, limits = LIMITS) => {
    const fetcher = memoryFetch({ [URL_]: answer });
    const timers = manualTimers();
    const result = await fetchJson(fetcher.fetch, URL_, limits, timers);
    assert.deepEqual(timers.pending(), [], 'the time limit is cleared, whatever the outcome');
    return { result, fetcher };
  };

  test('JSON: asked for as JSON or a JWK set, no redirect followed, under a time limit', async () => {
    const timers = manualTimers();
    const fetcher = memoryFetch({
      [URL_]: (init) => {
        assert.deepEqual(timers.durations(), [1500], 'the time limit runs during the fetch');
        assert.equal(init?.signal?.aborted, false);
        return json({ keys: [] });
      },
    });
    assert.deepEqual(await fetchJson(fetcher.fetch, URL_, LIMITS, timers), { ok: true, value: { keys: [] } });
    assert.deepEqual(timers.pending(), []);
    assert.deepEqual(fetcher.urls, [URL_]);
    const init = fetcher.inits[0]!;
    assert.deepEqual(init.headers, { accept: 'application/json, application/jwk-set+json' });
    assert.equal(init.redirect, 'error');
    assert.ok(init.signal instanceof AbortSignal);
  });

  test('any status but 200 is a failure, and the body is not read', async () => {
    let cancelled = 0;
    const body = () =>
      new ReadableStream({
        cancel() {
          cancelled += 1;
        },
      });
    assert.deepEqual((await fetchOnce(() => new Response(body(), { status: 503 }))).result, { ok: false, reason: `${URL_} answered HTTP 503` });
    assert.equal(cancelled, 1);
    assert.deepEqual((await fetchOnce(new Response('{}', { status: 201 }))).result, { ok: false, reason: `${URL_} answered HTTP 201` });
    assert.deepEqual((await fetchOnce(new Response(null, { status: 204 }))).result, { ok: false, reason: `${URL_} answered HTTP 204` });
  });

  test('at most maxBytes', async () => {
    assert.deepEqual((await fetchOnce(new Response('"12345678"'), { timeoutMs: 1500, maxBytes: 10 })).result, { ok: true, value: '12345678' });
    assert.deepEqual((await fetchOnce(new Response('"123456789"'), { timeoutMs: 1500, maxBytes: 10 })).result, {
      ok: false,
      reason: `${URL_} sent more than 10 bytes`,
    });
  });

  test('UTF-8 JSON only', async () => {
    for (const body of [Uint8Array.of(0x22, 0xff, 0x22), new TextEncoder().encode('<html>'), new Uint8Array()]) {
      assert.deepEqual((await fetchOnce(new Response(body))).result, { ok: false, reason: `${URL_} did not send UTF-8 JSON` });
    }
    assert.deepEqual((await fetchOnce(new Response('"é"'))).result, { ok: true, value: 'é' });
  });

  test('a fetch that fails says how', async () => {
    const unreachable = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    assert.deepEqual((await fetchOnce(unreachable)).result, { ok: false, reason: `${URL_} is unreachable (ECONNREFUSED)` });
    const oddCause = new TypeError('fetch failed', { cause: { code: 61 } });
    assert.deepEqual((await fetchOnce(oddCause)).result, { ok: false, reason: `${URL_} could not be fetched (TypeError: fetch failed)` });
    assert.deepEqual((await fetchOnce(new Error('boom'))).result, { ok: false, reason: `${URL_} could not be fetched (Error: boom)` });
    assert.deepEqual((await fetchOnce(new DOMException('refused', 'NetworkError'))).result, {
      ok: false,
      reason: `${URL_} could not be fetched (NetworkError: refused)`,
    });
    const redirect = new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
    assert.deepEqual((await fetchOnce(redirect)).result, { ok: false, reason: `${URL_} could not be fetched (TypeError: fetch failed)` });
  });

  test('past the time limit the fetch is aborted as a timeout', async () => {
    const timers = manualTimers();
    let reason: unknown;
    const fetcher = memoryFetch({
      [URL_]: (init) =>
        new Promise((_, reject) => {
          init!.signal!.addEventListener('abort', () => {
            reason = init!.signal!.reason;
            reject(reason);
          });
        }),
    });
    const result = fetchJson(fetcher.fetch, URL_, { timeoutMs: 1234, maxBytes: 1000 }, timers);
    (await timers.next(1234)).fire();
    assert.deepEqual(await result, { ok: false, reason: `${URL_} did not answer within 1234 ms` });
    assert.ok(reason instanceof DOMException);
    assert.equal(reason.name, 'TimeoutError');
    assert.equal(reason.message, `${URL_} did not answer in time`);
    assert.deepEqual(timers.pending(), []);
  });
});

const ISSUER = 'https://issuer.test/us-east-1_Unit';
const JWKS_URI = `${ISSUER}/.well-known/jwks.json`;
const CONFIG_URI = `${ISSUER}/.well-known/openid-configuration`;
const k1 = rsaKey('k1');
const k2 = rsaKey('k2', 1);

function source(options: Partial<JwksSourceOptions> = {}, answers: Parameters<typeof memoryFetch>[0] = { [JWKS_URI]: json({ keys: [k1.jwk, k2.jwk] }) }) {
  const fetcher = memoryFetch(answers);
  const clock = testClock(1_764_128_400_000);
  const timers = manualTimers();
  const jwks = new JwksSource({
    issuer: ISSUER,
    jwksUri: JWKS_URI,
    discover: false,
    maxAgeMs: 3_600_000,
    cooldownMs: 10_000,
    timeoutMs: 1500,
    maxBytes: 150_000,
    fetch: fetcher.fetch,
    now: clock.now,
    timers,
    ...options,
  });
  /** getKey, with fetchMs checked against the time the call took and then set to 0 (it is measured, not exact). */
  const getKey = async (kid: string): Promise<KeyLookup> => {
    const started = performance.now();
    const lookup = await jwks.getKey(kid);
    const elapsed = performance.now() - started;
    assert.ok(lookup.detail.fetchMs >= 0 && lookup.detail.fetchMs <= elapsed, `fetchMs ${lookup.detail.fetchMs} within the ${elapsed} ms the call took`);
    if (lookup.detail.cache === 'hit') assert.equal(lookup.detail.fetchMs, 0);
    return { ...lookup, detail: { ...lookup.detail, fetchMs: 0 } };
  };
  return { jwks, getKey, fetcher, clock, timers };
}

async function modulusOf(lookup: KeyLookup): Promise<string> {
  assert.equal(lookup.ok, true, JSON.stringify(lookup));
  return ((await crypto.subtle.exportKey('jwk', (lookup as { key: CryptoKey }).key)) as JsonWebKey).n!;
}

const refused = (check: 'jwks' | 'kid', reason: string, detail: Partial<KeyLookup['detail']>): Partial<KeyLookup> => ({
  ok: false,
  check,
  reason,
  detail: { url: JWKS_URI, discovery: undefined, cache: 'miss', fetchMs: 0, ageMs: null, kids: [], ...detail },
});

describe('JwksSource', () => {
  test('the first lookup fetches, the next ones use the cache; each kid gets its own key', async () => {
    const { getKey, fetcher, clock } = source();
    const first = await getKey('k1');
    assert.deepEqual(first.detail, { url: JWKS_URI, discovery: undefined, cache: 'miss', fetchMs: 0, ageMs: 0, kids: ['k1', 'k2'] });
    assert.equal(await modulusOf(first), k1.jwk.n);
    assert.equal(((first as { key: CryptoKey }).key.algorithm as RsaHashedKeyAlgorithm).modulusLength, 2048);
    clock.advance(5000);
    const again = await getKey('k1');
    assert.deepEqual(again.detail, { url: JWKS_URI, discovery: undefined, cache: 'hit', fetchMs: 0, ageMs: 5000, kids: ['k1', 'k2'] });
    assert.equal((again as { key: CryptoKey }).key, (first as { key: CryptoKey }).key, 'the imported key is kept');
    assert.equal(await modulusOf(await getKey('k2')), k2.jwk.n);
    assert.deepEqual(fetcher.urls, [JWKS_URI]);
  });

  test('keys are used until their maximum age, then fetched again', async () => {
    const { getKey, fetcher, clock } = source({ maxAgeMs: 60_000 });
    await getKey('k1');
    clock.advance(59_999);
    assert.equal((await getKey('k1')).detail.cache, 'hit');
    clock.advance(1);
    const refreshed = await getKey('k1');
    assert.deepEqual(refreshed.detail, { url: JWKS_URI, discovery: undefined, cache: 'miss', fetchMs: 0, ageMs: 0, kids: ['k1', 'k2'] });
    assert.deepEqual(fetcher.urls, [JWKS_URI, JWKS_URI]);
  });

  test('an unknown kid: refused while the last fetch cools down, then one refetch', async () => {
    const { getKey, fetcher, clock } = source();
    await getKey('k1');
    const cooling = (seconds: number, ageMs: number) =>
      refused('kid', `kid "k3" is not in the JWKS, and a refetch is cooling down for ${seconds} s`, { cache: 'hit', ageMs, kids: ['k1', 'k2'] });
    assert.deepEqual(await getKey('k3'), cooling(10, 0));
    clock.advance(1);
    assert.deepEqual(await getKey('k3'), cooling(10, 1));
    clock.advance(999);
    assert.deepEqual(await getKey('k3'), cooling(9, 1000));
    clock.advance(8999);
    assert.deepEqual(await getKey('k3'), cooling(1, 9999));
    assert.deepEqual(fetcher.urls, [JWKS_URI], 'nothing fetched while cooling down');

    clock.advance(1);
    assert.deepEqual(
      await getKey('k3'),
      refused('kid', 'kid "k3" is not in the JWKS, even after a refetch', { cache: 'refetch', ageMs: 0, kids: ['k1', 'k2'] }),
    );
    assert.deepEqual(fetcher.urls, [JWKS_URI, JWKS_URI]);

    const k3 = rsaKey('k3', 2);
    fetcher.answers.set(JWKS_URI, json({ keys: [k1.jwk, k2.jwk, k3.jwk] }));
    clock.advance(10_000);
    const found = await getKey('k3');
    assert.deepEqual(found.detail, { url: JWKS_URI, discovery: undefined, cache: 'refetch', fetchMs: 0, ageMs: 0, kids: ['k1', 'k2', 'k3'] });
    assert.equal(await modulusOf(found), k3.jwk.n);
    assert.equal((await getKey('k3')).detail.cache, 'hit');
  });

  test('a failed refetch for an unknown kid refuses it, and the cached keys still serve', async () => {
    const { getKey, fetcher, clock } = source();
    await getKey('k1');
    fetcher.answers.set(JWKS_URI, new Response('down', { status: 503 }));
    clock.advance(10_000);
    assert.deepEqual(
      await getKey('k3'),
      refused('jwks', `refetch for an unknown kid failed: ${JWKS_URI} answered HTTP 503`, { cache: 'refetch', ageMs: 10_000, kids: ['k1', 'k2'] }),
    );
    assert.equal(await modulusOf(await getKey('k1')), k1.jwk.n);
    assert.deepEqual(
      await getKey('k3'),
      refused('kid', 'kid "k3" is not in the JWKS, and a refetch is cooling down for 10 s', { cache: 'hit', ageMs: 10_000, kids: ['k1', 'k2'] }),
    );
  });

  test('no keys at all: refused, and the next fetch waits for the cooldown', async () => {
    const { getKey, fetcher, clock } = source({}, { [JWKS_URI]: new Response('down', { status: 503 }) });
    const reason = `${JWKS_URI} answered HTTP 503`;
    assert.deepEqual(await getKey('k1'), refused('jwks', `no keys: ${reason}`, {}));
    clock.advance(2500);
    assert.deepEqual(await getKey('k1'), refused('jwks', `no keys: ${reason}; next try in 8 s`, {}));
    clock.advance(7499);
    assert.deepEqual(await getKey('k1'), refused('jwks', `no keys: ${reason}; next try in 1 s`, {}));
    assert.deepEqual(fetcher.urls, [JWKS_URI]);
    fetcher.answers.set(JWKS_URI, json({ keys: [k1.jwk] }));
    clock.advance(1);
    const recovered = await getKey('k1');
    assert.deepEqual(recovered.detail, { url: JWKS_URI, discovery: undefined, cache: 'miss', fetchMs: 0, ageMs: 0, kids: ['k1'] });
    assert.deepEqual(fetcher.urls, [JWKS_URI, JWKS_URI]);
  });

  test('keys past their maximum age are never used: when the fetch fails, every token is refused', async () => {
    const { getKey, fetcher, clock } = source({ maxAgeMs: 60_000 });
    await getKey('k1');
    fetcher.answers.set(JWKS_URI, new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }));
    clock.advance(60_000);
    assert.deepEqual(await getKey('k1'), refused('jwks', `no keys: ${JWKS_URI} is unreachable (ECONNRESET)`, {}));
    clock.advance(1000);
    assert.deepEqual(await getKey('k1'), refused('jwks', `no keys: ${JWKS_URI} is unreachable (ECONNRESET); next try in 9 s`, {}));
  });

  test('what is not a JSON Web Key Set, or a key that cannot be used', async () => {
    for (const body of [{}, { keys: 'k1' }, null, [k1.jwk]]) {
      const { getKey } = source({}, { [JWKS_URI]: json(body) });
      assert.deepEqual(await getKey('k1'), refused('jwks', `no keys: ${JWKS_URI} did not send a JSON Web Key Set`, {}));
    }
    const { kid: _, ...withoutKid } = k2.jwk;
    const small = rsaKey('small', 0, 1024);
    const { getKey } = source({}, { [JWKS_URI]: json({ keys: [k1.jwk, k1.jwk, withoutKid, small.jwk, { ...k2.jwk, kid: 'private', d: 'AQAB' }] }) });
    const kids = ['k1', 'k1', '(none)', 'small', 'private'];
    assert.deepEqual(await getKey('k1'), refused('jwks', 'the JWKS has several keys with kid "k1"', { ageMs: 0, kids }));
    assert.deepEqual(await getKey('small'), refused('jwks', 'key "small" has 1024 bits, fewer than 2048', { cache: 'hit', ageMs: 0, kids }));
    const unusable = await getKey('private');
    assert.equal(unusable.ok, false);
    assert.match((unusable as { reason: string }).reason, /^key "private" cannot be used: \S/);
    assert.equal((unusable as { check: string }).check, 'jwks');
  });

  test('a key is selected for RS256: a kid with only a key for another use is unknown', async () => {
    const { getKey } = source(
      {},
      {
        [JWKS_URI]: json({
          keys: [
            { ...k1.jwk, use: 'enc' },
            { ...k2.jwk, alg: 'PS256' },
          ],
        }),
      },
    );
    assert.equal(((await getKey('k1')) as { check: string }).check, 'kid');
    assert.equal(((await getKey('k2')) as { check: string }).check, 'kid');
  });

  test('lookups at the same moment share one fetch', async () => {
    const { jwks, fetcher, clock } = source();
    const [a, b, c] = await Promise.all([jwks.getKey('k1'), jwks.getKey('k2'), jwks.getKey('k1')]);
    assert.equal(await modulusOf(a), k1.jwk.n);
    assert.equal(await modulusOf(b), k2.jwk.n);
    assert.equal(await modulusOf(c), k1.jwk.n);
    assert.deepEqual(fetcher.urls, [JWKS_URI]);
    clock.advance(3_600_000);
    await Promise.all([jwks.getKey('k1'), jwks.getKey('k2')]);
    assert.deepEqual(fetcher.urls, [JWKS_URI, JWKS_URI], 'and a later fetch happens again');
  });

  test('the fetch limits are the source’s', async () => {
    const timers = manualTimers();
    const { getKey } = source(
      { timeoutMs: 777, maxBytes: 100, timers },
      {
        [JWKS_URI]: () => {
          assert.deepEqual(timers.durations(), [777]);
          return json({ keys: [k1.jwk] });
        },
      },
    );
    assert.deepEqual(await getKey('k1'), refused('jwks', `no keys: ${JWKS_URI} sent more than 100 bytes`, {}));
  });
});

describe('JwksSource with discovery', () => {
  const keysAt = (uri: string) => ({ [uri]: json({ keys: [k1.jwk] }) });

  test('jwks_uri from the issuer’s OpenID configuration', async () => {
    const other = 'https://keys.test/pool/jwks';
    const { getKey, fetcher } = source({ discover: true }, { [CONFIG_URI]: json({ issuer: ISSUER, jwks_uri: other }), ...keysAt(other) });
    const found = await getKey('k1');
    assert.deepEqual(found.detail, { url: other, discovery: `jwks_uri found in ${CONFIG_URI}`, cache: 'miss', fetchMs: 0, ageMs: 0, kids: ['k1'] });
    assert.deepEqual(fetcher.urls, [CONFIG_URI, other]);
    assert.equal((await getKey('k1')).detail.discovery, `jwks_uri found in ${CONFIG_URI}`);
  });

  test('an http: jwks_uri is taken too', async () => {
    const plain = 'http://127.0.0.1:9400/jwks';
    const { getKey } = source({ discover: true }, { [CONFIG_URI]: json({ issuer: ISSUER, jwks_uri: plain }), ...keysAt(plain) });
    assert.equal((await getKey('k1')).detail.url, plain);
  });

  test('a configuration that cannot be had or does not describe the issuer: the configured JWKS URL', async () => {
    const cases: [Answer, string][] = [
      [new Response('', { status: 404 }), `discovery failed (${CONFIG_URI} answered HTTP 404); using the configured JWKS URL`],
      [json({ issuer: `${ISSUER}/`, jwks_uri: 'https://keys.test/jwks' }), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
      [json({ jwks_uri: 'https://keys.test/jwks' }), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
      [json({ issuer: ISSUER, jwks_uri: 7 }), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
      [json({ issuer: ISSUER }), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
      [json({ issuer: ISSUER, jwks_uri: 'file:///etc/jwks.json' }), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
      [json({ issuer: ISSUER, jwks_uri: 'ftp://keys.test/jwks' }), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
      [json({ issuer: ISSUER, jwks_uri: 'x-https://keys.test/jwks' }), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
      [json({ issuer: ISSUER, jwks_uri: 'https:/keys.test/jwks' }), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
      [json(null), `${CONFIG_URI} does not describe this issuer; using the configured JWKS URL`],
    ];
    for (const [answer, note] of cases) {
      const { getKey, fetcher } = source({ discover: true }, { [CONFIG_URI]: answer, ...keysAt(JWKS_URI) });
      const found = await getKey('k1');
      assert.deepEqual(found.detail, { url: JWKS_URI, discovery: note, cache: 'miss', fetchMs: 0, ageMs: 0, kids: ['k1'] });
      assert.deepEqual(fetcher.urls, [CONFIG_URI, JWKS_URI]);
    }
  });
});

describe('trustedIssuers', () => {
  const pools = {
    a: { userPoolId: 'us-east-1_A', issuer: 'https://a.test/us-east-1_A', jwksUri: 'https://a.test/us-east-1_A/jwks', clientIds: [] },
    b: { userPoolId: 'us-east-1_B', issuer: 'https://b.test/us-east-1_B', jwksUri: 'https://b.test/us-east-1_B/jwks', clientIds: [] },
  };
  const settings = (fetcher: MemoryFetch, overrides: Partial<VerificationSettings> = {}): VerificationSettings => ({
    fetch: fetcher.fetch,
    now: () => 1_764_128_400_000,
    timers: manualTimers(),
    clockSkewSeconds: 0,
    maxTokenBytes: 8192,
    jwks: { maxAgeMs: 3_600_000, cooldownMs: 30_000, timeoutMs: 900, maxBytes: 150_000 },
    ...overrides,
  });

  test('one key source per named pool, keyed by its issuer, each fetching its own JWKS', async () => {
    const fetcher = memoryFetch({ [pools.a.jwksUri]: json({ keys: [k1.jwk] }), [pools.b.jwksUri]: json({ keys: [k2.jwk] }) });
    const issuers = trustedIssuers(['b', 'a'], pools, false, settings(fetcher));
    assert.deepEqual([...issuers.keys()], [pools.b.issuer, pools.a.issuer]);
    assert.equal(await modulusOf(await issuers.get(pools.a.issuer)!.getKey('k1')), k1.jwk.n);
    assert.equal(await modulusOf(await issuers.get(pools.b.issuer)!.getKey('k2')), k2.jwk.n);
    assert.deepEqual(fetcher.urls, [pools.a.jwksUri, pools.b.jwksUri]);
    assert.equal(
      ((await issuers.get(pools.a.issuer)!.getKey('k2')) as { reason: string }).reason,
      'kid "k2" is not in the JWKS, and a refetch is cooling down for 30 s',
    );
  });

  test('discovery when asked for, and the settings’ timers and limits', async () => {
    const timers = manualTimers();
    const fetcher = memoryFetch({
      [`${pools.a.issuer}/.well-known/openid-configuration`]: () => {
        assert.deepEqual(timers.durations(), [900]);
        return json({ issuer: pools.a.issuer, jwks_uri: pools.a.jwksUri });
      },
      [pools.a.jwksUri]: json({ keys: [k1.jwk] }),
    });
    const issuers = trustedIssuers(['a'], pools, true, settings(fetcher, { timers }));
    const found = await issuers.get(pools.a.issuer)!.getKey('k1');
    assert.equal(found.detail.discovery, `jwks_uri found in ${pools.a.issuer}/.well-known/openid-configuration`);
    assert.deepEqual(timers.pending(), []);
  });

  test('without timers in the settings, the global ones', async () => {
    const fetcher = memoryFetch({ [pools.a.jwksUri]: json({ keys: [k1.jwk] }) });
    const { timers: _, ...rest } = settings(fetcher);
    const issuers = trustedIssuers(['a'], pools, false, rest);
    assert.equal(await modulusOf(await issuers.get(pools.a.issuer)!.getKey('k1')), k1.jwk.n);
  });
});
