/**
 * Checks over the built site: what every
 * page ships, its Content-Security-Policy, the backend it embeds, and its
 * deep links. The site is built here, twice: with no backend at all (the
 * demo stack then runs in the reader's browser: what `npm run build` makes
 * for a static host) and against a made-up AWS backend. The Node stack's
 * CSP is checked in tests/site/backend.test.ts and by `npm start`'s test.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildSite, type BuiltSite } from '../helpers/site-build.ts';
import { eagerScripts } from '../helpers/page-scripts.ts';
import { EMBED_CONNECT_SOURCES } from '../../src/embed/csp.ts';
import { EMBED_MODULE_FILE, EMBEDS } from '../../src/embed/widgets.ts';

const BUDGET_BYTES = 25 * 1024;
const AWS_ENV = {
  PUBLIC_COGNITO_USER_POOL_ID: 'eu-west-2_AbCdEfGhI',
  PUBLIC_COGNITO_CLIENT_ID: '1example23456789abcdefghij',
  PUBLIC_REST_API_URL: 'https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com/prod',
  PUBLIC_HTTP_API_URL: 'https://f6g7h8i9j0.execute-api.eu-west-2.amazonaws.com',
};

let browser: BuiltSite;
let aws: BuiltSite;

interface Page {
  /** URL path, e.g. /steps/tokens/ */
  path: string;
  html: string;
}

function pages(site: BuiltSite): Page[] {
  const found: Page[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // The playground's sandbox is no page of the site: it has a policy of its own, checked below.
      else if (entry.name.endsWith('.html') && relative(site.dir, full).split(sep).join('/') !== 'playground/sandbox.html') {
        const file = relative(site.dir, full).split(sep).join('/');
        found.push({ path: `/${file.replace(/index\.html$/, '')}`, html: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(site.dir);
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** Chapters, from their own markup: every chapter page says which chapter it is. */
function chapters(site: BuiltSite) {
  return pages(site)
    .map((page) => ({ ...page, id: /<html[^>]*\bdata-chapter="([^"]+)"/.exec(page.html)?.[1] }))
    .filter((page): page is Page & { id: string } => page.id !== undefined);
}

const WIDGET_TAG = /<tt-(sign-in|token-inspector|jwks-viewer|api-call|tamper-lab|code-tabs|runnable)\b/;

const isEmbed = (page: Page) => page.path.startsWith('/embed/');

function csp(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP <meta>');
  return new Map(
    content
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function embeddedBackend(html: string): Record<string, any> {
  const json = /<script type="application\/json" id="tt-backend">([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(json, 'the page embeds #tt-backend');
  return JSON.parse(json);
}

// Two builds, each well under a minute alone; bounded, so that a build that hangs fails the file.
const BUILDS_MS = 600_000;

before(
  async () => {
    // No stack.json in an empty data folder, no PUBLIC_*: the stack in the browser.
    const noStack = mkdtempSync(join(tmpdir(), 'token-trail-no-stack-'));
    // Published at a known origin: the embeds' oEmbed files are written then, and only then.
    browser = await buildSite({
      env: {
        TOKEN_TRAIL_DATA: noStack,
        SITE_BASE: undefined,
        SITE_ORIGIN: 'https://trail.example',
        ...Object.fromEntries(Object.keys(AWS_ENV).map((name) => [name, undefined])),
      },
    });
    aws = await buildSite({ env: { ...AWS_ENV, SITE_ORIGIN: undefined } });
  },
  { timeout: BUILDS_MS },
);
after(() => {
  for (const site of [browser, aws]) if (site) rmSync(site.dir, { recursive: true, force: true });
});

describe('budgets', () => {
  test('a chapter page with widgets ships at most 25 KB of gzipped JavaScript before the reader interacts', () => {
    const withWidgets = chapters(browser).filter((page) => WIDGET_TAG.test(page.html));
    assert.ok(withWidgets.length >= 7, 'every step chapter has widgets');
    const report = withWidgets.map((page) => ({ page: page.path, kb: eagerScripts(browser.dir, page.html).gzipBytes / 1024 }));
    console.log(report.map(({ page, kb }) => `  ${kb.toFixed(1).padStart(5)} KB  ${page}`).join('\n'));
    for (const { page, kb } of report) assert.ok(kb * 1024 <= BUDGET_BYTES, `${page} ships ${kb.toFixed(1)} KB of gzipped JavaScript eagerly, more than 25 KB`);
  });

  test('a prose-only chapter ships no JavaScript at all', () => {
    const proseOnly = chapters(browser).filter((page) => !WIDGET_TAG.test(page.html));
    assert.ok(proseOnly.length >= 2, 'the overview and troubleshooting chapters have no widgets');
    for (const page of proseOnly) {
      const scripts = eagerScripts(browser.dir, page.html);
      assert.deepEqual({ files: scripts.files, inline: scripts.inline }, { files: [], inline: [] }, `${page.path} ships JavaScript`);
      // Not even a lazily loaded file: no executable <script> element at all.
      const executable = [...page.html.matchAll(/<script\b([^>]*)>/g)].filter(([, attributes]) => !/type="application\/json"/.test(attributes!));
      assert.deepEqual(executable, [], `${page.path} has a <script> element`);
    }
  });

  test('every page links at most one stylesheet, its own, which is there: one render-blocking request before the first paint', () => {
    for (const page of pages(browser)) {
      const stylesheets = [...page.html.matchAll(/<link rel="stylesheet" href="\/([^"]+)"/g)].map((match) => match[1]!);
      assert.ok(stylesheets.length <= 1, `${page.path} links ${stylesheets.length} stylesheets`);
      for (const file of stylesheets) assert.ok(existsSync(join(browser.dir, file)), `${page.path}: ${file}`);
    }
    assert.ok(
      chapters(browser).every((page) => /<link rel="stylesheet" href="\/_astro\/page\.[\w-]+\.css"/.test(page.html)),
      'every chapter has its joined stylesheet',
    );
  });

  test('Amplify is bundled, but loads on demand: no page runs it before the reader acts', () => {
    const isAmplify = (id: string) => /[\\/]node_modules[\\/](@aws-amplify|aws-amplify)[\\/]/.test(id);
    const amplifyChunks = [...browser.chunkModules].filter(([, ids]) => ids.some(isAmplify)).map(([file]) => `/${file}`);
    assert.ok(amplifyChunks.length > 0, 'some chunk holds @aws-amplify (the sign-in widget imports it)');
    for (const page of pages(browser)) {
      const eager = new Set(eagerScripts(browser.dir, page.html).files);
      for (const chunk of amplifyChunks) assert.ok(!eager.has(chunk), `${page.path} loads ${chunk} (Amplify) before the reader acts`);
    }
  });
});

describe('the code playground', () => {
  test('CodeMirror is bundled, but loads on demand: no page runs it before the reader opens a snippet', () => {
    const isEditor = (id: string) => /[\\/]node_modules[\\/](@codemirror|codemirror|@lezer)[\\/]/.test(id);
    const editorChunks = [...browser.chunkModules].filter(([, ids]) => ids.some(isEditor)).map(([file]) => `/${file}`);
    assert.ok(editorChunks.length > 0, 'some chunk holds CodeMirror (the playground imports it)');
    const withRunnable = pages(browser).filter((page) => /<tt-runnable\b/.test(page.html));
    assert.ok(withRunnable.length >= 5, 'steps 1 to 4 and the anatomy chapter have snippets to run');
    for (const page of pages(browser)) {
      const eager = new Set(eagerScripts(browser.dir, page.html).files);
      for (const chunk of editorChunks) assert.ok(!eager.has(chunk), `${page.path} loads ${chunk} (CodeMirror) before the reader acts`);
    }
  });

  test("its sandbox page: scripts of the site's own and eval, and nothing else, not even fetch", () => {
    const html = readFileSync(join(browser.dir, 'playground/sandbox.html'), 'utf8');
    const policy = csp(html);
    assert.deepEqual(Object.fromEntries(policy), {
      'default-src': ["'none'"],
      'script-src': ["'self'", "'unsafe-eval'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
    });
    for (const file of ['sandbox.js', 'lib-jose.js', 'lib-aws-jwt-verify.js', 'lib-amplify.js'])
      assert.ok(existsSync(join(browser.dir, 'playground', file)), file);
    // Classic scripts: a module script requested from the sandbox's opaque origin would need CORS from the host.
    assert.doesNotMatch(html, /type="module"/);
  });
});

describe('the stack in the browser', () => {
  test("its worker script is at the site root, and no page loads it or the stack's code before the reader acts", () => {
    const worker = join(browser.dir, 'stack-worker.js');
    assert.ok(existsSync(worker), 'dist/stack-worker.js');
    assert.match(readFileSync(worker, 'utf8'), /_stack/);
    const stackModules = (id: string) => /[\\/]src[\\/]stack[\\/]/.test(id);
    const clientChunks = [...browser.chunkModules].filter(([file]) => file.startsWith('_astro/'));
    assert.ok(clientChunks.length > 0, 'the build has client chunks');
    for (const [file, ids] of clientChunks)
      assert.ok(!ids.some(stackModules), `${file} bundles the stack itself (${ids.filter(stackModules).join(', ')}): it belongs in the worker only`);
    for (const page of pages(browser)) assert.doesNotMatch(page.html, /stack-worker\.js/, `${page.path} names the worker script in its markup`);
  });

  test('the widgets point readers who want curl at the Node stack, with the URLs it has by default', () => {
    for (const page of chapters(browser).filter((chapter) => /<tt-code-tabs\b/.test(chapter.html))) {
      assert.match(page.html, /These snippets need the Node demo stack/, page.path);
      assert.match(page.html, /npm run stack/, page.path);
    }
  });
});

describe('Content-Security-Policy', () => {
  test('built with no backend, every page connects to its own origin only (the embeds also to loopback), and may run the stack as a worker of its own', () => {
    for (const page of pages(browser)) {
      const policy = csp(page.html);
      assert.deepEqual(policy.get('connect-src'), isEmbed(page) ? ["'self'", ...EMBED_CONNECT_SOURCES] : ["'self'"], page.path);
      assert.deepEqual(policy.get('worker-src'), ["'self'"], page.path);
      assert.deepEqual(policy.get('default-src'), ["'self'"], page.path);
      assert.deepEqual(policy.get('object-src'), ["'none'"], page.path);
      assert.ok(!policy.get('script-src')?.includes("'unsafe-inline'"), `${page.path}: no inline script is allowed without its hash`);
      assert.ok(!policy.get('script-src')?.includes("'unsafe-eval'"), `${page.path}: no eval`);
    }
  });

  test('built for AWS, connect-src admits exactly Cognito in the pool region and the two APIs', () => {
    for (const page of pages(aws)) {
      assert.deepEqual(
        csp(page.html).get('connect-src'),
        [
          "'self'",
          'https://a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com',
          'https://cognito-idp.eu-west-2.amazonaws.com',
          'https://f6g7h8i9j0.execute-api.eu-west-2.amazonaws.com',
          // The embeds, for a Node stack a host page names (src/embed/csp.ts).
          ...(isEmbed(page) ? EMBED_CONNECT_SOURCES : []),
        ],
        page.path,
      );
    }
  });

  test('every inline script is allowed by its hash', async () => {
    const { createHash } = await import('node:crypto');
    for (const page of pages(browser)) {
      const allowed = csp(page.html).get('script-src') ?? [];
      for (const code of eagerScripts(browser.dir, page.html).inline) {
        const hash = `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
        assert.ok(allowed.includes(hash), `${page.path}: an inline script is not in script-src`);
      }
      assert.equal(/<style\b/.test(page.html), false, `${page.path}: styles are files, which 'self' admits`);
    }
  });
});

describe('the backend each page embeds', () => {
  test('every page says which backend it talks to, in #tt-backend, with nothing secret', () => {
    for (const page of pages(browser)) {
      const backend = embeddedBackend(page.html);
      assert.equal(backend.kind, 'browser', page.path);
      assert.equal(backend.jwksUri, '/_stack/cognito/us-east-1_TrailDemo/.well-known/jwks.json', page.path);
      assert.doesNotMatch(page.html, /secretAccessKey|accessKeyId/, `${page.path} leaks the stack's admin credentials`);
    }
    for (const page of pages(aws)) {
      const backend = embeddedBackend(page.html);
      assert.equal(backend.kind, 'aws', page.path);
      assert.equal(backend.issuer, 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_AbCdEfGhI', page.path);
    }
  });
});

describe('deep links', () => {
  test('every chapter lives at /<its file path>/, and every section heading has an anchor that links to itself', () => {
    const found = chapters(browser);
    assert.ok(found.length >= 15, `${found.length} chapters`);
    for (const page of found) {
      assert.equal(page.path, `/${page.id}/`);
      const headings = [...page.html.matchAll(/<h([234]) id="([^"]+)">/g)].map((match) => match[2]!);
      const prose = /<div class="prose">([\s\S]*)<\/div>/.exec(page.html)?.[1] ?? '';
      const proseHeadings = [...prose.matchAll(/<h[234]\b([^>]*)>/g)];
      assert.ok(proseHeadings.length > 0, `${page.path} has sections`);
      for (const [, attributes] of proseHeadings) assert.match(attributes!, /\bid="[^"]+"/, `${page.path}: a heading without an id`);
      for (const id of headings.filter((id) => prose.includes(`id="${id}"`))) {
        assert.ok(prose.includes(`href="#${id}"`), `${page.path}: #${id} has no self-link`);
      }
    }
  });

  test('the seven steps keep the URLs the flow diagram and other sites link to', () => {
    const paths = new Set(chapters(browser).map((page) => page.path));
    for (const slug of ['sign-in', 'tokens', 'call-api', 'authorizer', 'lambda', 'lambda-response', 'response']) {
      assert.ok(paths.has(`/steps/${slug}/`), `/steps/${slug}/`);
    }
  });
});

describe('three authorizers, wherever the site compares them', () => {
  const AUTHORIZERS = ['REST API, Cognito authorizer', 'HTTP API, JWT authorizer', 'REST API, JWT authorizer'];
  const text = (html: string) =>
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;|&#x27;/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  const tables = (html: string) => [...html.matchAll(/<table\b[\s\S]*?<\/table>/g)].map((match) => match[0]);
  const page = (path: string) => pages(browser).find((candidate) => candidate.path === path)!;

  test('the token-kind matrix of the ID-vs-access chapter gives each of the three a row per route, with both tokens', () => {
    const matrix = tables(page('/guides/id-vs-access/').html).find(
      (table) => /<th[^>]*>\s*ID token\s*<\/th>/.test(table) && /<th[^>]*>\s*Access token\s*<\/th>/.test(table),
    );
    assert.ok(matrix, 'the chapter has a table with an ID token and an access token column');
    const rows = [...matrix.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((row) => text(row[0]));
    for (const authorizer of AUTHORIZERS) {
      const of = rows.filter((row) => row.startsWith(`${authorizer} `));
      assert.ok(of.length >= 2, `${authorizer}: ${of.length} rows`);
      assert.ok(of.some((row) => row.includes('/hello')) && of.some((row) => row.includes('/scoped')), `${authorizer}: /hello and /scoped`);
    }
    assert.ok(
      rows.some((row) => row.startsWith('REST API, JWT authorizer /access')),
      'the route only the REST JWT authorizer has',
    );
  });

  test('the overview and the attacks lab compare the three, and the authorizer step names them', () => {
    const overview = tables(page('/overview/').html)
      .map(text)
      .find((table) => table.startsWith('API and authorizer'));
    assert.ok(overview, "the overview's table of authorizers");
    for (const name of ['REST API, Cognito authorizer', 'HTTP API, JWT authorizer', 'REST API, JWT authorizer'])
      assert.ok(overview.includes(name), `overview: ${name}`);
    const lab = tables(page('/guides/attacks-lab/').html)
      .map(text)
      .find((table) => table.startsWith('Token Check'));
    assert.ok(lab?.startsWith(`Token Check ${AUTHORIZERS.join(' ')}`), `attacks lab columns: ${lab?.slice(0, 120)}`);
    const step = tables(page('/steps/authorizer/').html)
      .map(text)
      .find((table) => table.startsWith('API Authorizer'));
    for (const name of ['Cognito authorizer', 'JWT authorizer for REST APIs']) assert.ok(step?.includes(name), `authorizer step: ${name}`);
    assert.match(step!, /HTTP API \(v2\).*JWT authorizer/);
  });

  test("every chapter's flow diagram lists the three at step 4, in the tutorial's order", () => {
    const pagesWithDiagram = [...chapters(browser), page('/')];
    for (const { path, html } of pagesWithDiagram) {
      const list = /<div class="flow__authorizers[^"]*"[^>]*data-flow-authorizers[\s\S]*?<\/ul>/.exec(html)?.[0];
      assert.ok(list, `${path} has the diagram's list of authorizers`);
      const items = [...list.matchAll(/<li\b[^>]*data-api="([^"]+)"[^>]*>([\s\S]*?)<\/li>/g)].map((match) => [match[1], text(match[2]!)]);
      assert.deepEqual(
        items.map(([api]) => api),
        ['rest', 'http', 'restJwt'],
        path,
      );
      assert.match(items[0]![1]!, /^REST API \(v1\) \+ Cognito authorizer/, path);
      assert.match(items[1]![1]!, /^HTTP API \(v2\) \+ JWT authorizer/, path);
      assert.match(items[2]![1]!, /^REST API \(v1\) \+ JWT authorizer/, path);
    }
  });
});

describe('the embeds', () => {
  test('one page per widget under /embed/<widget>/, with that widget alone, its oEmbed file named in its head', () => {
    const embeds = pages(browser).filter(isEmbed);
    assert.deepEqual(embeds.map((page) => page.path).sort(), EMBEDS.map((widget) => `/embed/${widget.slug}/`).sort());
    for (const widget of EMBEDS) {
      const page = embeds.find((candidate) => candidate.path === `/embed/${widget.slug}/`)!;
      assert.deepEqual(
        [...page.html.matchAll(/<(tt-[a-z-]+)\b/g)].map((match) => match[1]),
        [widget.tag],
        page.path,
      );
      assert.match(page.html, /<meta name="robots" content="noindex">/, page.path);
      const href = `https://trail.example/embed/${widget.slug}/oembed.json`;
      assert.ok(page.html.includes(`<link rel="alternate" type="application/json+oembed" href="${href}"`), page.path);
      const oembed = JSON.parse(readFileSync(join(browser.dir, 'embed', widget.slug, 'oembed.json'), 'utf8'));
      assert.equal(oembed.version, '1.0');
      assert.equal(oembed.type, 'rich');
      assert.equal(oembed.provider_url, 'https://trail.example/');
      assert.ok(oembed.html.startsWith(`<iframe data-tt-embed src="https://trail.example/embed/${widget.slug}/"`), page.path);
      assert.equal(oembed.height, widget.height);
    }
  });

  test("the embed's own script runs before the widget's: it configures the element before the element starts", () => {
    for (const page of pages(browser).filter(isEmbed)) {
      const modules = [...page.html.matchAll(/<script type="module" src="([^"]+)"/g)].map((match) => match[1]!);
      assert.equal(modules.length, 2, page.path);
      const files = modules.map((src) => [...browser.chunkModules].find(([file]) => `/${file}` === src)?.[1] ?? []);
      assert.ok(
        files[0]!.some((id) => id.endsWith('/src/embed/frame.ts') || id.includes('Embed.astro')),
        `${page.path}: the first module is the embed's`,
      );
      assert.ok(!files[0]!.some((id) => /[\\/]src[\\/]widgets[\\/]/.test(id)), `${page.path}: the embed's module bundles no widget`);
    }
  });

  test('built without SITE_ORIGIN, there is no oEmbed file and no discovery link: the HTML they hand out must name the site', () => {
    for (const widget of EMBEDS) {
      assert.equal(existsSync(join(aws.dir, 'embed', widget.slug, 'oembed.json')), false, widget.slug);
      assert.doesNotMatch(readFileSync(join(aws.dir, 'embed', widget.slug, 'index.html'), 'utf8'), /json\+oembed/, widget.slug);
    }
  });

  test(`the host pages' module, ${EMBED_MODULE_FILE}, stands alone: one file, nothing to import, a few KB`, async () => {
    const { gzipSync } = await import('node:zlib');
    const code = readFileSync(join(browser.dir, EMBED_MODULE_FILE), 'utf8');
    assert.doesNotMatch(code, /\bimport\s*[\s{*"'(]|\bimport\(/, 'imports nothing');
    assert.match(code, /import\.meta\.url/, 'finds the site from its own URL');
    for (const widget of EMBEDS) assert.ok(code.includes(widget.tag), widget.tag);
    const gzip = gzipSync(code, { level: 9 }).length;
    console.log(`  ${EMBED_MODULE_FILE}: ${(code.length / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzipped`);
    assert.ok(gzip <= 5 * 1024, `${EMBED_MODULE_FILE} is ${gzip} bytes gzipped, more than 5 KB`);
  });
});
