/**
 * Key rotation in the pool works without restarting the
 * gateway. New tokens pass once the gateway refetches on their unknown kid
 * (no more often than the cooldown allows), old tokens pass while their key
 * is still in the JWKS, and a token whose key has left the JWKS is refused
 * once the cached keys reach their maximum age.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertHttpError, assertRefusedBy, assertRestError, httpInvalidToken, REST_UNAUTHORIZED } from './fixtures/expect.ts';
import { requestIdOf, startGateway } from './fixtures/gateway.ts';
import { startIssuer } from './fixtures/issuer.ts';

test('rotation: new kid after the cooldown, old kid during the grace period, retired kid refused', async () => {
  const issuer = await startIssuer();
  const gateway = await startGateway(issuer, { jwks: { cooldownMs: 10_000, maxAgeMs: 3_600_000 } });
  const clock = gateway.clock;
  const jwksHop = async (response: Response) => (await gateway.trace(requestIdOf(response))).hops.find((hop) => hop.name === 'jwks')!.detail;
  const hello = (token: string) => gateway.call('/rest/prod/hello', { headers: { authorization: token } });
  const helloHttp = (token: string) => gateway.call('/http/hello', { headers: { authorization: token } });
  try {
    // Tokens live a day here, so that moving the clock past the cache's max age leaves them unexpired.
    const before = await issuer.idToken({ lifetime: 86_400 });
    const first = await hello(before);
    assert.equal(first.status, 200);
    assert.equal((await jwksHop(first)).cache, 'miss');
    assert.equal((await helloHttp(before)).status, 200);
    const fetchesBeforeRotation = issuer.jwksRequests;

    await issuer.rotate();
    const after = await issuer.idToken({ lifetime: 86_400 });
    assert.notEqual(
      JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid,
      JSON.parse(Buffer.from(before.split('.')[0]!, 'base64url').toString()).kid,
    );

    // Within the cooldown of the last fetch the new kid is refused, and nothing is fetched.
    clock.advance(2_000);
    const cooling = await hello(after);
    await assertRestError(cooling, REST_UNAUTHORIZED);
    const coolingTrace = await gateway.trace(requestIdOf(cooling));
    assertRefusedBy(coolingTrace, 'kid');
    const newKid = JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid as string;
    assert.equal(coolingTrace.failure!.reason, `kid ${JSON.stringify(newKid)} is not in the JWKS, and a refetch is cooling down for 8 s`);
    assert.equal(issuer.jwksRequests, fetchesBeforeRotation);

    // After it, the unknown kid triggers one refetch and passes: no restart.
    clock.advance(9_000);
    const refetched = await hello(after);
    assert.equal(refetched.status, 200);
    assert.equal((await jwksHop(refetched)).cache, 'refetch');
    assert.equal((await helloHttp(after)).status, 200);

    // The old key is still published: old tokens pass, from the cache.
    const old = await hello(before);
    assert.equal(old.status, 200);
    assert.equal((await jwksHop(old)).cache, 'hit');

    // The pool retires the old key. Cached keys serve until their max age, as API Gateway's do...
    issuer.retireOldKeys();
    clock.advance(60_000);
    const stillCached = await hello(before);
    assert.equal(stillCached.status, 200);
    assert.equal((await jwksHop(stillCached)).cache, 'hit');

    // ...then the keys are fetched again, and the retired kid is refused.
    clock.advance(3_600_000);
    const retired = await hello(before);
    await assertRestError(retired, REST_UNAUTHORIZED);
    const retiredTrace = await gateway.trace(requestIdOf(retired));
    assertRefusedBy(retiredTrace, 'kid');
    assert.equal(retiredTrace.hops.find((hop) => hop.name === 'jwks')!.detail.cache, 'miss');
    const oldKid = JSON.parse(Buffer.from(before.split('.')[0]!, 'base64url').toString()).kid as string;
    assert.equal(retiredTrace.failure!.reason, `kid ${JSON.stringify(oldKid)} is not in the JWKS, and a refetch is cooling down for 10 s`);

    const retiredHttp = await helloHttp(before);
    await assertHttpError(retiredHttp, {
      status: 401,
      body: '{"message":"Unauthorized"}',
      wwwAuthenticate: httpInvalidToken('the token does not have a valid key id'),
    });

    assert.equal((await hello(after)).status, 200, 'the current key still works');
  } finally {
    await gateway.close();
    await issuer.close();
  }
});

test('the access-token key and the ID-token key rotate independently in one JWKS', async () => {
  const issuer = await startIssuer();
  const gateway = await startGateway(issuer);
  try {
    await issuer.rotate();
    await issuer.rotate();
    for (const token of [await issuer.idToken(), await issuer.accessToken()]) {
      assert.equal((await gateway.call('/http/hello', { headers: { authorization: token } })).status, 200);
    }
    const jwks = (await (await fetch(issuer.jwksUri)).json()) as { keys: unknown[] };
    assert.equal(jwks.keys.length, 6);
  } finally {
    await gateway.close();
    await issuer.close();
  }
});
