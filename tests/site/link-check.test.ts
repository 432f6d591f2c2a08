/**
 * The build's link check: internal links and
 * #anchors are checked in the build, and a broken one fails it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { checkLinks, scan } from '../../src/integrations/link-check.ts';
import { buildSite, ROOT } from '../helpers/site-build.ts';

function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'token-trail-links-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const page = (body: string) => `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;

test('a site whose links and anchors all resolve passes', async () => {
  const dir = site({
    'index.html': page(
      '<a href="/steps/tokens/">tokens</a> <a href="/steps/tokens/#claims">claims</a> <a href="steps/tokens/">relative</a> <a href="/favicon.svg">icon</a> <a href="#top" id="top">top</a>',
    ),
    'steps/tokens/index.html': page(
      '<h2 id="claims">Claims</h2><a href="../../">home</a><a href="/404.html">404</a><svg><a href="/steps/tokens/"><text>1</text></a></svg>',
    ),
    '404.html': page('<p>nothing</p>'),
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  });
  assert.deepEqual(await checkLinks(dir), []);
});

test('missing pages, missing anchors and anchors on non-pages are reported, external links are not', async () => {
  const dir = site({
    'index.html': page(
      [
        '<a href="/steps/nope/">a missing page</a>',
        '<a href="/steps/tokens/#nope">a missing anchor</a>',
        '<a href="#nope">a missing anchor here</a>',
        '<a href="/favicon.svg#x">an anchor in a file</a>',
        '<link rel="next" href="/guides/gone/">',
        '<img src="/missing.png" alt="">',
        '<a href="https://example.com/nope">external</a>',
        '<a href="mailto:someone@example.com">mail</a>',
        // Code in the prose is escaped text, not a link.
        '<pre><code>&lt;a href="/not/a/link/"&gt;</code></pre>',
        // Nor is anything inside a script.
        '<script type="application/json">{"href":"/also/not/a/link/"}</script>',
      ].join(''),
    ),
    'steps/tokens/index.html': page('<h2 id="claims">Claims</h2>'),
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  });
  const broken = await checkLinks(dir);
  assert.deepEqual(
    broken.map((link) => link.href),
    ['/steps/nope/', '/steps/tokens/#nope', '#nope', '/favicon.svg#x', '/guides/gone/', '/missing.png'],
  );
  assert.match(broken[1]!.reason, /no element with id "nope"/);
});

test('the scanner reads attributes in any quoting, and decodes entities', () => {
  const { ids, links } = scan(`<a href='/a/?x=1&amp;y=2' id=first>a</a><h2 id="caf&#233;">b</h2><a name="legacy"></a><!-- <a href="/commented/"> -->`);
  assert.deepEqual(links, ['/a/?x=1&y=2']);
  assert.deepEqual([...ids], ['first', 'café', 'legacy']);
});

test('astro build fails on a broken link, and says which', { timeout: 300_000 }, async () => {
  await assert.rejects(buildSite({ root: join(ROOT, 'tests', 'fixtures', 'broken-link-site') }), (error: Error) => {
    assert.match(error.message, /2 broken internal link/);
    assert.match(error.message, /\/guides\/missing-chapter\//);
    assert.match(error.message, /#no-such-heading/);
    return true;
  });
});
