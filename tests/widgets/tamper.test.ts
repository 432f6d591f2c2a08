import assert from 'node:assert/strict';
import { createHmac, createPublicKey } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { decodePart, joinToken, publicKeyPem, signedWithPublicKey, splitToken, unsigned, withClaims, withHeader } from '../../src/lib/jwt/tamper.ts';

let token: string;
let jwk: JsonWebKey;

before(async () => {
  const keys = await generateKeyPair('RS256', { extractable: true });
  jwk = await exportJWK(keys.publicKey);
  token = await new SignJWT({ sub: 'abc', 'cognito:groups': ['readers'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
    .setExpirationTime('1h')
    .sign(keys.privateKey);
});

describe('tampering helpers', () => {
  test('split and join are inverse', () => {
    assert.equal(joinToken(splitToken(token)), token);
  });

  test('withClaims changes the payload only, keeps the signature, and can remove a claim', () => {
    const forged = withClaims(token, { 'cognito:groups': ['admin'], sub: undefined });
    const [header, , signature] = forged.split('.');
    assert.equal(header, token.split('.')[0]);
    assert.equal(signature, token.split('.')[2]);
    assert.deepEqual(decodePart(forged.split('.')[1]!), { 'cognito:groups': ['admin'], exp: decodePart(token.split('.')[1]!).exp });
  });

  test('withHeader changes the header only', () => {
    const forged = withHeader(token, { kid: 'other' });
    assert.deepEqual(decodePart(splitToken(forged).header), { alg: 'RS256', kid: 'other' });
    assert.equal(splitToken(forged).payload, splitToken(token).payload);
  });

  test('unsigned sets alg in the given spelling and drops the signature', () => {
    const forged = unsigned(token, 'nOnE');
    assert.deepEqual(decodePart(splitToken(forged).header), { alg: 'nOnE', kid: 'key-1' });
    assert.equal(splitToken(forged).signature, '');
    assert.ok(forged.endsWith('.'));
  });

  test("the public key's PEM is exactly what Node exports for the same key", async () => {
    const expected = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    assert.equal(await publicKeyPem(jwk), expected);
  });

  test('key confusion: HS256 over the new signing input, keyed with the PEM text', async () => {
    const forged = await signedWithPublicKey(token, jwk);
    const { header, payload, signature } = splitToken(forged);
    assert.deepEqual(decodePart(header), { alg: 'HS256', kid: 'key-1' });
    assert.equal(payload, splitToken(token).payload);
    const pem = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    assert.equal(signature, createHmac('sha256', pem).update(`${header}.${payload}`).digest('base64url'));
  });
});
