/**
 * The embeds, on the site built with no backend (the demo stack in the
 * reader's browser), framed by host pages of other origins: plain pages on
 * loopback servers of their own, as a blog would be. These tests run in
 * zero-install-subpath.spec.ts, on the site that file builds under
 * /token-trail/ (each worker of the zero-install project builds the site
 * it needs once: a file of their own could make a worker build it again).
 *
 * - Every widget framed by a host page of another origin,
 *   sized to its content and working; the host's script ignores messages
 *   from other windows, other origins and of other shapes, and the embed
 *   ignores hellos that are not its parent's.
 * - The ES module in a plain HTML page with no build step
 *   (examples/embed-host.html, as published).
 * - Tokens only in the fragment; a backend named by the host page; another
 *   site, where the browser may refuse the stack a frame.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Frame, type Page } from '@playwright/test';
import { CHROMIUM_PATH } from '../../scripts/lib/chromium-path.ts';
import { EMBED_PROTOCOL, sizeMessage } from '../../src/embed/protocol.ts';
import { startStack } from '../../src/stack/stack.ts';
import { expect } from './zero-install-journey.ts';
import { test } from './zero-install-site.ts';
import { row, submitSignIn } from './widget-helpers.ts';

/** A web server of another origin: the pages in `files`, by path, with no header of ours (any page may frame them). */
async function otherOrigin(): Promise<{ url: string; files: Map<string, string>; close(): Promise<void> }> {
  const files = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    const body = files.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (body === undefined) response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    files,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const html = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A host page</title></head><body>${body}</body></html>`;

/** Records, in the host page, every message it receives and every resize the module makes. */
const RECORDER = `<script>
  window.seen = [];
  window.resizes = [];
  addEventListener('message', (event) => seen.push({ from: [...document.querySelectorAll('iframe')].find((frame) => frame.contentWindow === event.source)?.id, origin: event.origin, data: event.data }));
  document.addEventListener('tt-embed:resize', (event) => resizes.push({ id: event.target.id, height: event.detail.height }));
</script>`;

/** The embed in `frameSelector` is exactly as tall as its content: no inner scrolling, no empty space. */
async function expectSizedToContent(host: Page, frameSelector: string): Promise<number> {
  const frame = host.frameLocator(frameSelector);
  let height = 0;
  await expect
    .poll(async () => {
      height = await host.locator(frameSelector).evaluate((element) => element.getBoundingClientRect().height);
      const { content, scrolls } = await frame.locator('[data-embed-content]').evaluate((element) => ({
        content: Math.ceil(element.getBoundingClientRect().height),
        scrolls: document.documentElement.scrollHeight > document.documentElement.clientHeight,
      }));
      return height === content && !scrolls ? 'sized to its content' : `frame ${height} px, content ${content} px${scrolls ? ', scrolling' : ''}`;
    })
    .toBe('sized to its content');
  return height;
}

function frameOf(host: Page, url: RegExp): Frame {
  const frame = host.frames().find((candidate) => url.test(candidate.url()));
  if (!frame) throw new Error(`No frame at ${url}`);
  return frame;
}

export function embedTests(): void {
  test.describe('embeds', () => {
    test.describe.configure({ timeout: 180_000 });
    let host: Awaited<ReturnType<typeof otherOrigin>>;
    let foreign: Awaited<ReturnType<typeof otherOrigin>>;

    test.beforeAll(async () => {
      host = await otherOrigin();
      foreign = await otherOrigin();
      foreign.files.set('/foreign.html', html('<p>Another site, inside the host page</p>'));
    });
    test.afterAll(async () => {
      await host.close();
      await foreign.close();
    });

    test('a host page of another origin frames every widget; each frame takes its content’s height, and each widget works', async ({
      page: hostPage,
      subPathSite: site,
    }) => {
      const frames = ['sign-in', 'token-inspector', 'jwks-viewer', 'api-call', 'tamper-lab']
        .map(
          (slug) =>
            `<iframe id="${slug}" data-tt-embed src="${site.url}embed/${slug}/" title="Token Trail: ${slug}" width="640" height="300" style="width:100%;max-width:640px;border:0"></iframe>`,
        )
        .join('\n');
      host.files.set('/all.html', html(`${RECORDER}<h1>A blog post</h1>${frames}<script type="module" src="${site.url}embed.js"></script>`));
      expect(new URL(host.url).origin).not.toBe(site.origin);
      await hostPage.setViewportSize({ width: 720, height: 900 });
      await hostPage.goto(`${host.url}/all.html`);

      const heights: Record<string, number> = {};
      for (const slug of ['sign-in', 'token-inspector', 'jwks-viewer', 'api-call', 'tamper-lab']) {
        heights[slug] = await expectSizedToContent(hostPage, `#${slug}`);
        // Every embed said its own height; none kept the frame's first one.
        expect(heights[slug], slug).not.toBe(300);
      }
      expect((await hostPage.evaluate(() => (window as unknown as { resizes: { id: string }[] }).resizes)).map((resize) => resize.id)).toEqual(
        expect.arrayContaining(['sign-in', 'token-inspector', 'jwks-viewer', 'api-call', 'tamper-lab']),
      );

      const signIn = hostPage.frameLocator('#sign-in');
      await submitSignIn(signIn.locator('tt-sign-in'), { demo: 'alice' });
      await expect(signIn.getByRole('status')).toContainText('Signed in as alice.');
      await expectSizedToContent(hostPage, '#sign-in');

      // The other embeds are of the same origin in the same tab: they share the reader's session, as a chapter's widgets do.
      const inspector = hostPage.frameLocator('#token-inspector');
      await expect(row(inspector.locator('tt-token-inspector'), 'data-claim', 'cognito:username')).toContainText('alice');
      expect(await expectSizedToContent(hostPage, '#token-inspector')).toBeGreaterThan(heights['token-inspector']! + 500);

      const jwks = hostPage.frameLocator('#jwks-viewer');
      await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
      await expect(jwks.getByRole('status')).toContainText('2 keys fetched; two of them signed your tokens.');
      expect(await expectSizedToContent(hostPage, '#jwks-viewer')).toBeGreaterThan(heights['jwks-viewer']!);

      const api = hostPage.frameLocator('#api-call');
      await api.getByRole('button', { name: 'Send the request' }).click();
      await expect(api.locator('.tt-trace__verdict')).toContainText('✓ 200: allowed. Every check passed and the function answered.');
      await expect(api.getByLabel('Response body')).toContainText('Hello, alice!');
      expect(await expectSizedToContent(hostPage, '#api-call')).toBeGreaterThan(heights['api-call']!);

      const lab = hostPage.frameLocator('#tamper-lab');
      await lab.getByRole('button', { name: 'Start from my ID token' }).click();
      await lab.getByRole('button', { name: 'alg: none', exact: true }).click();
      await lab.getByRole('button', { name: 'Send to the gateway' }).click();
      await expect(lab.locator('.tt-trace__verdict')).toContainText('✗ 401: refused by the check “alg”');
      expect(await expectSizedToContent(hostPage, '#tamper-lab')).toBeGreaterThan(heights['tamper-lab']!);

      // Narrower: the content wraps, grows, and the frame follows (once in view: see src/embed/frame.ts).
      await hostPage.locator('#sign-in').scrollIntoViewIfNeeded();
      const before = await expectSizedToContent(hostPage, '#sign-in');
      await hostPage.setViewportSize({ width: 360, height: 900 });
      expect(await expectSizedToContent(hostPage, '#sign-in')).toBeGreaterThan(before);
    });

    test('the host’s script ignores other windows, other origins and other messages; the embed ignores hellos that are not its parent’s', async ({
      page: hostPage,
      subPathSite: site,
    }) => {
      host.files.set(
        '/guarded.html',
        html(
          `${RECORDER}<iframe id="embed" data-tt-embed src="${site.url}embed/tamper-lab/" title="Token Trail: tamper lab" style="width:100%;border:0"></iframe>` +
            // Not for the module: no data-tt-embed, so nobody says hello to it but the test.
            `<iframe id="quiet" src="${site.url}embed/jwks-viewer/" title="Token Trail: keys" style="width:100%;border:0"></iframe>` +
            `<iframe id="foreign" src="${foreign.url}/foreign.html" title="Another site"></iframe>` +
            `<script type="module" src="${site.url}embed.js"></script>`,
        ),
      );
      await hostPage.goto(`${host.url}/guarded.html`);
      const sized = await expectSizedToContent(hostPage, '#embed');
      const embed = frameOf(hostPage, /embed\/tamper-lab\//);
      const quiet = frameOf(hostPage, /embed\/jwks-viewer\//);
      const other = frameOf(hostPage, /foreign\.html/);
      const seen = () => hostPage.evaluate(() => (window as unknown as { seen: { from?: string; origin: string; data: unknown }[] }).seen);
      const resizes = () =>
        hostPage.evaluate(() => (window as unknown as { resizes: { id: string; height: number }[] }).resizes.map((resize) => resize.height));
      const countBefore = (await seen()).length;

      await test.step('the host: a well-formed size from another origin, from the host itself, and malformed ones from the embed change nothing', async () => {
        const forged = sizeMessage(77);
        await other.evaluate((message) => {
          parent.postMessage(message, '*');
          parent.postMessage({ ...message, height: 78 }, '*');
        }, forged);
        await hostPage.evaluate((message) => postMessage({ ...message, height: 79 }, '*'), forged);
        // From the embed's own window and origin, but not the protocol's shape.
        const malformed: unknown[] = [
          { ...forged, version: 2, height: 80 },
          { ...forged, protocol: 'another-library', height: 81 },
          { type: 'size', height: 82 },
          { ...forged, height: '83' },
          { ...forged, height: -84 },
          { ...forged, height: 1e9 },
          { ...forged, type: 'resize', height: 85 },
          '[iFrameSizer]embed:86:640:init',
        ];
        await embed.evaluate((messages) => {
          for (const message of messages) parent.postMessage(message, '*');
        }, malformed);
        // Every one of them has reached the host page (its own listener saw them), and none resized anything.
        await expect.poll(async () => (await seen()).length - countBefore).toBe(3 + malformed.length);
        for (const height of [77, 78, 79, 80, 81, 82, 83, 84, 85, 86]) expect(await resizes(), String(height)).not.toContain(height);
        expect(await hostPage.locator('#embed').evaluate((element) => element.getBoundingClientRect().height)).toBe(sized);
        // The same message from the embed itself is taken: the listener was there all along.
        await embed.evaluate((message) => parent.postMessage(message, '*'), sizeMessage(123));
        await expect.poll(resizes).toContain(123);
      });

      await test.step('the embed: a hello from a window other than its parent is ignored, and its sizes keep going to its parent alone', async () => {
        await other.evaluate(() => {
          (window as unknown as { got: unknown[] }).got = [];
          addEventListener('message', (event) => (window as unknown as { got: unknown[] }).got.push(event.data));
        });
        await embed.evaluate(() => {
          (window as unknown as { heard: string[] }).heard = [];
          addEventListener('message', (event) => (window as unknown as { heard: string[] }).heard.push(event.origin));
        });
        // The foreign frame finds the embed among its parent's frames, and says hello to it as a host would.
        await other.evaluate((protocol) => parent.frames[0]!.postMessage({ protocol, version: 1, type: 'hello' }, '*'), EMBED_PROTOCOL);
        await expect.poll(() => embed.evaluate(() => (window as unknown as { heard: string[] }).heard)).toContain(foreign.url);
        // The embed's content grows: its new height goes to the host page, not to the foreign frame.
        await embed.evaluate(() =>
          document.querySelector('[data-embed-content]')!.append(Object.assign(document.createElement('div'), { style: 'height: 250px' })),
        );
        await expect.poll(resizes).toContain(sized + 250);
        expect(await other.evaluate(() => (window as unknown as { got: unknown[] }).got)).toEqual([]);
      });

      await test.step('the embed: its parent’s messages that are not a well-formed hello get no answer; a hello does', async () => {
        const quietMessages = async () => (await seen()).filter((message) => message.from === 'quiet');
        const before = (await quietMessages()).length;
        await quiet.evaluate(() => {
          (window as unknown as { heard: number }).heard = 0;
          addEventListener('message', () => (window as unknown as { heard: number }).heard++);
        });
        await hostPage.evaluate(
          ([origin, protocol]) => {
            const frame = (document.getElementById('quiet') as HTMLIFrameElement).contentWindow!;
            for (const message of [
              { protocol, version: 2, type: 'hello' },
              { protocol: 'another-library', version: 1, type: 'hello' },
              { type: 'hello' },
              'hello',
              { protocol, version: 1, type: 'size', height: 5 },
            ]) {
              frame.postMessage(message, origin);
            }
          },
          [site.origin, EMBED_PROTOCOL] as const,
        );
        await expect.poll(() => quiet.evaluate(() => (window as unknown as { heard: number }).heard)).toBe(5);
        // Its content grows: with no hello, it tells nobody.
        await quiet.evaluate(() =>
          document.querySelector('[data-embed-content]')!.append(Object.assign(document.createElement('div'), { style: 'height: 40px' })),
        );
        await hostPage.evaluate(
          ([origin, protocol]) =>
            (document.getElementById('quiet') as HTMLIFrameElement).contentWindow!.postMessage({ protocol, version: 1, type: 'hello' }, origin),
          [site.origin, EMBED_PROTOCOL] as const,
        );
        await expect.poll(async () => (await quietMessages()).length).toBe(before + 1);
      });
    });

    test('the ES module in a plain HTML page with no build step (examples/embed-host.html)', async ({ page: hostPage, subPathSite: site }) => {
      const example = readFileSync(new URL('../../examples/embed-host.html', import.meta.url), 'utf8');
      expect(example).toContain('<script type="module" src="http://127.0.0.1:4321/embed.js"></script>');
      // The page as published, pointed at this build instead of npm start's.
      host.files.set('/example.html', example.replaceAll('http://127.0.0.1:4321/', site.url));
      const token = /<tt-token-inspector token="([^"]+)"/.exec(example)![1]!;
      await hostPage.goto(`${host.url}/example.html`);

      const elements = ['tt-sign-in', 'tt-token-inspector >> nth=0', 'tt-token-inspector >> nth=1', 'tt-jwks-viewer', 'tt-api-call'];
      for (const element of elements) await expectSizedToContent(hostPage, `${element} >> iframe`);
      // The elements' own content is the fallback for a page without the module: hidden once it runs.
      const fallback = await hostPage.locator('tt-sign-in').evaluate((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return { text: range.toString(), rendered: range.getClientRects().length };
      });
      expect(fallback).toEqual({ text: 'The sign-in widget loads here.', rendered: 0 });

      // Attributes became the embed's parameters; the token went to the fragment, nowhere else.
      const src = (selector: string) => hostPage.locator(`${selector} >> iframe`).getAttribute('src');
      expect(await src('tt-api-call')).toBe(`${site.url}embed/api-call/?api=http&route=%2Fhello&token=access`);
      expect(await src('tt-token-inspector >> nth=0')).toBe(`${site.url}embed/token-inspector/?show=id`);
      expect(await src('tt-token-inspector >> nth=1')).toBe(`${site.url}embed/token-inspector/#token=${token}`);
      expect(site.requests.filter((request) => request.includes(token.slice(0, 40)))).toEqual([]);

      // The given token, decoded in the embed.
      const given = hostPage.frameLocator('tt-token-inspector >> nth=1 >> iframe');
      await expect(row(given.locator('tt-token-inspector'), 'data-claim', 'cognito:username')).toContainText('sam');
      await expect(given.getByLabel('Paste a token')).toBeChecked();

      // A new token attribute changes only the fragment: the embed shows it without reloading, and shows it as text.
      await given.locator('body').evaluate((body) => (body.dataset.marker = 'still this document'));
      const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const hostile = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ sub: 'x', name: '<img src=x onerror="document.title=1">' })}.c2ln`;
      await hostPage.locator('tt-token-inspector >> nth=1').evaluate((element, value) => element.setAttribute('token', value), hostile);
      await expect(row(given.locator('tt-token-inspector'), 'data-claim', 'name')).toContainText('<img src=x onerror="document.title=1">');
      await expect(given.locator('tt-token-inspector img')).toHaveCount(0);
      await expect(given.locator('body')).toHaveAttribute('data-marker', 'still this document');

      // The plain frame of the example, sized by the same module.
      await expectSizedToContent(hostPage, 'iframe[data-tt-embed]');

      // And the widgets work: sign in, and the API call sends the access token to the HTTP API.
      const signIn = hostPage.frameLocator('tt-sign-in >> iframe');
      await submitSignIn(signIn.locator('tt-sign-in'), { demo: 'bob' });
      await expect(signIn.getByRole('status')).toContainText('Signed in as bob.');
      const api = hostPage.frameLocator('tt-api-call >> iframe');
      await api.getByRole('button', { name: 'Send the request' }).click();
      await expect(api.locator('.tt-trace__verdict')).toContainText('✓ 200: allowed.');
      await expect(api.getByLabel('The Lambda event')).toContainText('"version": "2.0"');
      await expectSizedToContent(hostPage, 'tt-api-call >> iframe');
    });

    test('a token in the query is refused and said to be; in the fragment it never reaches the server', async ({ page, subPathSite: site }) => {
      const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const token = `${b64({ alg: 'RS256', kid: 'query-kid' })}.${b64({ sub: 'in-the-query', token_use: 'id' })}.c2lnbmF0dXJl`;
      await page.goto(`${site.url}embed/token-inspector/?token=${token}`);
      await expect(page.getByRole('alert')).toContainText('carries a token in its query (token=…)');
      await expect(page.locator('tt-token-inspector [data-claim="sub"]')).toHaveCount(0);

      const fragmentToken = token.replace(b64({ alg: 'RS256', kid: 'query-kid' }), b64({ alg: 'RS256', kid: 'fragment-kid' }));
      const before = site.requests.length;
      await page.goto(`${site.url}embed/token-inspector/#token=${fragmentToken}`);
      await expect(row(page.locator('tt-token-inspector'), 'data-claim', 'sub')).toContainText('in-the-query');
      expect(site.requests.slice(before).filter((request) => request.includes('fragment-kid') || request.includes(fragmentToken.slice(0, 30)))).toEqual([]);
      expect(site.requests.slice(before)).toContain(`GET ${site.base}embed/token-inspector/`);
    });

    test('a backend named by the host page: the Node demo stack on this machine, instead of the stack in the browser', async ({
      page: hostPage,
      subPathSite: site,
    }, testInfo) => {
      // The stack's local endpoints (traces) answer the site's pages: the embeds are the site's.
      const stack = await startStack({ dataDir: testInfo.outputPath('stack'), host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [site.origin] });
      try {
        const named = `backend="local" userpool="${stack.info.userPoolEndpoint}" gateway="${new URL(stack.info.apis.rest).origin}"`;
        host.files.set(
          '/local.html',
          html(`<tt-sign-in ${named}></tt-sign-in><tt-api-call ${named}></tt-api-call><script type="module" src="${site.url}embed.js"></script>`),
        );
        await hostPage.goto(`${host.url}/local.html`);
        const signIn = hostPage.frameLocator('tt-sign-in >> iframe');
        await expect(signIn.locator('tt-sign-in')).toContainText(`against the local demo pool us-east-1_TrailDemo at ${stack.info.userPoolEndpoint}`);
        await expect(signIn.locator('[data-embed-backend]')).toHaveText(
          `Node demo stack at ${new URL(stack.info.userPoolEndpoint).host} (named by this page's host)`,
        );
        await submitSignIn(signIn.locator('tt-sign-in'), { demo: 'alice' });
        await expect(signIn.getByRole('status')).toContainText('Signed in as alice.');

        const api = hostPage.frameLocator('tt-api-call >> iframe');
        await api.getByRole('button', { name: 'Send the request' }).click();
        await expect(api.locator('.tt-trace__verdict')).toContainText('✓ 200: allowed.');
        await expect(api.locator('.tt-trace__hop[data-hop="signature"]')).toHaveAttribute('data-ok', 'true');
        // The pool that answered is the Node stack's: its issuer is in the token, and no Service Worker ever started.
        await expect(api.getByLabel('The Lambda event')).toContainText(`"iss": "${stack.info.issuer}"`);
        expect(await frameOf(hostPage, /embed\/sign-in\//).evaluate(() => navigator.serviceWorker.getRegistrations().then((all) => all.length))).toBe(0);
      } finally {
        await stack.close();
      }
    });

    test('on another site (localhost, not 127.0.0.1): in Chromium as shipped, with its storage partitioning, the stack runs in the embed', async ({
      subPathSite: site,
    }) => {
      // Playwright turns Chromium's third-party storage partitioning off
      // (see its chromiumSwitches), and a frame of another site then gets no
      // storage and no Service Worker. Chromium ships with it on: a
      // --disable-features of our own replaces Playwright's list (the last
      // such switch wins) and leaves it on.
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: ['--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,PaintHolding,OptimizationHints,MediaRouter'],
      });
      try {
        const hostPage = await browser.newPage();
        host.files.set('/cross-site.html', html(`<tt-sign-in></tt-sign-in><script type="module" src="${site.url}embed.js"></script>`));
        await hostPage.goto(`${host.url.replace('127.0.0.1', 'localhost')}/cross-site.html`);
        const signIn = hostPage.frameLocator('tt-sign-in >> iframe');
        await submitSignIn(signIn.locator('tt-sign-in'), { demo: 'alice' });
        await expect(signIn.getByRole('status')).toContainText('Signed in as alice.');
        await expectSizedToContent(hostPage, 'tt-sign-in >> iframe');
      } finally {
        await browser.close();
      }
    });

    test('on another site, where the browser refuses the frame its storage, the embed says so and offers a tab of its own, where the stack runs', async ({
      page: hostPage,
      context,
      subPathSite: site,
    }) => {
      host.files.set('/refused.html', html(`<tt-sign-in></tt-sign-in><script type="module" src="${site.url}embed.js"></script>`));
      await hostPage.goto(`${host.url.replace('127.0.0.1', 'localhost')}/refused.html`);
      const signIn = hostPage.frameLocator('tt-sign-in >> iframe');
      await submitSignIn(signIn.locator('tt-sign-in'), { demo: 'alice' });
      await expect(signIn.locator('tt-sign-in').getByRole('status')).toContainText('This browser does not let the site run its demo stack');
      const link = signIn.getByRole('link', { name: 'Open this widget in a tab of its own' });
      await expect(link).toHaveAttribute('href', `${site.url}embed/sign-in/`);
      await expectSizedToContent(hostPage, 'tt-sign-in >> iframe');
      const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await submitSignIn(tab.locator('tt-sign-in'), { demo: 'alice' });
      await expect(tab.locator('tt-sign-in').getByRole('status')).toContainText('Signed in as alice.');
    });

    test('oEmbed: the embed page names its JSON, which any origin may read, and whose HTML frames the embed and loads the module', async ({
      page,
      subPathSite: site,
    }) => {
      await page.goto(`${site.url}embed/api-call/`);
      const link = page.locator('link[rel="alternate"][type="application/json+oembed"]');
      const href = await link.getAttribute('href');
      expect(href).toBe(`${site.url}embed/api-call/oembed.json`);
      // Read from another origin's page, as a browser-side consumer would.
      await page.goto(`${host.url}/nothing-here`);
      const oembed = await page.evaluate((url) => fetch(url).then((response) => response.json()), href!);
      expect(oembed).toMatchObject({
        version: '1.0',
        type: 'rich',
        provider_name: 'Token Trail',
        provider_url: site.url,
        width: 640,
        height: expect.any(Number),
      });
      expect(oembed.html).toContain(`<iframe data-tt-embed src="${site.url}embed/api-call/"`);
      expect(oembed.html).toContain(`<script type="module" src="${site.url}embed.js"></script>`);
      // The HTML works as handed out.
      host.files.set('/oembed.html', html(oembed.html));
      await page.goto(`${host.url}/oembed.html`);
      await expectSizedToContent(page, 'iframe[data-tt-embed]');
      await expect(page.frameLocator('iframe[data-tt-embed]').getByRole('button', { name: 'Send the request' })).toBeVisible();
    });
  });
}
