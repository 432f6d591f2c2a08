/**
 * Presenter mode: the keyboard walks every step, screen by screen and from
 * chapter to chapter; the screens pass axe, light and dark; the checkpoint
 * answers open; the speaker notes from the chapter's source follow in a
 * second window, which can drive the presentation too; Esc leaves.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { STEP_CHAPTERS } from './pages.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test.describe.configure({ timeout: 120_000 });

const where = (page: Page) => page.locator('[data-presenter-where]');

/** Which screen is on show, as the presenter bar says it: chapter title, screen n of m, screen title. */
async function screen(page: Page): Promise<{ chapter: string; n: number; of: number; title: string }> {
  await expect(where(page)).toHaveText(/ · screen \d+ of \d+: /);
  const text = (await where(page).textContent())!;
  const match = / · screen (\d+) of (\d+): (.*)$/.exec(text)!;
  return { chapter: text.slice(0, match.index), n: Number(match[1]), of: Number(match[2]), title: match[3]! };
}

test('the keyboard walks every screen of every step, forwards and back', async ({ page }) => {
  await page.goto(`${STEP_CHAPTERS[0]!.path}?present`);
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
  const visited: string[] = [];
  for (const [i, chapter] of STEP_CHAPTERS.entries()) {
    await expect(page).toHaveURL(new RegExp(`${chapter.path}\\?present=1$`));
    let current = await screen(page);
    expect(current.chapter).toBe(chapter.title);
    expect(current.n).toBe(1);
    await expect(page.locator('.chapter-head h1')).toBeVisible();
    await expect(page.locator('.chapter-head h1')).toBeFocused();
    await expect(page.locator('[data-flow]')).toBeVisible();
    for (let n = 2; n <= current.of; n++) {
      await page.keyboard.press('ArrowRight');
      const next = await screen(page);
      expect(next.n).toBe(n);
      current = next;
      // One screen at a time: the chapter's title is off, this screen's heading on and focused.
      await expect(page.locator('.chapter-head h1')).toBeHidden();
      await expect(page.locator(':focus')).toHaveText(next.title);
    }
    expect(current.title).toBe('Checkpoint');
    await expect(page.locator('[data-checkpoint-answer]').first()).toHaveAttribute('open', '');
    visited.push(chapter.id);
    if (i < STEP_CHAPTERS.length - 1) await page.keyboard.press('ArrowRight');
  }
  expect(visited).toEqual(STEP_CHAPTERS.map((chapter) => chapter.id));

  // Back from the first screen of a step: the last screen of the step before.
  await page.goto(`${STEP_CHAPTERS[1]!.path}?present`);
  await expect(where(page)).toContainText('screen 1 of');
  await page.keyboard.press('ArrowLeft');
  await expect(page).toHaveURL(new RegExp(`${STEP_CHAPTERS[0]!.path}\\?present=`));
  const last = await screen(page);
  expect(last.n).toBe(last.of);
  await page.keyboard.press('Home');
  expect((await screen(page)).n).toBe(1);
  await page.keyboard.press('End');
  expect((await screen(page)).title).toBe('Checkpoint');

  // Esc leaves: the whole chapter again, answers folded.
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).not.toHaveAttribute('data-present', '');
  await expect(page.locator('.chapter-head h1')).toBeVisible();
  await expect(page.locator('[data-checkpoint-answer]').first()).not.toHaveAttribute('open', '');
  expect(new URL(page.url()).searchParams.has('present')).toBe(false);
  // P brings it back.
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`presenter mode passes axe (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const path of [`${STEP_CHAPTERS[3]!.path}?present=1`, `${STEP_CHAPTERS[3]!.path}?present=2`, `${STEP_CHAPTERS[3]!.path}?present=last`]) {
      await page.goto(path);
      await expect(where(page)).toHaveText(/screen/);
      const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).setLegacyMode(true).analyze();
      expect(results.violations.map((violation) => `${path} ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    await context.close();
  });
}

test('the speaker notes follow in a second window, and drive the presentation', async ({ context }) => {
  const presenter = await context.newPage();
  await presenter.goto(`${STEP_CHAPTERS[3]!.path}?present`);
  await expect(where(presenter)).toContainText('screen 1 of');
  const notes = await context.newPage();
  await notes.goto('/present/notes/');
  await expect(notes.locator('[data-notes-where]')).toContainText('screen 1 of');
  await presenter.bringToFront();
  await presenter.keyboard.press('ArrowRight');
  await expect(notes.locator('[data-notes-title]')).toHaveText('What happens');
  // The notes come from the chapter's source (content/steps/authorizer.mdx), as text.
  await expect(notes.locator('[data-notes-text]')).toContainText('This is the heart of the session');
  await expect(notes.locator('[data-notes-checkpoints] li')).toHaveCount(3);
  await expect(notes.locator('[data-notes-checkpoints]')).toContainText('fails closed');
  await notes.getByRole('button', { name: 'Next →' }).click();
  await expect(where(presenter)).toContainText('screen 3 of');
  await expect(notes.locator('[data-notes-where]')).toContainText('screen 3 of');
  const results = await new AxeBuilder({ page: notes }).withTags(WCAG_22_AA).setLegacyMode(true).analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);
});
