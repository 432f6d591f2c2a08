import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { WIRE_FIELDS } from '../../src/lib/cognito/wire-glossary.ts';
import { CLAIMS, glossaryEntry, HEADER_PARAMETERS, JWK_FIELDS } from '../../src/lib/jwt/glossary.ts';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

// The glossary explains every field the local pool (which mints Cognito's claim sets) actually issues.
let pool: TestUserPool;
let tokens: { IdToken: string; AccessToken: string };

before(async () => {
  pool = await startUserPool();
  const alice = demoUser('alice');
  const signIn = await callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
  });
  tokens = signIn.json!.AuthenticationResult;
});

after(() => pool.close({ removeData: true }));

test('every claim and header parameter of real ID and access tokens has an entry', () => {
  for (const token of [tokens.IdToken, tokens.AccessToken]) {
    for (const claim of Object.keys(decodeJwt(token))) assert.ok(glossaryEntry(claim, 'payload'), `no entry for the claim ${claim}`);
    for (const parameter of Object.keys(decodeProtectedHeader(token)))
      assert.ok(glossaryEntry(parameter, 'header'), `no entry for the header parameter ${parameter}`);
  }
});

test('the claims the brief lists are all explained, times marked as times', () => {
  for (const claim of [
    'sub',
    'iss',
    'aud',
    'client_id',
    'token_use',
    'scope',
    'auth_time',
    'exp',
    'iat',
    'jti',
    'origin_jti',
    'event_id',
    'cognito:username',
    'cognito:groups',
    'username',
    'email',
    'email_verified',
  ]) {
    assert.ok(CLAIMS[claim], claim);
  }
  for (const parameter of ['kid', 'alg']) assert.ok(HEADER_PARAMETERS[parameter], parameter);
  assert.deepEqual(
    Object.entries(CLAIMS)
      .filter(([, entry]) => entry.time)
      .map(([name]) => name)
      .sort(),
    ['auth_time', 'exp', 'iat', 'nbf'],
  );
});

test('custom attributes have an entry; unknown names and inherited properties do not', () => {
  assert.equal(glossaryEntry('custom:tenant', 'payload')?.label, 'Custom attribute');
  assert.equal(glossaryEntry('custom:tenant', 'header'), undefined);
  assert.equal(glossaryEntry('favourite_colour', 'payload'), undefined);
  assert.equal(glossaryEntry('toString', 'payload'), undefined);
  assert.equal(glossaryEntry('constructor', 'jwk'), undefined);
});

test('every field of a JWKS key is explained', async () => {
  const jwks = (await (await fetch(`${pool.url}/${pool.poolId}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
  for (const key of jwks.keys) for (const field of Object.keys(key)) assert.ok(JWK_FIELDS[field], `no entry for the key field ${field}`);
});

test('every SRP value of the sign-in exchange is explained', () => {
  for (const field of [
    'SRP_A',
    'SALT',
    'SRP_B',
    'SECRET_BLOCK',
    'USER_ID_FOR_SRP',
    'TIMESTAMP',
    'PASSWORD_CLAIM_SIGNATURE',
    'PASSWORD_CLAIM_SECRET_BLOCK',
    'RefreshToken',
  ]) {
    assert.ok(WIRE_FIELDS[field], field);
  }
});
