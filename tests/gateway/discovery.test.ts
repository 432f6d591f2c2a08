/**
 * Where the keys come from: the HTTP API finds the JWKS through the issuer's
 * OpenID configuration when it can, and falls back to the pool's configured
 * JWKS URL (an AWS-shaped issuer is not reachable offline); the REST API goes
 * to the pool's JWKS directly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestIdOf, startGateway } from './fixtures/gateway.ts';
import { startIssuer } from './fixtures/issuer.ts';

test('HTTP API: discovery through <issuer>/.well-known/openid-configuration', async () => {
  const issuer = await startIssuer();
  const gateway = await startGateway(issuer);
  try {
    const response = await gateway.call('/http/hello', { headers: { authorization: await issuer.idToken() } });
    assert.equal(response.status, 200);
    assert.deepEqual(gateway.fetched, [`${issuer.issuer}/.well-known/openid-configuration`, issuer.jwksUri]);
    const jwks = (await gateway.trace(requestIdOf(response))).hops.find((hop) => hop.name === 'jwks')!.detail;
    assert.equal(jwks.discovery, `jwks_uri found in ${issuer.issuer}/.well-known/openid-configuration`);
  } finally {
    await gateway.close();
    await issuer.close();
  }
});

test('REST API: straight to the pool JWKS', async () => {
  const issuer = await startIssuer();
  const gateway = await startGateway(issuer);
  try {
    assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } })).status, 200);
    assert.deepEqual(gateway.fetched, [issuer.jwksUri]);
  } finally {
    await gateway.close();
    await issuer.close();
  }
});

test('an AWS-shaped issuer: discovery fails offline, the configured JWKS URL serves, both APIs pass', async () => {
  const issuer = await startIssuer({ awsShapedIssuer: true });
  const gateway = await startGateway(issuer);
  try {
    assert.equal(issuer.issuer, 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TrailTest');
    const http = await gateway.call('/http/hello', { headers: { authorization: await issuer.accessToken() } });
    assert.equal(http.status, 200);
    const jwks = (await gateway.trace(requestIdOf(http))).hops.find((hop) => hop.name === 'jwks')!.detail;
    assert.equal(
      jwks.discovery,
      `discovery failed (${issuer.issuer}/.well-known/openid-configuration is unreachable (ENOTFOUND)); using the configured JWKS URL`,
    );
    assert.equal(jwks.url, issuer.jwksUri);
    assert.equal((await gateway.call('/rest/prod/hello', { headers: { authorization: await issuer.idToken() } })).status, 200);
    assert.deepEqual(
      gateway.fetched,
      [`${issuer.issuer}/.well-known/openid-configuration`, issuer.jwksUri, issuer.jwksUri],
      'each API kind has its own key cache',
    );
  } finally {
    await gateway.close();
    await issuer.close();
  }
});
