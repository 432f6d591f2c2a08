/**
 * Zero install under a sub-path: the site built with
 * `SITE_BASE=/token-trail/` and served at http://127.0.0.1:<port>/token-trail/,
 * as a GitHub Pages project site is. The same journey as at the root, then
 * what lives outside the base: nothing of the site's, not even its stack.
 * Then the embeds, framed by other origins' pages (zero-install-embeds.ts).
 */
import { expect, zeroInstallJourney } from './zero-install-journey.ts';
import { embedTests } from './zero-install-embeds.ts';
import { test } from './zero-install-site.ts';

test.describe.configure({ timeout: 300_000 });

test('the whole journey under /token-trail/, with no server of ours', async ({ page, subPathSite: site }) => {
  expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/token-trail\/$/);
  await zeroInstallJourney(page, site);
});

test('every link, the search index and the stack stay under the base', async ({ page, subPathSite: site }) => {
  await page.goto(`${site.url}overview/`);
  const links = await page.locator('a[href^="/"], link[href^="/"]').evaluateAll((elements) => elements.map((element) => element.getAttribute('href')!));
  expect(links.length).toBeGreaterThan(20);
  expect(links.filter((href) => !href.startsWith('/token-trail/'))).toEqual([]);
  // A chapter's own Markdown link, written /steps/sign-in/ in content/overview.mdx.
  await expect(page.locator('.prose a', { hasText: 'Sign in' }).first()).toHaveAttribute('href', '/token-trail/steps/sign-in/');

  await page.goto(`${site.url}search/?q=JWKS`);
  const results = page.locator('[data-search-results] a');
  await expect(results.first()).toBeVisible();
  const hrefs = await results.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')!));
  expect(hrefs.filter((href) => !href.startsWith('/token-trail/'))).toEqual([]);
  await results.first().click();
  await expect(page).toHaveURL(/\/token-trail\/(steps|guides|overview)\//);

  // The stack answers under the base only: the same path at the host's root is not the site's.
  await page.goto(`${site.url}steps/authorizer/`);
  await page.locator('tt-jwks-viewer').getByRole('button', { name: 'Fetch the keys' }).click();
  await expect(page.locator('tt-jwks-viewer').getByRole('status')).toContainText('keys fetched');
  const outside = `${site.origin}/_stack/cognito/us-east-1_TrailDemo/.well-known/jwks.json`;
  const response = page.waitForResponse(outside);
  expect(await page.evaluate((url) => fetch(url).then((r) => r.status), outside)).toBe(404);
  expect((await response).fromServiceWorker()).toBe(false);
  expect(site.requests).toContain('GET /_stack/cognito/us-east-1_TrailDemo/.well-known/jwks.json');
});

// The embeds, framed by other origins' pages, on this same build (see the file for why here).
embedTests();
