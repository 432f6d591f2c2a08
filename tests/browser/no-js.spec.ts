/**
 * Reading without JavaScript: every chapter's text,
 * diagram and code render, and each widget's place says what it would do.
 */
import { expect, test } from '@playwright/test';
import { CHAPTERS } from './pages.ts';

test.use({ javaScriptEnabled: false });

const WIDGET_TAGS: Record<string, string> = {
  SignIn: 'tt-sign-in',
  TokenInspector: 'tt-token-inspector',
  JwksViewer: 'tt-jwks-viewer',
  ApiCall: 'tt-api-call',
  TamperLab: 'tt-tamper-lab',
  CodeTabs: 'tt-code-tabs',
  Runnable: 'tt-runnable',
};

for (const chapter of CHAPTERS) {
  test(`${chapter.path} reads fully without JavaScript`, async ({ page }) => {
    await page.goto(chapter.path);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(chapter.title);

    // The text: every paragraph of the chapter is there and visible.
    const paragraphs = page.locator('.prose > p');
    expect(await paragraphs.count()).toBeGreaterThan(2);
    for (const paragraph of await paragraphs.all()) await expect(paragraph).toBeVisible();

    // The diagram, with its text labels.
    const diagram = page.locator('[data-flow] svg');
    await expect(diagram).toBeVisible();
    for (const label of ['Browser', 'Cognito', 'Gateway', 'Lambda']) await expect(diagram.getByText(label, { exact: true })).toBeVisible();

    // The code, highlighted at build time.
    const code = page.locator('.prose pre.astro-code');
    if ((await code.count()) > 0) {
      await expect(code.first()).toBeVisible();
      expect((await code.first().textContent())?.trim().length).toBeGreaterThan(10);
    }

    // Each widget's place says what the widget would do.
    for (const widget of chapter.widgets) {
      const places = page.locator(WIDGET_TAGS[widget]!);
      expect(await places.count(), `${widget} is on the page`).toBeGreaterThan(0);
      for (const place of await places.all()) {
        await expect(place).toBeVisible();
        expect((await place.innerText()).trim().length, `${widget} says what it would do`).toBeGreaterThan(30);
      }
    }

    // Navigation works with links alone.
    await expect(page.getByRole('navigation', { name: 'Previous and next chapter' }).getByRole('link').first()).toBeVisible();
  });
}

test('the home page lists every chapter without JavaScript', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('main .card h3 a')).toHaveCount(CHAPTERS.length);
  // Controls that need JavaScript are not shown without it.
  await expect(page.getByRole('button', { name: 'Reset progress' })).toBeHidden();
});
