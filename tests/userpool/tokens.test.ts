import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compactDecrypt, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { assertShape, REFRESHED } from '../helpers/pool-actors.ts';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';
import { testClock } from '../helpers/clock.ts';

// The tests only read the tokens signed in below; the clock stands still, so their times are known.
const clock = testClock();
let pool: TestUserPool;
let tokens: { AccessToken: string; IdToken: string; RefreshToken: string; ExpiresIn: number; TokenType: string };

before(async () => {
  pool = await startUserPool({ now: clock.now });
  const alice = demoUser('alice');
  const response = await callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
  });
  tokens = response.json!.AuthenticationResult;
});

after(() => pool.close({ removeData: true }));

/** A verifier that knows nothing but the issuer: it discovers the JWKS through openid-configuration. */
async function verifyThroughDiscovery(token: string) {
  const issuer = `${pool.url}/${pool.poolId}`;
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
  assert.equal(discovery.issuer, issuer);
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  return jwtVerify(token, jwks, { issuer: discovery.issuer, algorithms: ['RS256'] });
}

const ANY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
type Rule = RegExp | string | number | boolean | string[] | ((value: unknown) => boolean);

function checkClaims(claims: Record<string, unknown>, table: [string, Rule][]) {
  assert.deepEqual(Object.keys(claims).sort(), table.map(([name]) => name).sort(), "exactly Cognito's claims");
  for (const [name, rule] of table) {
    const value = claims[name];
    if (rule instanceof RegExp) assert.match(String(value), rule, name);
    else if (typeof rule === 'function') assert.ok(rule(value), `${name} = ${JSON.stringify(value)}`);
    else assert.deepEqual(value, rule, name);
  }
}

describe('tokens', () => {
  test("the sign-in result has Cognito's envelope", () => {
    assert.equal(tokens.TokenType, 'Bearer');
    assert.equal(tokens.ExpiresIn, 3600);
  });

  test("the access token verifies with jose through discovery, and carries Cognito's access claims", async () => {
    const { payload, protectedHeader } = await verifyThroughDiscovery(tokens.AccessToken);
    assert.deepEqual(Object.keys(protectedHeader), ['kid', 'alg']);
    assert.equal(protectedHeader.alg, 'RS256');
    const iat = payload.iat!;
    checkClaims(payload, [
      ['sub', ANY_UUID],
      ['cognito:groups', ['admin']],
      ['iss', `${pool.url}/${pool.poolId}`],
      ['client_id', pool.clientId],
      ['origin_jti', ANY_UUID],
      ['event_id', ANY_UUID],
      ['token_use', 'access'],
      ['scope', 'aws.cognito.signin.user.admin'],
      ['auth_time', (v) => v === iat],
      ['exp', (v) => v === iat + 3600],
      ['iat', clock.seconds()],
      ['jti', ANY_UUID],
      ['username', 'alice'],
    ]);
  });

  test("the ID token verifies with jose through discovery, and carries Cognito's ID claims", async () => {
    const { payload } = await verifyThroughDiscovery(tokens.IdToken);
    const access = (await verifyThroughDiscovery(tokens.AccessToken)).payload;
    const iat = payload.iat!;
    checkClaims(payload, [
      ['sub', (v) => v === access.sub],
      ['cognito:groups', ['admin']],
      ['email_verified', true],
      ['iss', `${pool.url}/${pool.poolId}`],
      ['cognito:username', 'alice'],
      ['origin_jti', (v) => v === access.origin_jti],
      ['aud', pool.clientId],
      ['event_id', (v) => v === access.event_id],
      ['token_use', 'id'],
      ['auth_time', (v) => v === iat],
      ['exp', (v) => v === iat + 3600],
      ['iat', (v) => v === access.iat],
      ['jti', (v) => typeof v === 'string' && ANY_UUID.test(v) && v !== access.jti],
      ['email', 'alice@example.com'],
      ['name', 'Alice Example'],
    ]);
  });

  test('ID and access tokens are signed with separate keys of the pool, both in its JWKS', async () => {
    const idKid = decodeProtectedHeader(tokens.IdToken).kid;
    const accessKid = decodeProtectedHeader(tokens.AccessToken).kid;
    assert.notEqual(idKid, accessKid);
    const jwks = (await (await fetch(`${pool.url}/${pool.poolId}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] };
    assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [idKid, accessKid].sort());
    for (const key of jwks.keys) {
      assert.deepEqual(Object.keys(key).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      assert.equal(key.alg, 'RS256');
      assert.equal(key.use, 'sig');
      assert.match(key.kid!, /^[A-Za-z0-9+/]{43}=$/, "a 44-character kid, as Cognito's");
    }
  });

  test('the refresh token is opaque: an encrypted JWE, not a readable JWT', () => {
    const parts = tokens.RefreshToken.split('.');
    assert.equal(parts.length, 5);
    assert.deepEqual(JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()), { cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' });
    assert.ok(!tokens.RefreshToken.includes(Buffer.from('alice').toString('base64url')));
  });

  test('a forged or altered refresh token is refused', async () => {
    const parts = tokens.RefreshToken.split('.');
    const flipped = parts[3]!.startsWith('A') ? `B${parts[3]!.slice(1)}` : `A${parts[3]!.slice(1)}`;
    for (const forged of [[...parts.slice(0, 3), flipped, parts[4]].join('.'), 'not-a-token', tokens.AccessToken]) {
      const response = await callPool(pool.endpoint, 'GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: forged });
      assert.deepEqual(response.json, { __type: 'NotAuthorizedException', message: 'Invalid Refresh Token.' });
    }
  });

  test('REFRESH_TOKEN_AUTH returns new ID and access tokens but no new refresh token', async () => {
    const response = await callPool(pool.endpoint, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
    });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, { ChallengeParameters: {}, AuthenticationResult: REFRESHED });
    assert.equal(decodeJwt(response.json!.AuthenticationResult.AccessToken).origin_jti, decodeJwt(tokens.AccessToken).origin_jti, 'the same sign-in');
  });

  test('the refresh token lives 30 days by default', async () => {
    // The refresh token's session is the one its sign-in's access token names (REFRESH_TOKEN_AUTH keeps that origin_jti).
    const session = pool.pool.store.findSessionByOrigin(String(decodeJwt(tokens.AccessToken).origin_jti))!;
    assert.equal(session.expiresAt - session.createdAt, 30 * 86_400_000);
  });

  test("the refresh token is a standard JWE: jose opens it with the pool's private key", async () => {
    const key = pool.pool.store.listKeys(pool.poolId).find((k) => k.use === 'refresh')!;
    const { plaintext, protectedHeader } = await compactDecrypt(tokens.RefreshToken, await importJWK(key.privateJwk as JWK, 'RSA-OAEP'));
    assert.equal(protectedHeader.alg, 'RSA-OAEP');
    assert.equal(plaintext.length, 32);
  });

  test('RevokeToken refuses an access token: only refresh tokens can be revoked', async () => {
    const response = await callPool(pool.endpoint, 'RevokeToken', { ClientId: pool.clientId, Token: tokens.AccessToken });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { __type: 'UnsupportedTokenTypeException', message: 'Only refresh tokens can be revoked.' });
  });
});

describe('issuer styles', () => {
  test('with --issuer aws, tokens carry the AWS-shaped issuer while the JWKS stays local', async () => {
    const awsStyle = await startUserPool({ issuerStyle: 'aws' });
    try {
      const alice = demoUser('alice');
      const response = await callPool(awsStyle.endpoint, 'InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: awsStyle.clientId,
        AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
      });
      const token = response.json!.AuthenticationResult.AccessToken as string;
      const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${awsStyle.poolId}`;
      const discovery = (await (await fetch(`${awsStyle.url}/${awsStyle.poolId}/.well-known/openid-configuration`)).json()) as {
        issuer: string;
        jwks_uri: string;
      };
      assert.equal(discovery.issuer, issuer);
      assert.equal(discovery.jwks_uri, `${awsStyle.url}/${awsStyle.poolId}/.well-known/jwks.json`);
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer });
      assert.equal(payload.username, 'alice');
      const user = await callPool(awsStyle.endpoint, 'GetUser', { AccessToken: token });
      assert.equal(user.json!.Username, 'alice', 'the pool accepts its own AWS-shaped tokens');
    } finally {
      await awsStyle.close({ removeData: true });
    }
  });
});
