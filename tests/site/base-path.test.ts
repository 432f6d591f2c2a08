/**
 * The site under a sub-path (`SITE_BASE=/token-trail/`): the one helper for
 * "a path under the base", the chapters' links, the link check and our
 * static server, each told the base.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { serveStatic } from '../../scripts/lib/static-server.ts';
import { baseLink, baseLinks } from '../../src/integrations/base-links.ts';
import { checkLinks } from '../../src/integrations/link-check.ts';
import { normalizeBase, normalizeSiteOrigin, SITE_BASE, withBase, withoutBase } from '../../src/lib/base-path.ts';

describe('normalizeBase', () => {
  test('any spelling of a sub-path becomes /a/b/; nothing at all is the root', () => {
    for (const [value, base] of [
      [undefined, '/'],
      ['', '/'],
      ['  ', '/'],
      ['/', '/'],
      ['token-trail', '/token-trail/'],
      ['/token-trail', '/token-trail/'],
      ['token-trail/', '/token-trail/'],
      ['/token-trail/', '/token-trail/'],
      ['//docs//token-trail//', '/docs/token-trail/'],
      ['/v1.2/token_trail~x/', '/v1.2/token_trail~x/'],
    ] as const) {
      assert.equal(normalizeBase(value), base, String(value));
    }
  });

  test('what is not a plain path is refused with a sentence that names the setting', () => {
    for (const value of ['/../etc/', '/./x/', '/a b/', '/x?y/', '/x#y/', 'https://example.org/x/', '/%2e%2e/', '/ä/']) {
      assert.throws(() => normalizeBase(value), /^Error: SITE_BASE must be a URL path such as \/token-trail\//, value);
    }
  });

  test('in plain Node (no import.meta.env) the base is the root', () => {
    assert.equal(SITE_BASE, '/');
  });
});

describe('withBase and withoutBase', () => {
  test('a path from the site root, under a base, and back', () => {
    for (const base of ['/', '/token-trail/', '/a/b/']) {
      for (const path of ['/', '/steps/tokens/', '/favicon.svg', '/pagefind/pagefind.js', '/search/?q=kid']) {
        const under = withBase(path, base);
        assert.ok(under.startsWith(base), `${path} under ${base}: ${under}`);
        assert.equal(withoutBase(under, base), path);
      }
    }
    assert.equal(withBase('/steps/tokens/', '/token-trail/'), '/token-trail/steps/tokens/');
    assert.equal(withBase('/', '/token-trail/'), '/token-trail/');
    assert.equal(withBase('/steps/tokens/'), '/steps/tokens/');
  });

  test('the base without its slash is the home page; anything else outside the base is not the site', () => {
    assert.equal(withoutBase('/token-trail', '/token-trail/'), '/');
    assert.equal(withoutBase('/steps/tokens/', '/token-trail/'), undefined);
    assert.equal(withoutBase('/token-trailer/', '/token-trail/'), undefined);
    assert.equal(withoutBase('/', '/token-trail/'), undefined);
  });

  test('only root-relative paths go under the base', () => {
    for (const path of ['steps/tokens/', '//evil.example/', 'https://example.org/', '#claims', '']) {
      assert.throws(() => withBase(path, '/token-trail/'), /withBase takes a path from the site's root/, path);
    }
  });
});

test("the chapters' root-relative links get the base; other links are left alone", () => {
  const cases: [string, Record<string, unknown>, [string, string] | undefined][] = [
    ['a', { href: '/steps/tokens/' }, ['href', '/token-trail/steps/tokens/']],
    ['a', { href: '/guides/attacks-lab/#keys-from-the-token' }, ['href', '/token-trail/guides/attacks-lab/#keys-from-the-token']],
    ['img', { src: '/favicon.svg' }, ['src', '/token-trail/favicon.svg']],
    ['a', { href: 'https://docs.aws.amazon.com/cognito/' }, undefined],
    ['a', { href: '//cdn.example/x' }, undefined],
    ['a', { href: '#claims' }, undefined],
    ['a', { href: '../tokens/' }, undefined],
    ['a', {}, undefined],
    ['div', { href: '/steps/tokens/' }, undefined],
    ['__proto__', { href: '/steps/tokens/' }, undefined],
  ];
  for (const [tagName, properties, expected] of cases)
    assert.deepEqual(baseLink(tagName, properties, '/token-trail/'), expected, `${tagName} ${JSON.stringify(properties)}`);
  assert.deepEqual(baseLink('a', { href: '/steps/tokens/' }, '/'), ['href', '/steps/tokens/']);
  const plugin = baseLinks('/token-trail/');
  assert.equal(plugin.name, 'token-trail:base-links');
});

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'token-trail-base-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const page = (body: string) => `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;

test('the link check knows the base: links must name it, and relative links resolve under it', async () => {
  const dir = site({
    'index.html': page(
      '<a href="/token-trail/steps/tokens/#claims">ok</a> <a href="steps/tokens/">relative</a> <a href="/token-trail">home</a> <a href="/steps/tokens/">no base</a> <a href="/token-trail/steps/nope/">missing</a>',
    ),
    'steps/tokens/index.html': page('<h2 id="claims">Claims</h2><a href="../../">home</a><a href="/token-trail/favicon.svg">icon</a>'),
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  });
  const broken = await checkLinks(dir, { base: '/token-trail/' });
  assert.deepEqual(
    broken.map(({ page: from, href, reason }) => ({ from, href, reason })),
    [
      { from: '/token-trail/', href: '/steps/tokens/', reason: "/steps/tokens/ is outside the site's base path /token-trail/" },
      { from: '/token-trail/', href: '/token-trail/steps/nope/', reason: 'no page or file at /token-trail/steps/nope/' },
    ],
  );
  // The same site checked as if served at the root: now every base-prefixed link is broken.
  assert.equal((await checkLinks(dir)).filter((link) => link.href.startsWith('/token-trail')).length, 4);
});

describe('normalizeSiteOrigin', () => {
  test('an origin, with or without its slash; nothing at all is unknown', () => {
    assert.equal(normalizeSiteOrigin(undefined), undefined);
    assert.equal(normalizeSiteOrigin(' '), undefined);
    assert.equal(normalizeSiteOrigin('https://you.github.io'), 'https://you.github.io');
    assert.equal(normalizeSiteOrigin('https://trail.example/'), 'https://trail.example');
    assert.equal(normalizeSiteOrigin('http://127.0.0.1:4321'), 'http://127.0.0.1:4321');
  });

  test('a path, a query, another scheme or no URL at all is refused with a sentence that names the setting', () => {
    for (const value of [
      'https://you.github.io/token-trail/',
      'https://trail.example?x=1',
      'ftp://trail.example',
      'trail.example',
      'https://user@trail.example',
    ]) {
      assert.throws(() => normalizeSiteOrigin(value), /^Error: SITE_ORIGIN must be an origin such as https:\/\/trail\.example/, value);
    }
  });
});

describe('our static server under a base', () => {
  test('serves the folder at the base, redirects the bare base, and nothing outside it', async (t) => {
    const dir = site({
      'index.html': page('home'),
      'steps/tokens/index.html': page('tokens'),
      '404.html': page('not found'),
      'stack-worker.js': 'self.addEventListener("fetch", () => {});',
      '_astro/app.abc123.js': 'export {};',
    });
    const server = await serveStatic(dir, 0, { base: '/token-trail/' });
    t.after(() => server.close());
    const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

    const home = await get('/token-trail/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), /home/);
    assert.equal((await get('/token-trail/steps/tokens/')).status, 200);
    const bare = await get('/token-trail');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/token-trail/');
    const directory = await get('/token-trail/steps/tokens');
    assert.equal(directory.headers.get('location'), '/token-trail/steps/tokens/');
    for (const outside of ['/', '/steps/tokens/', '/stack-worker.js', '/token-trailer/']) {
      const response = await get(outside);
      assert.equal(response.status, 404, outside);
      assert.match(await response.text(), /not found/, outside);
    }

    // The stack's worker script: JavaScript, never used unchecked from a cache; hashed assets are immutable.
    const worker = await get('/token-trail/stack-worker.js');
    assert.equal(worker.status, 200);
    assert.equal(worker.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(worker.headers.get('cache-control'), 'no-cache');
    assert.equal(worker.headers.get('service-worker-allowed'), null, 'scope = the base, the script’s own folder: no Service-Worker-Allowed needed');
    assert.equal((await get('/token-trail/_astro/app.abc123.js')).headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  test('text goes out in Brotli to a client that takes it, else in gzip, else as it is; Vary says it depends', async (t) => {
    const text = `<p>${'a chapter '.repeat(200)}</p>`;
    const dir = site({ 'index.html': text, '404.html': page('not found') });
    const server = await serveStatic(dir, 0);
    t.after(() => server.close());
    for (const [accept, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const response = await fetch(`${server.url}/`, { headers: { 'accept-encoding': accept } });
      assert.equal(response.headers.get('content-encoding'), encoding, accept);
      assert.equal(response.headers.get('vary'), 'accept-encoding', accept);
      assert.equal(await response.text(), text, `${accept}: the same text once decoded`);
    }
  });

  test('at the root, as before', async (t) => {
    const dir = site({ 'index.html': page('home'), 'stack-worker.js': '//', '404.html': page('not found') });
    const server = await serveStatic(dir, 0);
    t.after(() => server.close());
    assert.equal((await fetch(`${server.url}/`)).status, 200);
    const worker = await fetch(`${server.url}/stack-worker.js`);
    assert.equal(worker.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(worker.headers.get('cache-control'), 'no-cache');
  });
});
