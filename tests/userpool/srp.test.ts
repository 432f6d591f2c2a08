import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bytesToHex, hexToBytes } from '../../src/lib/bytes.ts';
import { hexToBigInt, modPowBigInt, N, padHex } from '../../src/stack/userpool/srp/group.ts';
import { nodeCryptoPrimitives } from '../../src/stack/userpool/node-primitives.ts';
import { CognitoSrp, srpTimestamp } from '../../src/stack/userpool/srp/srp.ts';

// Computed by Amplify's own client code (its `AuthenticationHelper`).
const vector = JSON.parse(readFileSync(new URL('../fixtures/srp-test-vector.json', import.meta.url), 'utf8'));
const { inputs } = vector;
const srp = new CognitoSrp(nodeCryptoPrimitives);
const a = hexToBigInt(inputs.a);
const b = hexToBigInt(inputs.b);

test('the test vector reproduces bit for bit, client and server side', () => {
  assert.equal(srp.k.toString(16), vector.k);
  assert.equal(padHex(hexToBigInt(inputs.saltHex)), vector.padHex_salt_server);

  const x = srp.privateKey(inputs.poolName, inputs.userId, inputs.password, inputs.saltHex);
  assert.equal(x.toString(16), vector.x);
  const verifier = srp.verifier(inputs.poolName, inputs.userId, inputs.password, inputs.saltHex);
  assert.equal(verifier.toString(16), vector.verifier);

  const { A } = srp.clientEphemeral(a);
  assert.equal(A.toString(16), vector.A);
  const { B } = srp.serverEphemeral(verifier, b);
  assert.equal(B.toString(16), vector.B);
  const u = srp.scrambler(A, B);
  assert.equal(u.toString(16), vector.u);

  const serverS = srp.serverSecret({ A, u, b, verifier });
  const clientS = srp.clientSecret({ a, u, B, x });
  assert.equal(serverS.toString(16), vector.S);
  assert.equal(clientS.toString(16), vector.S);

  const key = srp.sessionKey(u, serverS);
  assert.equal(bytesToHex(key), vector.hkdfKey_server);
  assert.equal(bytesToHex(srp.sessionKey(u, clientS)), vector.hkdfKey_client);

  const signature = srp.passwordClaimSignature(key, inputs.poolName, inputs.userId, inputs.secretBlock, inputs.timestamp);
  assert.equal(signature, vector.signature_server);
  assert.equal(signature, vector.signature_client);
});

test('a wrong password produces a different signature', () => {
  const verifier = srp.verifier(inputs.poolName, inputs.userId, inputs.password, inputs.saltHex);
  const { A } = srp.clientEphemeral(a);
  const { B } = srp.serverEphemeral(verifier, b);
  const wrongX = srp.privateKey(inputs.poolName, inputs.userId, 'Passw0rd?', inputs.saltHex);
  const u = srp.scrambler(A, B);
  const clientKey = srp.sessionKey(u, srp.clientSecret({ a, u, B, x: wrongX }));
  const signature = srp.passwordClaimSignature(clientKey, inputs.poolName, inputs.userId, inputs.secretBlock, inputs.timestamp);
  assert.notEqual(signature, vector.signature_server);
});

test('the native modular exponentiation agrees with BigInt, edge values included', () => {
  const values = [0n, 1n, 2n, N - 2n, N - 1n, N, N + 7n, hexToBigInt(vector.A)];
  for (const base of values) {
    for (const exponent of [1n, 2n, 65537n, b]) {
      assert.equal(nodeCryptoPrimitives.modPowN(base, exponent), modPowBigInt(base, exponent), `${base} ** ${exponent}`);
    }
  }
});

test('SRP refuses A ≡ 0 and B ≡ 0 (mod N)', () => {
  const verifier = srp.verifier(inputs.poolName, inputs.userId, inputs.password, inputs.saltHex);
  assert.throws(() => srp.serverSecret({ A: N, u: 5n, b, verifier }), /SRP_A is zero/);
  assert.throws(() => srp.clientSecret({ a, u: 5n, B: 2n * N, x: 1n }), /SRP_B is zero/);
});

test('timestamps use an unpadded day, as every Cognito client sends them', () => {
  assert.equal(srpTimestamp(new Date('2026-11-03T04:05:06Z')), 'Tue Nov 3 04:05:06 UTC 2026');
  assert.equal(srpTimestamp(new Date('2026-11-26T05:03:45Z')), 'Thu Nov 26 05:03:45 UTC 2026');
});

test('hex conversion round-trips and refuses what is not hex', () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.deepEqual(hexToBytes(bytesToHex(bytes)), bytes);
  assert.deepEqual(hexToBytes('00FFab'), Uint8Array.of(0, 255, 171));
  assert.throws(() => hexToBytes('abc'), TypeError);
  assert.throws(() => hexToBytes('zz'), TypeError);
});

test('new salts are canonical padded hex of 16 random bytes', () => {
  for (let i = 0; i < 50; i++) {
    const salt = srp.newSalt();
    assert.equal(padHex(hexToBigInt(salt)), salt);
  }
});
