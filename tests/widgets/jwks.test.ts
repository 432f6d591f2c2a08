import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { keyBits } from '../../src/widgets/shared/jwks.ts';

test("a key's size is the bit length of its modulus", async () => {
  for (const modulusLength of [2048, 3072]) {
    const { publicKey } = await generateKeyPair('RS256', { modulusLength, extractable: true });
    assert.equal(keyBits(await exportJWK(publicKey)), modulusLength);
  }
  assert.equal(keyBits({ n: 'AAE' }), 1); // leading zero bytes do not count
  assert.equal(keyBits({ n: '!!' }), undefined);
  assert.equal(keyBits({}), undefined);
});
