import { expect, test } from '@playwright/test';
import { CHAPTERS, STEP_CHAPTERS } from './pages.ts';

test('the home page lists every chapter in reading order, each linking to its stable URL', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('main .card h3 a');
  await expect(cards).toHaveCount(CHAPTERS.length);
  for (const [index, chapter] of CHAPTERS.entries()) {
    await expect(cards.nth(index)).toHaveAttribute('href', chapter.path);
  }
  await page.getByRole('link', { name: 'Jump to step 1' }).click();
  await expect(page).toHaveURL(/\/steps\/sign-in\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to the user pool');
});

for (const chapter of CHAPTERS) {
  test(`${chapter.path} renders its chapter, the flow diagram, and previous/next links`, async ({ page }) => {
    await page.goto(chapter.path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(chapter.title);
    if (chapter.step) await expect(page.locator('.eyebrow')).toHaveText(`Step ${chapter.step} of 7`);
    await expect(page.locator('.prose p').first()).not.toBeEmpty();
    await expect(page.locator('[data-flow] svg')).toBeVisible();
    if (chapter.step) await expect(page.locator(`[data-flow] .flow-step.is-current[data-step="${chapter.step}"]`)).toHaveCount(1);

    const index = CHAPTERS.indexOf(chapter);
    const pager = page.getByRole('navigation', { name: 'Previous and next chapter' });
    if (index > 0) await expect(pager.locator('a[rel="prev"]')).toHaveAttribute('href', CHAPTERS[index - 1]!.path);
    if (index < CHAPTERS.length - 1) await expect(pager.locator('a[rel="next"]')).toHaveAttribute('href', CHAPTERS[index + 1]!.path);
  });
}

test('the flow diagram links each step to its chapter, and marks the current one', async ({ page }) => {
  await page.goto('/steps/authorizer/');
  const diagram = page.locator('[data-flow] svg');
  for (const chapter of STEP_CHAPTERS) {
    await expect(diagram.locator(`.flow-step[data-step="${chapter.step}"] a`)).toHaveAttribute('href', chapter.path);
  }
  await expect(diagram.locator('a[aria-current="page"]')).toHaveAttribute('href', '/steps/authorizer/');
});

test('a deep link to a heading lands on it, and every heading links to itself', async ({ page }) => {
  await page.goto('/guides/jwt-anatomy/#cognitos-claims');
  const heading = page.getByRole('heading', { name: /^Cognito.s claims$/ });
  await expect(heading).toBeInViewport();
  await expect(page.getByRole('link', { name: /^Section link: Cognito.s claims$/ })).toHaveAttribute('href', '#cognitos-claims');
});

test('the contents menu opens, lists every chapter, marks this one, and closes with Escape', async ({ page }) => {
  await page.goto('/steps/tokens/');
  await page.getByRole('button', { name: 'Contents' }).click();
  const menu = page.getByRole('navigation', { name: 'Contents' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('link')).toHaveCount(CHAPTERS.length);
  await expect(menu.locator('a[aria-current="page"]')).toHaveAttribute('href', '/steps/tokens/');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
});

test('an unknown URL gets the 404 page, which lists every chapter', async ({ page }) => {
  const response = await page.goto('/steps/no-such-step/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page is off the trail');
  await expect(page.locator('main a[href^="/steps/"], main a[href^="/guides/"], main a[href="/overview/"]')).toHaveCount(CHAPTERS.length);
});

test('every AWS URL shape stands next to its local equivalent', async ({ page }) => {
  await page.goto('/guides/jwks-and-rotation/');
  const pair = page.locator('.url-pair').first();
  await expect(pair).toContainText('https://cognito-idp.{region}.amazonaws.com/{userPoolId}/.well-known/jwks.json');
  await expect(pair).toContainText(/http:\/\/127\.0\.0\.1:\d+\/us-east-1_TrailDemo\/\.well-known\/jwks\.json/);
});

test('every page is usable at 320 px: nothing wider than the screen but what scrolls in its own frame', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  for (const path of ['/', ...CHAPTERS.map((chapter) => chapter.path), '/search/']) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} is ${overflow}px wider than 320`).toBeLessThanOrEqual(0);
  }
  // The header's controls are all there, and still work.
  await page.goto('/steps/tokens/');
  await page.getByRole('button', { name: 'Contents' }).click();
  await expect(page.getByRole('navigation', { name: 'Contents' })).toBeVisible();
  await context.close();
});

test('the print stylesheet keeps the chapter and its diagram, and drops the controls', async ({ page }) => {
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await page.goto('/steps/authorizer/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('[data-flow] svg')).toBeVisible();
  await expect(page.locator('[data-flow] figcaption')).toBeVisible();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.pager')).toBeHidden();
  // Printed in light colours whatever the screen's theme.
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
});
