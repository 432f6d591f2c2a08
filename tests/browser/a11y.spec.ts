/**
 * Accessibility: axe-core finds no violation of
 * WCAG 2.2 AA on any page, in light and in dark, nor in the shell's opened
 * menus. The pages' Content-Security-Policy is checked in the same visit:
 * a blocked script or style shows up as a console error.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ALL_PAGES } from './pages.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// axe checks the contrast of every highlighted token: long code pages take a while.
test.describe.configure({ timeout: 90_000 });

/**
 * Once `goto` has returned (the load event: every module has run), a page
 * with widgets still asks the backend whether it answers, and shows the
 * answer: the page is settled once it has. Other pages are settled at load.
 */
async function settled(page: Page) {
  // The check starts when the browser is idle (within 2 s of load), then asks two local servers.
  if ((await page.locator('[data-connection-region]').count()) > 0)
    await expect(page.locator('html')).toHaveAttribute('data-backend-status', 'up', { timeout: 15_000 });
  if ((await page.locator('[data-flow][data-live]').count()) > 0) await expect(page.locator('[data-flow]')).toHaveAttribute('data-live', 'ready');
}

async function violations(page: Page) {
  // Legacy mode runs axe in the page itself rather than in an extra blank
  // page it opens to combine frames' results: our pages have no frames.
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).setLegacyMode(true).analyze();
  // Enough to act on: the rule, and where.
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    where: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')}: ${node.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
  }));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    for (const path of ALL_PAGES) {
      test(`${path} has no WCAG 2.2 AA violation and no CSP violation`, async ({ browser }) => {
        const context = await browser.newContext({ colorScheme });
        const page = await context.newPage();
        const cspErrors: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
        });
        await page.goto(path);
        await settled(page);
        expect(await violations(page)).toEqual([]);
        expect(cspErrors).toEqual([]);
        await context.close();
      });
    }

    test('the opened contents menu and search dialog have no violation', async ({ browser }) => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto('/steps/tokens/');
      await settled(page);
      await expect(page.locator('.key-hint')).toBeVisible();
      await page.getByRole('button', { name: 'Contents' }).click();
      expect(await violations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.keyboard.press('/');
      await page.getByRole('searchbox').fill('authorizer');
      await expect(page.locator('[data-search-results] li').first()).toBeVisible({ timeout: 15_000 }); // the index loads on first use
      expect(await violations(page)).toEqual([]);
      await context.close();
    });
  });
}
