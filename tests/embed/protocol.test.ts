/**
 * The embed protocol's messages (src/embed/protocol.ts): what each side
 * accepts. Which window and origin a message must come from is shown in
 * Chromium (tests/browser/zero-install-embeds.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EMBED_PROTOCOL, helloMessage, isHello, MAX_EMBED_HEIGHT, sizeMessage, sizeOf } from '../../src/embed/protocol.ts';

describe('the embed protocol', () => {
  test('a hello and a size, namespaced and versioned', () => {
    assert.deepEqual(helloMessage(), { protocol: 'token-trail-embed', version: 1, type: 'hello' });
    assert.deepEqual(sizeMessage(431.2), { protocol: 'token-trail-embed', version: 1, type: 'size', height: 432 });
    assert.ok(isHello(helloMessage()));
    assert.equal(sizeOf(sizeMessage(432)), 432);
  });

  test('sizes are clamped when sent, and refused out of range when received', () => {
    assert.equal(sizeMessage(0).height, 1);
    assert.equal(sizeMessage(1e9).height, MAX_EMBED_HEIGHT);
    for (const height of [0, -5, 1.5, MAX_EMBED_HEIGHT + 1, Number.NaN, Number.POSITIVE_INFINITY, '300', null, undefined, [300]]) {
      assert.equal(sizeOf({ protocol: EMBED_PROTOCOL, version: 1, type: 'size', height }), undefined, String(height));
    }
  });

  test("another library's messages, another version and other types are not ours", () => {
    const foreign: unknown[] = [
      null,
      undefined,
      'size',
      300,
      { type: 'size', height: 300 },
      { protocol: 'other', version: 1, type: 'size', height: 300 },
      { protocol: EMBED_PROTOCOL, version: 2, type: 'size', height: 300 },
      { protocol: EMBED_PROTOCOL, version: '1', type: 'size', height: 300 },
      { protocol: EMBED_PROTOCOL, version: 1, type: 'resize', height: 300 },
      { protocol: EMBED_PROTOCOL, version: 1, type: 'hello', height: 300 },
      // iframe-resizer's and other libraries' shapes.
      '[iFrameSizer]frame1:300:400:init',
      { height: 300 },
    ];
    for (const data of foreign) assert.equal(sizeOf(data), undefined, JSON.stringify(data));
    for (const data of [...foreign, sizeMessage(300), { protocol: EMBED_PROTOCOL, version: 2, type: 'hello' }]) {
      if ((data as { type?: string } | null)?.type === 'hello' && (data as { version?: number }).version === 1) continue;
      assert.equal(isHello(data), false, JSON.stringify(data));
    }
  });
});
