/**
 * The framing policy and who may read what, by path
 * (scripts/lib/security-headers.ts): the embeds may be framed by any site,
 * every other page by none; the embeds' module and oEmbed files are
 * readable from any origin. Shown here on our static server, at the root
 * and under a base; in Chromium by tests/browser/framing.spec.ts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { headerKind, securityHeaders } from '../../scripts/lib/security-headers.ts';
import { serveStatic } from '../../scripts/lib/static-server.ts';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'token-trail-headers-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('headers by path', () => {
  test('embed pages, the shared files, and every other page', () => {
    assert.equal(headerKind('/embed/token-inspector/'), 'embed');
    assert.equal(headerKind('/embed/token-inspector/index.html'), 'embed');
    assert.equal(headerKind('/embed.js'), 'shared');
    assert.equal(headerKind('/embed/api-call/oembed.json'), 'shared');
    assert.equal(headerKind('/playground/sandbox.html'), 'sandbox');
    for (const path of [
      '/',
      '/steps/sign-in/',
      '/embed',
      '/embedded/',
      '/search/',
      '/stack-worker.js',
      '/steps/embed/x/',
      '/playground/',
      '/playground/sandbox.htm',
    ])
      assert.equal(headerKind(path), 'page', path);
  });

  test('under a base, the path is read after it: the same path outside the base is no embed', () => {
    assert.equal(securityHeaders('/token-trail/embed/sign-in/', '/token-trail/')['x-frame-options'], undefined);
    assert.equal(securityHeaders('/embed/sign-in/', '/token-trail/')['x-frame-options'], 'DENY');
  });

  for (const base of ['/', '/token-trail/']) {
    test(`served under ${base}: a chapter refuses framing, an embed allows it, the module and oEmbed are readable by any origin`, async (t) => {
      const dir = site({
        'index.html': '<p>home</p>',
        '404.html': '<p>not found</p>',
        'steps/sign-in/index.html': '<p>chapter</p>',
        'embed/sign-in/index.html': '<p>embed</p>',
        'embed/sign-in/oembed.json': '{"version":"1.0"}',
        'embed.js': 'export {};',
      });
      const server = await serveStatic(dir, 0, { base });
      t.after(() => server.close());
      const get = (path: string) => fetch(`${server.url}${base}${path}`);

      const chapter = await get('steps/sign-in/');
      assert.equal(chapter.headers.get('content-security-policy'), "frame-ancestors 'none'");
      assert.equal(chapter.headers.get('x-frame-options'), 'DENY');
      assert.equal(chapter.headers.get('access-control-allow-origin'), null);

      const embed = await get('embed/sign-in/');
      assert.equal(embed.status, 200);
      assert.equal(embed.headers.get('content-security-policy'), null, 'no frame-ancestors: any page may frame it');
      assert.equal(embed.headers.get('x-frame-options'), null);
      assert.equal(embed.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(embed.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');

      const module = await get('embed.js');
      assert.equal(module.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(module.headers.get('access-control-allow-origin'), '*');
      const oembed = await get('embed/sign-in/oembed.json');
      assert.equal(oembed.headers.get('content-type'), 'application/json');
      assert.equal(oembed.headers.get('access-control-allow-origin'), '*');
    });
  }
});
