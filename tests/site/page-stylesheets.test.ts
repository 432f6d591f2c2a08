/**
 * One stylesheet per page (src/integrations/page-stylesheets.ts): a page's
 * stylesheets joined in its own order, so that the cascade is unchanged,
 * into a file the pages with the same stylesheets share; under a base too.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { joinPageStylesheets } from '../../src/integrations/page-stylesheets.ts';

function site(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tt-page-css-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const page = (base: string, ...names: string[]) =>
  `<html><head><meta charset="utf-8">${names.map((name) => `<link rel="stylesheet" href="${base}_astro/${name}.css">`).join('')}<script></script></head><body></body></html>`;
const links = (html: string) => [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((match) => match[1]!);

for (const base of ['/', '/token-trail/']) {
  test(`under ${base}: each page links one file, its stylesheets joined in its order, shared by pages alike`, async (t) => {
    const root = site({
      '_astro/base.css': 'p{color:red}',
      '_astro/widget.css': 'p{color:blue}',
      '_astro/callout.css': '.c{margin:0}',
      'index.html': page(base, 'base', 'widget'),
      'steps/a/index.html': page(base, 'base', 'widget'),
      'steps/b/index.html': page(base, 'widget', 'base', 'callout'),
      'plain/index.html': page(base, 'base'),
    });
    t.after(() => rmSync(root, { recursive: true, force: true }));
    assert.deepEqual(await joinPageStylesheets(root, base), { pages: 3, files: 2 });

    const read = (path: string) => readFileSync(join(root, path), 'utf8');
    const [home] = links(read('index.html'));
    const [a] = links(read('steps/a/index.html'));
    const [b, ...others] = links(read('steps/b/index.html'));
    assert.equal(others.length, 0);
    assert.equal(a, home, 'the same stylesheets, the same file');
    assert.notEqual(b, home);
    assert.ok(home!.startsWith(`${base}_astro/page.`), home);
    const file = (href: string) => read(href.slice(base.length));
    // The order of the page, not of the files: the later rule still wins.
    assert.equal(file(home!), 'p{color:red}\np{color:blue}');
    assert.equal(file(b!), 'p{color:blue}\np{color:red}\n.c{margin:0}');
    // A page with one stylesheet keeps it; the rest of the page is as it was.
    assert.deepEqual(links(read('plain/index.html')), [`${base}_astro/base.css`]);
    assert.equal(read('index.html'), page(base, 'x').replace(`${base}_astro/x.css`, home!));
    assert.equal(readdirSync(join(root, '_astro')).filter((name) => name.startsWith('page.')).length, 2);
  });
}
