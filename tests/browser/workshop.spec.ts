/**
 * The facilitator's console in Chromium, with a participant in another
 * browser context: the room shows the participant's progress as they reach
 * each step, pushed to the console while its clock stands still (so no
 * timer, no polling: the stream), and how fast is measured by `npm run bench
 * -- workshop`, never here; credential cards print eight to a page;
 * the token goes in no URL; names show as text; the console and the join
 * page pass axe. Nothing here changes what other tests see (no reset,
 * rotation or fault switch: those have node tests, tests/workshop/).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { uniqueName } from '../helpers/names.ts';
import { facilitatorToken } from './test-stack.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// axe on a full console takes a while on a busy machine.
test.describe.configure({ timeout: 90_000 });

/** The console, opened with the token, and the URL of every request it made; with `stillClock`, its timers stopped once it is live. */
async function openConsole(browser: Browser, options: { stillClock?: boolean } = {}): Promise<{ page: Page; urls: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  if (options.stillClock) await page.clock.install();
  await page.goto('/workshop/console/');
  await page.getByLabel('Facilitator token').fill(facilitatorToken());
  await page.getByRole('button', { name: 'Open the console' }).click();
  await expect(page.locator('[data-console-live]')).toHaveText('● Live');
  if (options.stillClock) await page.clock.pauseAt(Date.now() + 60_000);
  return { page, urls };
}

async function joinAs(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/workshop/join/');
  await page.getByLabel('Your name, as the room may see it (optional)').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.locator('[data-join-status]')).toHaveText(`You have joined as ${name}.`);
  return page;
}

// Live, without a reload of the console; how fast is the workshop benchmark's to measure (npm run bench -- workshop), never a test's.
test("the room shows a participant's progress as it happens, step by step", async ({ browser }) => {
  // No timer of the console's runs from here on: what changes in the room came down the live stream.
  const { page: console } = await openConsole(browser, { stillClock: true });
  const name = uniqueName('Ada');
  const participant = await joinAs(browser, name);
  const row = console.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Joined');

  await participant.goto('/steps/sign-in/');
  await expect(row).toContainText('Step 1: Sign in');
  await participant.goto('/steps/tokens/');
  await expect(row.locator('[data-furthest]')).toHaveText('Step 2');
  await expect(row).toContainText('Step 2:');
  // Back to an earlier step: where they are changes, the furthest step stays.
  await participant.goto('/steps/sign-in/');
  await expect(row).toContainText('Step 1: Sign in');
  await expect(row.locator('[data-furthest]')).toHaveText('Step 2');
});

test('a name is shown as text, never as markup', async ({ browser }) => {
  const { page: console } = await openConsole(browser);
  const name = `<img src=x onerror=document.title='owned'>${uniqueName('x').slice(-6)}`;
  await joinAs(browser, name.slice(0, 40));
  const row = console.getByRole('row').filter({ hasText: name.slice(0, 40) });
  await expect(row).toBeVisible();
  await expect(row.locator('img')).toHaveCount(0);
  expect(await console.title()).not.toBe('owned');
});

test('credential cards: created accounts print eight to a page, and nothing else of the console', async ({ browser }) => {
  const { page: console } = await openConsole(browser);
  const prefix = `cards-${uniqueName('p')
    .slice(-5)
    .replace(/[^a-z0-9]/g, '')}`;
  await console.getByLabel('How many').fill('10');
  await console.getByLabel('Name prefix').fill(prefix);
  await console.getByRole('button', { name: 'Create accounts' }).click();
  await expect(console.locator('[data-cards-summary]')).toHaveText('10 new accounts, 2 pages of cards.');
  const sheets = console.locator('.cards__sheet');
  await expect(sheets).toHaveCount(2);
  await expect(sheets.nth(0).locator('.card')).toHaveCount(8);
  await expect(sheets.nth(1).locator('.card')).toHaveCount(2);
  await expect(sheets.nth(0).locator('.card').first()).toContainText(`${prefix}-001`);
  await expect(sheets.nth(0).locator('.card').first()).toContainText(/Password[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}/);

  await console.emulateMedia({ media: 'print' });
  await expect(console.locator('[data-room-summary]')).toBeHidden();
  await expect(console.locator('.controls')).toBeHidden();
  await expect(console.locator('header').first()).toBeHidden();
  await expect(sheets.nth(0)).toBeVisible();
  expect(await sheets.nth(0).evaluate((sheet) => getComputedStyle(sheet).breakAfter)).toBe('page');
  expect(await sheets.nth(0).evaluate((sheet) => getComputedStyle(sheet).gridTemplateColumns.split(' ').length)).toBe(2);
});

test('the token is in no URL the console requests, and a wrong one opens nothing', async ({ browser }) => {
  const { page: console, urls } = await openConsole(browser);
  await console.getByRole('button', { name: 'Refresh' }).click();
  await console.reload();
  // Kept for this tab only, the console opens again after a reload.
  await expect(console.locator('[data-console-live]')).toHaveText('● Live');
  const token = facilitatorToken();
  expect(urls.length).toBeGreaterThan(3);
  expect(urls.filter((url) => url.includes(token))).toEqual([]);
  expect(console.url()).not.toContain(token);
  expect(await console.evaluate(() => localStorage.length)).toBe(0);

  const context = await browser.newContext();
  const stranger = await context.newPage();
  await stranger.goto('/workshop/console/');
  await stranger.getByLabel('Facilitator token').fill('ttf_not-the-token');
  await stranger.getByRole('button', { name: 'Open the console' }).click();
  await expect(stranger.locator('[data-console-status]')).toHaveText(/refused/);
  await expect(stranger.locator('[data-console]')).toBeHidden();
});

test('the console and the join page have no WCAG 2.2 AA violation', async ({ browser }) => {
  const { page: console } = await openConsole(browser);
  await console.getByLabel('How many').fill('1');
  await console.getByRole('button', { name: 'Create accounts' }).click();
  await expect(console.locator('.card')).toHaveCount(1);
  const results = await new AxeBuilder({ page: console }).withTags(WCAG_22_AA).setLegacyMode(true).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  const join = await joinAs(browser, uniqueName('axe'));
  const joinResults = await new AxeBuilder({ page: join }).withTags(WCAG_22_AA).setLegacyMode(true).analyze();
  expect(joinResults.violations.map((violation) => violation.id)).toEqual([]);
});
