import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cognitoTimestamp, srpAnswer, srpProof, srpStart } from '../helpers/srp-client.ts';

/**
 * The tests' SRP client (tests/helpers/srp-client.ts) is the oracle the pool's
 * SRP is checked against, so it is checked itself, step by step, against the
 * test vector Amplify's own client code computed (tests/fixtures/srp-test-vector.json): nothing of
 * the pool's code takes part here.
 */

const vector = JSON.parse(readFileSync(new URL('../fixtures/srp-test-vector.json', import.meta.url), 'utf8'));
const { inputs } = vector;
const poolId = `us-east-1_${inputs.poolName}`;
const challenge = { SALT: inputs.saltHex, SRP_B: vector.B, SECRET_BLOCK: inputs.secretBlock, USER_ID_FOR_SRP: inputs.userId };
const vectorTime = new Date(Date.UTC(2026, 10, 3, 4, 5, 6));
const a = BigInt(`0x${inputs.a}`);

test('with the vector’s a, the helper sends the vector’s A', () => {
  const client = srpStart({ a });
  assert.equal(client.SRP_A, vector.A);
  assert.equal(client.a, a);
});

test('every step of the proof is the vector’s: k, x, u, S, the HKDF key and the signature', () => {
  const proof = srpProof(poolId, srpStart({ a }), challenge, inputs.password, vectorTime);
  assert.equal(proof.k.toString(16), vector.k);
  assert.equal(proof.x.toString(16), vector.x);
  assert.equal(proof.u.toString(16), vector.u);
  assert.equal(proof.S.toString(16), vector.S);
  assert.equal(proof.key.toString('hex'), vector.hkdfKey_client);
  assert.equal(proof.timestamp, inputs.timestamp);
  assert.equal(proof.signature, vector.signature_client);
});

test('srpAnswer sends exactly the ChallengeResponses Amplify sends', () => {
  assert.deepEqual(srpAnswer(poolId, srpStart({ a }), challenge, inputs.password, vectorTime), {
    USERNAME: inputs.userId,
    PASSWORD_CLAIM_SECRET_BLOCK: inputs.secretBlock,
    TIMESTAMP: inputs.timestamp,
    PASSWORD_CLAIM_SIGNATURE: vector.signature_client,
  });
});

test('a password one character off gives another signature', () => {
  const wrong = srpProof(poolId, srpStart({ a }), challenge, 'Passw0rd?', vectorTime);
  assert.notEqual(wrong.signature, vector.signature_client);
  assert.notEqual(wrong.x.toString(16), vector.x);
});

test('a fresh secret is 128 random bytes, as Amplify’s, and A = g^a is sent unpadded', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const client = srpStart();
    assert.ok(client.a > 0n && client.a < 2n ** 1024n, 'a fits in 128 bytes');
    assert.match(client.SRP_A, /^[1-9a-f][0-9a-f]*$/, 'lowercase hex without leading zeros');
    assert.equal(BigInt(`0x${client.SRP_A}`), client.A);
    seen.add(client.SRP_A);
  }
  assert.equal(seen.size, 3);
});

test('B ≡ 0 (mod N) is refused before any proof is made', () => {
  // N as RFC 3526 prints the 3072-bit MODP group (RFC 3526 §4).
  const N = BigInt(
    '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
      'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
      'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
      '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
      'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
      '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
      'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
      'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
  );
  for (const B of [0n, N, 2n * N]) {
    assert.throws(() => srpProof(poolId, srpStart({ a }), { ...challenge, SRP_B: B.toString(16) }, inputs.password, vectorTime), /SRP_B is zero modulo N/);
  }
});

test('timestamps have an unpadded day and zero-padded times, as Amplify’s getNowString', () => {
  assert.equal(cognitoTimestamp(vectorTime), 'Tue Nov 3 04:05:06 UTC 2026');
  assert.equal(cognitoTimestamp(new Date(Date.UTC(2026, 10, 26, 5, 3, 45))), 'Thu Nov 26 05:03:45 UTC 2026');
  assert.equal(cognitoTimestamp(new Date(Date.UTC(2027, 0, 1, 0, 0, 0))), 'Fri Jan 1 00:00:00 UTC 2027');
});
