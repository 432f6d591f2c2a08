/**
 * Cognito's SRP piece by piece, beyond the test vector (srp.test.ts): the
 * group's padding and exponentiation, the values each step refuses, the
 * server ephemerals computed ahead (each used once, four kept), and
 * TIMESTAMP for every day and month. Exponentiations run in plain BigInt
 * here, through primitives that count them; timers are node:test's mock
 * timers, moved by hand.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { bytesToHex } from '../../src/lib/bytes.ts';
import { nodeCryptoPrimitives } from '../../src/stack/userpool/node-primitives.ts';
import type { CryptoPrimitives } from '../../src/stack/userpool/primitives.ts';
import { g, hexToBigInt, modPowBigInt, N, N_HEX, padHex } from '../../src/stack/userpool/srp/group.ts';
import { CognitoSrp, SrpError, srpTimestamp } from '../../src/stack/userpool/srp/srp.ts';

const vector = JSON.parse(readFileSync(new URL('../fixtures/srp-test-vector.json', import.meta.url), 'utf8'));
const { inputs } = vector;

/** Node's hashes, BigInt exponentiation, and random bytes from a queue when one is given; every call counted. */
function countingPrimitives() {
  const calls = { modPowN: 0, randomBytes: [] as number[] };
  const queue: Uint8Array[] = [];
  let zeroHashes = false;
  const primitives: CryptoPrimitives = {
    sha256: (data) => (zeroHashes ? new Uint8Array(32) : nodeCryptoPrimitives.sha256(data)),
    hmacSha256: nodeCryptoPrimitives.hmacSha256,
    modPowN: (base, exponent) => {
      calls.modPowN += 1;
      return modPowBigInt(base, exponent);
    },
    randomBytes: (length) => {
      calls.randomBytes.push(length);
      return queue.shift() ?? nodeCryptoPrimitives.randomBytes(length);
    },
  };
  return {
    primitives,
    calls,
    queue,
    zeroHashes(on: boolean) {
      zeroHashes = on;
    },
  };
}

describe('the group', () => {
  test('N is the 3072-bit MODP prime of RFC 3526, and g is 2', () => {
    assert.equal(N_HEX.length, 768);
    assert.equal(N.toString(2).length, 3072);
    assert.equal(N.toString(16).toUpperCase(), N_HEX);
    assert.ok(N_HEX.startsWith('FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1'));
    assert.ok(N_HEX.endsWith('4B82D120A93AD2CAFFFFFFFFFFFFFFFF'));
    assert.equal(g, 2n);
  });

  test('padHex: even length, and a 00 byte before a set top bit, as Java’s BigInteger.toByteArray', () => {
    const cases: [bigint, string][] = [
      [0n, '00'],
      [1n, '01'],
      [0x7fn, '7f'],
      [0x80n, '0080'],
      [0x90n, '0090'],
      [0xa0n, '00a0'],
      [0xffn, '00ff'],
      [0x100n, '0100'],
      [0xfffn, '0fff'],
      [0x1234n, '1234'],
      [0x8000n, '008000'],
      [0x7fffffn, '7fffff'],
    ];
    for (const [n, hex] of cases) assert.equal(padHex(n), hex, n.toString(16));
    assert.equal(padHex(N), `00${N_HEX.toLowerCase()}`);
  });

  test('hexToBigInt reads hex of any case, and nothing else', () => {
    assert.equal(hexToBigInt('ff'), 255n);
    assert.equal(hexToBigInt('00FF'), 255n);
    assert.throws(() => hexToBigInt('xyz'), SyntaxError);
  });

  test('modPowBigInt: small cases worked by hand, and N as the default modulus', () => {
    assert.equal(modPowBigInt(2n, 10n, 1000n), 24n);
    assert.equal(modPowBigInt(3n, 4n, 7n), 4n);
    assert.equal(modPowBigInt(10n, 3n, 7n), 6n, 'a base above the modulus');
    assert.equal(modPowBigInt(5n, 0n, 7n), 1n);
    assert.equal(modPowBigInt(0n, 5n, 7n), 0n);
    assert.equal(modPowBigInt(7n, 1n, 7n), 0n);
    assert.equal(modPowBigInt(3n, 5n), 243n);
    assert.equal(modPowBigInt(N + 3n, 2n), 9n);
    assert.equal(modPowBigInt(N - 1n, 2n), 1n);
    assert.equal(modPowBigInt(2n, N - 1n), 1n, 'Fermat: N is prime');
  });
});

describe('CognitoSrp', () => {
  test('k = H(PAD(N) ‖ PAD(g)), the value every Cognito client uses', () => {
    assert.equal(new CognitoSrp(countingPrimitives().primitives).k.toString(16), vector.k);
  });

  test('the test vector with BigInt exponentiation, and one exponentiation per ephemeral or verifier', () => {
    const { primitives, calls } = countingPrimitives();
    const srp = new CognitoSrp(primitives);
    const a = hexToBigInt(inputs.a);
    const b = hexToBigInt(inputs.b);
    const verifier = srp.verifier(inputs.poolName, inputs.userId, inputs.password, inputs.saltHex);
    assert.equal(verifier.toString(16), vector.verifier);
    assert.equal(calls.modPowN, 1);
    const { A } = srp.clientEphemeral(a);
    const { B } = srp.serverEphemeral(verifier, b);
    assert.equal(calls.modPowN, 3);
    assert.equal(B.toString(16), vector.B);
    const u = srp.scrambler(A, B);
    const x = srp.privateKey(inputs.poolName, inputs.userId, inputs.password, inputs.saltHex);
    assert.equal(srp.clientSecret({ a, u, B, x }).toString(16), vector.S);
    assert.equal(srp.serverSecret({ A, u, b, verifier }).toString(16), vector.S);
    assert.deepEqual(calls.randomBytes, [], 'given a and b, nothing random');
  });

  test('the salt is canonical: an unpadded salt and its padded form give the same x', () => {
    const srp = new CognitoSrp(countingPrimitives().primitives);
    const x = srp.privateKey('Pool', 'user', 'Passw0rd!', '00ff');
    assert.equal(srp.privateKey('Pool', 'user', 'Passw0rd!', 'ff'), x);
    assert.equal(srp.privateKey('Pool', 'user', 'Passw0rd!', '0000ff'), x);
    assert.notEqual(srp.privateKey('Pool', 'user', 'Passw0rd!', '01ff'), x);
    const inner = createHash('sha256').update('Pooluser:Passw0rd!').digest();
    assert.equal(
      x,
      BigInt(
        `0x${createHash('sha256')
          .update(Buffer.concat([Buffer.from([0, 0xff]), inner]))
          .digest('hex')}`,
      ),
    );
  });

  test('new salts: 16 random bytes as canonical padded hex', () => {
    const { primitives, calls, queue } = countingPrimitives();
    const srp = new CognitoSrp(primitives);
    queue.push(
      Uint8Array.of(0x80, ...new Array(15).fill(1)),
      Uint8Array.of(0, 0, ...new Array(13).fill(0), 0x7f),
      Uint8Array.of(0, 0x90, ...new Array(14).fill(0)),
    );
    assert.equal(srp.newSalt(), `0080${'01'.repeat(15)}`);
    assert.equal(srp.newSalt(), '7f');
    assert.equal(srp.newSalt(), `0090${'00'.repeat(14)}`);
    assert.deepEqual(calls.randomBytes, [16, 16, 16]);
  });

  test('client ephemeral: A = g^a with a random 256-bit a, never 0', () => {
    const { primitives, calls, queue } = countingPrimitives();
    const srp = new CognitoSrp(primitives);
    queue.push(new Uint8Array(32), Uint8Array.of(...new Array(31).fill(0), 5));
    assert.deepEqual(srp.clientEphemeral(), { a: 1n, A: 2n });
    assert.deepEqual(srp.clientEphemeral(), { a: 5n, A: 32n });
    assert.deepEqual(calls.randomBytes, [32, 32]);
    const { a, A } = srp.clientEphemeral();
    assert.equal(A, modPowBigInt(g, a));
  });

  test('server ephemerals: B = k·v + g^b mod N, b random and never used twice, four computed ahead after a request', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { primitives, calls, queue } = countingPrimitives();
    const srp = new CognitoSrp(primitives);
    const verifier = 12345n;
    queue.push(Uint8Array.of(...new Array(31).fill(0), 7));
    const first = srp.serverEphemeral(verifier);
    assert.deepEqual(first, { b: 7n, B: (srp.k * verifier + 128n) % N });
    assert.equal(calls.modPowN, 1, 'the first is computed on the spot');
    t.mock.timers.tick(0);
    assert.equal(calls.modPowN, 5, 'four computed ahead, after the request');
    t.mock.timers.tick(0);
    assert.equal(calls.modPowN, 5, 'and no more');
    const seen = new Set([first.b]);
    for (let i = 0; i < 4; i++) {
      const { b, B } = srp.serverEphemeral(verifier);
      assert.equal(B, (srp.k * verifier + modPowBigInt(g, b)) % N);
      assert.ok(!seen.has(b), 'a b is used once');
      seen.add(b);
    }
    assert.equal(calls.modPowN, 5, 'served from the spares');
    t.mock.timers.tick(0);
    assert.equal(calls.modPowN, 9, 'and the spares are made up again');
    srp.serverEphemeral(verifier);
    assert.equal(calls.modPowN, 9);
    assert.equal(
      calls.randomBytes.every((length) => length === 32),
      true,
    );
  });

  test('a b that would make B ≡ 0 is never used: another b is drawn', () => {
    const srp = new CognitoSrp(countingPrimitives().primitives);
    const b = 5n;
    const kInverse = modPowBigInt(srp.k, N - 2n);
    const verifier = ((N - modPowBigInt(g, b)) * kInverse) % N;
    assert.equal((srp.k * verifier + modPowBigInt(g, b)) % N, 0n);
    const ephemeral = srp.serverEphemeral(verifier, b);
    assert.notEqual(ephemeral.b, b);
    assert.notEqual(ephemeral.B, 0n);
    assert.equal(ephemeral.B, (srp.k * verifier + modPowBigInt(g, ephemeral.b)) % N);
  });

  test('u = 0 is refused', () => {
    const counting = countingPrimitives();
    const srp = new CognitoSrp(counting.primitives);
    assert.notEqual(srp.scrambler(2n, 3n), 0n);
    counting.zeroHashes(true);
    assert.throws(
      () => srp.scrambler(2n, 3n),
      (error: Error) => error instanceof SrpError && error.name === 'SrpError' && error.message === 'The SRP scrambler u is zero.',
    );
  });

  test('A ≡ 0 and B ≡ 0 (mod N) are refused; any other multiple is reduced', () => {
    const srp = new CognitoSrp(countingPrimitives().primitives);
    for (const A of [0n, N, 3n * N]) {
      assert.throws(() => srp.serverSecret({ A, u: 5n, b: 7n, verifier: 11n }), { name: 'SrpError', message: 'SRP_A is zero modulo N.' });
    }
    for (const B of [0n, N, 2n * N]) {
      assert.throws(() => srp.clientSecret({ a: 3n, u: 5n, B, x: 7n }), { name: 'SrpError', message: 'SRP_B is zero modulo N.' });
    }
    assert.equal(srp.serverSecret({ A: N + 2n, u: 5n, b: 7n, verifier: 11n }), srp.serverSecret({ A: 2n, u: 5n, b: 7n, verifier: 11n }));
    assert.equal(srp.serverSecret({ A: 2n, u: 1n, b: 3n, verifier: 3n }), 216n, '(2·3^1)^3');
  });

  test('client and server agree on S, and only with the right password', () => {
    const srp = new CognitoSrp(countingPrimitives().primitives);
    const salt = '00ab';
    const verifier = srp.verifier('Pool', 'user', 'right', salt);
    const { a, A } = srp.clientEphemeral(0x1234567n);
    const { b, B } = srp.serverEphemeral(verifier, 0x7654321n);
    const u = srp.scrambler(A, B);
    const serverS = srp.serverSecret({ A, u, b, verifier });
    assert.equal(srp.clientSecret({ a, u, B, x: srp.privateKey('Pool', 'user', 'right', salt) }), serverS);
    assert.notEqual(srp.clientSecret({ a, u, B, x: srp.privateKey('Pool', 'user', 'wrong', salt) }), serverS);
  });

  test('the session key: HKDF-SHA256 with salt PAD(u) and info "Caldera Derived Key" ‖ 0x01, 16 bytes', () => {
    const srp = new CognitoSrp(countingPrimitives().primitives);
    const u = 0x80n;
    const S = 0x1234n;
    const prk = nodeCryptoPrimitives.hmacSha256(Uint8Array.of(0, 0x80), Uint8Array.of(0x12, 0x34));
    const okm = nodeCryptoPrimitives.hmacSha256(prk, new Uint8Array([...new TextEncoder().encode('Caldera Derived Key'), 1]));
    const key = srp.sessionKey(u, S);
    assert.equal(key.length, 16);
    assert.equal(bytesToHex(key), bytesToHex(okm.slice(0, 16)));
  });

  test('PASSWORD_CLAIM_SIGNATURE: HMAC over pool name, user id, secret block bytes and timestamp; the block must be base64', () => {
    const srp = new CognitoSrp(countingPrimitives().primitives);
    const key = new Uint8Array(16).fill(7);
    const message = new Uint8Array([...new TextEncoder().encode('PoolUser'), 0xfb, 0xff, ...new TextEncoder().encode('Tue Nov 3 04:05:06 UTC 2026')]);
    const expected = Buffer.from(nodeCryptoPrimitives.hmacSha256(key, message)).toString('base64');
    assert.equal(srp.passwordClaimSignature(key, 'Pool', 'User', '+/8=', 'Tue Nov 3 04:05:06 UTC 2026'), expected);
    for (const block of ['-_8=', 'not base64!']) {
      assert.throws(() => srp.passwordClaimSignature(key, 'Pool', 'User', block, 'Tue Nov 3 04:05:06 UTC 2026'), {
        name: 'SrpError',
        message: 'The secret block is not base64.',
      });
    }
  });
});

test('TIMESTAMP names every day and month as Cognito does, the day unpadded and the time padded', () => {
  for (let month = 0; month < 12; month++) {
    for (let day = 1; day <= 7; day++) {
      const date = new Date(Date.UTC(2026, month, day, 4, 5, 6));
      // toUTCString: "Tue, 03 Nov 2026 04:05:06 GMT", names in the same English.
      const [weekday, , monthName] = date.toUTCString().replace(',', '').split(' ');
      assert.equal(srpTimestamp(date), `${weekday} ${monthName} ${day} 04:05:06 UTC 2026`);
    }
  }
  assert.equal(srpTimestamp(new Date(Date.UTC(2025, 11, 31, 23, 59, 59))), 'Wed Dec 31 23:59:59 UTC 2025');
  assert.equal(srpTimestamp(new Date(Date.UTC(2026, 0, 10, 0, 0, 0))), 'Sat Jan 10 00:00:00 UTC 2026');
});
