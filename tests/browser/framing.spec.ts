/**
 * No other site can frame ours (clickjacking): every response carries
 * `Content-Security-Policy: frame-ancestors 'none'` and `X-Frame-Options:
 * DENY` (scripts/lib/security-headers.ts), which a `<meta>` CSP cannot do.
 * A host page on another origin, served here on a free port, frames a
 * chapter; Chromium must refuse to show it. The embeds, under /embed/, are
 * the one exception: made to be framed, by any site.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

const CHAPTER = '/steps/sign-in/';
let host: Server;
let hostOrigin: string;

/** A page that frames `src`, and says on its body when the frame has loaded (also when the frame is refused). */
const framing = (src: string) =>
  `<!doctype html><html lang="en"><title>Another site</title><body><iframe title="framed" src="${src.replaceAll('"', '&quot;')}" onload="document.body.dataset.frameLoaded = 'yes'"></iframe></body></html>`;

test.beforeAll(async () => {
  host = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://host');
    if (url.pathname === '/framable') {
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><html lang="en"><title>Framable</title><p id="framable">No header forbids framing this page.</p></html>');
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(framing(url.searchParams.get('src') ?? '/framable'));
    }
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => host.close(resolve));
});

test('the method works: a page without the headers shows inside the host’s frame', async ({ page }) => {
  await page.goto(`${hostOrigin}/?src=${encodeURIComponent(`${hostOrigin}/framable`)}`);
  await expect(page.locator('body[data-frame-loaded="yes"]')).toBeAttached();
  await expect(page.frameLocator('iframe').locator('#framable')).toBeVisible();
});

test('a chapter of the site refuses to be framed by another origin', async ({ page, baseURL }) => {
  const target = new URL(CHAPTER, baseURL).href;
  expect(new URL(target).origin).not.toBe(hostOrigin);
  const refused = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
  const served = page.waitForResponse(target);
  await page.goto(`${hostOrigin}/?src=${encodeURIComponent(target)}`);

  // The frame has loaded (a refused frame loads too, with an error page)…
  await expect(page.locator('body[data-frame-loaded="yes"]')).toBeAttached();
  // …but not the site: no chapter in it, not even its name.
  await expect(page.frameLocator('iframe').locator('html[data-chapter]')).toHaveCount(0);
  await expect(page.frameLocator('iframe').getByText('Token Trail')).toHaveCount(0);
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  expect(frame?.url()).not.toBe(target);

  // The site did answer, with the headers that forbid framing, and Chromium said why it refused.
  const response = await served;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-security-policy']).toBe("frame-ancestors 'none'");
  expect(response.headers()['x-frame-options']).toBe('DENY');
  expect((await refused).text()).toContain("frame-ancestors 'none'");
});

test("the playground's sandbox page: the site's own chapters may frame it, another origin may not", async ({ page, baseURL }) => {
  const target = new URL('/playground/sandbox.html', baseURL).href;
  const served = page.waitForResponse(target);
  const refused = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
  await page.goto(`${hostOrigin}/?src=${encodeURIComponent(target)}`);
  await expect(page.locator('body[data-frame-loaded="yes"]')).toBeAttached();
  const response = await served;
  expect(response.headers()['content-security-policy']).toBe("frame-ancestors 'self'");
  expect(response.headers()['x-frame-options']).toBe('SAMEORIGIN');
  expect((await refused).text()).toContain("frame-ancestors 'self'");
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  expect(frame?.url()).not.toBe(target);
});

test('an embed page shows inside another origin’s frame, and works there', async ({ page, baseURL }) => {
  const target = new URL('/embed/jwks-viewer/', baseURL).href;
  const served = page.waitForResponse(target);
  await page.goto(`${hostOrigin}/?src=${encodeURIComponent(target)}`);
  const embed = page.frameLocator('iframe');
  await expect(embed.getByText("The pool's public keys (JWKS)", { exact: true })).toBeVisible();
  const response = await served;
  expect(response.status()).toBe(200);
  expect(response.headers()['content-security-policy']).toBeUndefined();
  expect(response.headers()['x-frame-options']).toBeUndefined();
  // The page's own policy (its <meta>) still holds everything else.
  expect(await embed.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')).toContain("object-src 'none'");
  await embed.getByRole('button', { name: 'Fetch the keys' }).click();
  await expect(embed.getByRole('status')).toContainText('keys fetched');
});
