import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBase64url, encodeBase64url } from '../../src/lib/jwt/base64url.ts';

test('base64url round-trips every byte value, without padding or +/', () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  const text = encodeBase64url(bytes);
  assert.match(text, /^[A-Za-z0-9_-]+$/);
  assert.equal(text, Buffer.from(bytes).toString('base64url'));
  assert.deepEqual(decodeBase64url(text), { ok: true, bytes, nonUrlSafe: false });
  assert.equal(encodeBase64url('é'), Buffer.from('é').toString('base64url'));
});

test('standard base64 decodes too, marked as not URL-safe', () => {
  const decoded = decodeBase64url('+/8=');
  assert.ok(decoded.ok);
  assert.deepEqual([...decoded.bytes], [0xfb, 0xff]);
  assert.equal(decoded.nonUrlSafe, true);
});

test('a bad character is reported with its index, an impossible length with the length', () => {
  assert.deepEqual(decodeBase64url('abc$def'), { ok: false, problem: 'alphabet', index: 3, char: '$' });
  assert.deepEqual(decodeBase64url('abcde'), { ok: false, problem: 'length', length: 5 });
});
