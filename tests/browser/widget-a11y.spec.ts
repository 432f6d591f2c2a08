/**
 * The widgets once they have something to show (a wire log, a decoded token,
 * keys, a trace, a forged token's refusal): no WCAG 2.2 AA violation in light
 * or dark, and nothing wider than a 320 px screen. The pages as first loaded
 * are checked by a11y.spec.ts.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { openSignedIn } from './widget-helpers.ts';

const expect = baseExpect.configure({ timeout: 20_000 });
// axe on pages full of highlighted code is slow on a shared machine.
test.describe.configure({ timeout: 300_000 });

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Violations inside every widget of this kind on the page (`tag`), closed disclosures opened first. */
async function violations(page: Page, tag: string) {
  await page.locator(tag).evaluateAll((widgets) => {
    for (const widget of widgets) for (const details of widget.querySelectorAll('details')) details.open = true;
  });
  // Legacy mode runs axe in the page itself rather than in an extra blank page it opens to combine frames' results: ours have none.
  const results = await new AxeBuilder({ page }).include(tag).withTags(WCAG_22_AA).setLegacyMode(true).analyze();
  return results.violations.map((violation) => ({
    rule: violation.id,
    where: violation.nodes.slice(0, 3).map((node) => `${node.target.join(' ')}: ${node.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
  }));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the widgets' results have no WCAG 2.2 AA violation (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();

    await page.goto('/steps/sign-in/');
    const signIn = page.locator('tt-sign-in');
    await signIn.getByRole('radio', { name: /^bob \// }).check();
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(signIn.getByRole('status')).toContainText('Signed in as bob.');
    expect(await violations(page, 'tt-sign-in')).toEqual([]);

    await page.goto('/steps/tokens/');
    const inspector = page.locator('tt-token-inspector').first();
    await inspector.getByRole('button', { name: /Verify the signature/ }).click();
    await expect(inspector.locator('[data-outcome="valid"]')).toBeVisible();
    await expect(inspector.getByLabel('Payload (decoded)').locator('span').first()).toBeAttached();
    expect(await violations(page, 'tt-token-inspector')).toEqual([]);

    await page.goto('/steps/authorizer/');
    const jwks = page.locator('tt-jwks-viewer');
    await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
    await expect(jwks.locator('.tt-jwks__key').first()).toBeVisible();
    expect(await violations(page, 'tt-jwks-viewer')).toEqual([]);

    const api = page.locator('tt-api-call').first();
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(api.locator('.tt-trace__verdict')).toBeVisible();
    expect(await violations(page, 'tt-api-call')).toEqual([]);

    await openSignedIn(page, '/guides/attacks-lab/');
    const lab = page.locator('tt-tamper-lab');
    await lab.getByRole('button', { name: 'Start from my ID token' }).click();
    await lab.getByRole('button', { name: 'Unknown kid' }).click();
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(lab.locator('.tt-trace__verdict')).toBeVisible();
    expect(await violations(page, 'tt-tamper-lab')).toEqual([]);

    await page.goto('/steps/call-api/');
    const tabs = page.locator('tt-code-tabs').first();
    await tabs.getByRole('tab', { name: 'Lambda / jose' }).click();
    expect(await violations(page, 'tt-code-tabs')).toEqual([]);
    await context.close();
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the code playground, opened and run against the Node stack, has no WCAG 2.2 AA violation and fits 320 px (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme, viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await page.goto('/guides/jwt-anatomy/');
    const runnable = page.locator('tt-runnable');
    await runnable.getByRole('button', { name: 'Edit and run' }).click();
    await expect(runnable.locator('.cm-editor')).toBeVisible();
    await runnable.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(runnable.getByRole('status')).toHaveText('Finished.');
    // Decoded by hand, alice's ID token: her name as the pool wrote it.
    await expect(runnable.getByRole('log', { name: 'Output of Decode a token by hand' })).toContainText('"name": "Alice Example"');
    expect(await violations(page, 'tt-runnable')).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
}

test('at 320 px wide, every widget fits the page, its results and open details included', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  /** The page's width, and the widgets wider than their box (wide code scrolls inside them instead). */
  const fits = async () => {
    await page.locator('.tt-w details').evaluateAll((all) => {
      for (const details of all) (details as HTMLDetailsElement).open = true;
    });
    return page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      overflowing: [...document.querySelectorAll('.tt-w')].filter((widget) => widget.scrollWidth > widget.clientWidth).map((widget) => widget.localName),
    }));
  };
  const fitting = { page: 320, overflowing: [] };

  await page.goto('/steps/sign-in/');
  const signIn = page.locator('tt-sign-in');
  await signIn.getByRole('radio', { name: /^bob \// }).check();
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByRole('status')).toContainText('Signed in as bob.');
  expect(await fits()).toEqual(fitting);

  await page.goto('/steps/tokens/');
  await expect(page.locator('tt-token-inspector').first().getByLabel('Payload (decoded)').locator('span').first()).toBeAttached();
  expect(await fits()).toEqual(fitting);

  await page.goto('/steps/authorizer/');
  await page.locator('tt-jwks-viewer').getByRole('button', { name: 'Fetch the keys' }).click();
  // Both API calls of the page: the REST API's Cognito authorizer, and its JWT authorizer on /access.
  for (const api of await page.locator('tt-api-call').all()) {
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(api.locator('.tt-trace__verdict')).toBeVisible();
  }
  await expect(page.locator('.tt-trace__verdict')).toHaveCount(2);
  await expect(page.locator('.tt-jwks__key').first()).toBeVisible();
  expect(await fits()).toEqual(fitting);

  await page.goto('/guides/attacks-lab/');
  const lab = page.locator('tt-tamper-lab');
  await lab.getByRole('button', { name: 'Start from my ID token' }).click();
  await lab.getByRole('button', { name: 'HS256 with the public key' }).click();
  await lab.getByRole('button', { name: 'Send to the gateway' }).click();
  await expect(lab.locator('.tt-trace__verdict')).toBeVisible();
  expect(await fits()).toEqual(fitting);
  await context.close();
});
