/**
 * The site shell: theme, keyboard navigation, reading progress, search, the
 * connection check and the live flow diagram.
 */
import { expect, test, type Page } from '@playwright/test';
import { stackOrigins } from './test-stack.ts';
import { CHAPTERS, PROSE_ONLY } from './pages.ts';

const DARK_BG = 'rgb(14, 17, 22)';
const LIGHT_BG = 'rgb(251, 250, 247)';
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** On a chapter with widgets, the shell's module has run once its JavaScript-only hint shows. */
const shellReady = (page: Page) => expect(page.locator('.key-hint')).toBeVisible();

test.describe('theme', () => {
  test('follows the system by default', async ({ browser }) => {
    for (const [colorScheme, expected] of [
      ['dark', DARK_BG],
      ['light', LIGHT_BG],
    ] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto('/steps/tokens/');
      expect(await background(page)).toBe(expected);
      await context.close();
    }
  });

  test('the choice is remembered, and applied before the page’s modules run (no flash)', async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto('/steps/tokens/');
    await shellReady(page);
    await page.locator('label[for="tt-theme-dark"]').click();
    expect(await background(page)).toBe(DARK_BG);

    // With every module blocked, only the inline boot script can apply the theme.
    await page.route('**/_astro/*.js', (route) => route.abort());
    await page.goto('/steps/call-api/');
    expect(await background(page)).toBe(DARK_BG);
    await page.unroute('**/_astro/*.js');

    await page.goto('/');
    await expect(page.locator('#tt-theme-dark')).toBeChecked();
    await page.locator('label[for="tt-theme-system"]').click();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('tt-theme'))).toBe('system');
    await page.reload();
    expect(await background(page)).toBe(LIGHT_BG);
    await context.close();
  });

  test('switches on a prose-only page too, where no JavaScript runs', async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: 'light', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(PROSE_ONLY[0]!.path);
    await page.locator('label[for="tt-theme-dark"]').click();
    expect(await background(page)).toBe(DARK_BG);
    await context.close();
  });
});

test.describe('keyboard navigation', () => {
  test('→ and ← move to the next and previous chapter', async ({ page }) => {
    await page.goto('/steps/tokens/');
    await shellReady(page);
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/\/steps\/call-api\/$/);
    await shellReady(page);
    await page.keyboard.press('ArrowLeft');
    await expect(page).toHaveURL(/\/steps\/tokens\/$/);
  });

  test('arrows are left alone in inputs, contenteditable, widgets’ shadow DOM and with modifiers', async ({ page }) => {
    await page.goto('/steps/tokens/');
    await shellReady(page);
    // The shell listens for keys on the document, and calls preventDefault()
    // before it moves to another chapter. A listener on the window hears each
    // key after the shell has decided: a key that arrived there untaken was
    // left alone, with no waiting for a navigation that might still come.
    await page.evaluate(() => {
      const heard: { key: string; taken: boolean }[] = [];
      (window as unknown as { heard: typeof heard }).heard = heard;
      addEventListener('keydown', (event) => {
        if (event.key.startsWith('Arrow')) heard.push({ key: event.key, taken: event.defaultPrevented });
      });
    });
    const heard = () => page.evaluate(() => (window as unknown as { heard: { key: string; taken: boolean }[] }).heard.splice(0));
    /** Nothing focused: the body, where the keys are the shell's (the body itself takes no focus). */
    const focusBody = async () => {
      const active = await page.evaluate(() => {
        let element = document.activeElement;
        while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
        (element as HTMLElement | null)?.blur();
        return document.activeElement?.localName;
      });
      expect(active).toBe('body');
    };
    const stays = async (keys: string[], action: () => Promise<void>) => {
      await action();
      expect(await heard()).toEqual(keys.map((key) => ({ key, taken: false })));
      await expect(page).toHaveURL(/\/steps\/tokens\/$/);
    };
    await stays(['ArrowRight'], async () => {
      await page.locator('#tt-theme-system').focus();
      await page.keyboard.press('ArrowRight');
    });
    await page.evaluate(() => {
      const editable = document.createElement('div');
      editable.contentEditable = 'true';
      editable.id = 'editable';
      editable.textContent = 'text';
      document.querySelector('main')!.prepend(editable);
      const host = document.createElement('div');
      host.id = 'host';
      host.attachShadow({ mode: 'open' }).innerHTML = '<textarea>inside a shadow root</textarea>';
      document.querySelector('main')!.prepend(host);
    });
    await stays(['ArrowRight'], async () => {
      await page.locator('#editable').focus();
      await page.keyboard.press('ArrowRight');
    });
    await stays(['ArrowLeft'], async () => {
      await page.locator('#host textarea').focus();
      await page.keyboard.press('ArrowLeft');
    });
    await stays(['ArrowRight', 'ArrowRight'], async () => {
      await focusBody();
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Control+ArrowRight');
    });

    // The method itself: the same key, now the shell's, arrives taken, and the
    // shell is on its way to the next chapter (held at the request, so the
    // page stays to be asked).
    await page.route('**/steps/call-api/', (route) => route.abort('aborted'));
    const next = page.waitForRequest('**/steps/call-api/');
    await focusBody();
    await page.keyboard.press('ArrowRight');
    expect(await heard()).toEqual([{ key: 'ArrowRight', taken: true }]);
    await next;
  });
});

test.describe('reading progress', () => {
  test('a chapter read to its end is marked, on the home page and in the contents, until reset', async ({ page }) => {
    await page.goto('/steps/tokens/');
    await shellReady(page);
    await page.locator('[data-chapter-end]').scrollIntoViewIfNeeded();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('tt-progress'))).toContain('steps/tokens');
    await page.goto('/');
    const card = page.locator('main [data-progress-for="steps/tokens"]');
    await expect(card.locator('.progress-mark')).toHaveText('✓ (read)');
    await expect(page.locator('[data-progress-text]')).toHaveText(`You have read 1 of ${CHAPTERS.length} chapters.`);

    await page.getByRole('button', { name: 'Contents' }).click();
    await expect(page.locator('#contents-menu [data-progress-for="steps/tokens"] .progress-mark')).toBeVisible();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Reset progress' }).click();
    await expect(card.locator('.progress-mark')).toHaveCount(0);
    await expect(page.locator('[data-shell-status]')).toHaveText('Reading progress reset.');
    await page.reload();
    await expect(page.locator('.progress-mark')).toHaveCount(0);
  });

  test('a prose-only chapter counts as read once the reader moves on from it', async ({ page }) => {
    await page.goto('/overview/');
    await page.locator('a[rel="next"]').click();
    await expect(page).toHaveURL(/\/steps\/sign-in\/$/);
    await shellReady(page);
    await page.goto('/');
    await expect(page.locator('main [data-progress-for="overview"] .progress-mark')).toBeVisible();
  });
});

test.describe('search', () => {
  test('/ opens search, which finds chapters as you type and announces how many', async ({ page }) => {
    await page.goto('/steps/tokens/');
    await shellReady(page);
    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Search the tutorial' });
    await expect(dialog).toBeVisible();
    const input = dialog.getByRole('searchbox');
    await expect(input).toBeFocused();
    await input.fill('JWKS rotation');
    await expect(dialog.locator('[data-search-results] a[href^="/guides/jwks-and-rotation/"]')).toBeVisible({ timeout: 15_000 }); // the index loads on first use
    await expect(dialog.getByRole('status')).toHaveText(/chapters? match/);
    await page.keyboard.press('ArrowDown');
    await expect(dialog.locator('[data-search-results] a').first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.keyboard.press('s');
    await expect(dialog).toBeVisible();
  });

  test('the search page works from a link and a query string, with markup in results as text', async ({ page }) => {
    await page.goto('/search/?q=token_use');
    await expect(page.locator('[data-search-results] li').first()).toBeVisible({ timeout: 15_000 }); // the index loads on first use
    await expect(page.locator('[data-search-results] mark').first()).toBeVisible();
    await expect(page.locator('[data-search-results] script, [data-search-results] img')).toHaveCount(0);
  });

  test('on a prose-only page, Search is a plain link to the search page', async ({ page }) => {
    await page.goto(PROSE_ONLY[0]!.path);
    await page.getByRole('link', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/search\/$/);
  });
});

test.describe('connection to the backend', () => {
  test('the header names the backend, and a page with widgets checks that it answers', async ({ page }) => {
    await page.goto('/steps/call-api/');
    const badge = page.locator('[data-backend-badge]');
    await expect(badge).toContainText('Local stack');
    await expect(badge).toHaveAttribute('data-status', 'up');
    await expect(badge).toContainText('connected');
    await expect(page.locator('.connection-notice')).toHaveCount(0);
  });

  test('when the stack does not answer, the page says so and how to start it, and can check again', async ({ page }) => {
    const origins = stackOrigins();
    for (const origin of origins) await page.route(`${origin}/**`, (route) => route.abort('connectionrefused'));
    await page.goto('/steps/call-api/');
    const notice = page.locator('.connection-notice');
    await expect(notice.getByRole('heading', { name: 'The demo stack is not running' })).toBeVisible();
    await expect(notice).toContainText('npm start');
    await expect(notice).toContainText('npm run stack');
    await expect(page.locator('[data-backend-badge]')).toHaveAttribute('data-status', 'down');

    for (const origin of origins) await page.unroute(`${origin}/**`);
    await notice.getByRole('button', { name: 'Check again' }).click();
    await expect(page.getByText('Connected: the demo stack answers now.')).toBeVisible();
    await expect(notice).toHaveCount(0);
  });

  test('a prose-only page makes no request to the backend', async ({ page, baseURL }) => {
    const calls: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(`${baseURL}/`)) calls.push(request.url());
    });
    await page.goto(PROSE_ONLY[0]!.path);
    // Loaded, with not one script that could ask for anything later.
    expect(await page.locator('script:not([type="application/json"])').count()).toBe(0);
    expect(calls).toEqual([]);
  });
});

test('the flow diagram lights up the steps and hops widgets report', async ({ page }) => {
  await page.goto('/steps/call-api/');
  await expect(page.locator('[data-flow][data-live="ready"]')).toHaveCount(1);
  const flow = (detail: object) => page.evaluate((d) => document.dispatchEvent(new CustomEvent('tt:flow', { detail: d })), detail);
  const step = (n: number) => page.locator(`[data-flow] .flow-step[data-step="${n}"]`);

  await flow({ step: 3, state: 'active', label: 'Sending GET /hello' });
  await expect(step(3)).toHaveAttribute('data-state', 'active');
  await flow({ step: 4, hop: 'signature', state: 'ok' });
  await expect(step(3)).toHaveAttribute('data-state', 'ok');
  await expect(step(4)).toHaveAttribute('data-state', 'active');
  await expect(page.locator('[data-flow-hops] [data-hop="signature"]')).toHaveAttribute('data-state', 'ok');
  await flow({ step: 4, hop: 'claims', state: 'failed', label: 'token_use is access, not id' });
  await expect(step(4)).toHaveAttribute('data-state', 'failed');
  await expect(step(4).locator('[data-mark]')).toHaveText('✗');
  await expect(page.locator('[data-flow-status]')).toHaveText('Step 4 · token_use is access, not id — refused or failed');

  // A new request starts from a clean diagram.
  await flow({ step: 3, state: 'active' });
  await expect(step(4)).not.toHaveAttribute('data-state');
  await expect(page.locator('[data-flow-hops] [data-hop="signature"]')).not.toHaveAttribute('data-state');

  // Step 4 names its three authorizers, and marks the one a request goes to, until the next request.
  const authorizers = page.locator('[data-flow-authorizers] li');
  await expect(authorizers).toHaveText([/REST API \(v1\) \+ Cognito authorizer/, /HTTP API \(v2\) \+ JWT authorizer/, /REST API \(v1\) \+ JWT authorizer/]);
  await expect(page.locator('[data-flow-authorizers] li[aria-current]')).toHaveCount(0);
  await flow({ step: 3, state: 'active', api: 'restJwt' });
  await expect(page.locator('[data-flow-authorizers] li[aria-current="true"]')).toHaveAttribute('data-api', 'restJwt');
  await flow({ step: 3, state: 'active', api: 'http' });
  await expect(page.locator('[data-flow-authorizers] li[aria-current="true"]')).toHaveAttribute('data-api', 'http');
  await expect(page.locator('[data-flow-authorizers] li[aria-current]')).toHaveCount(1);
});
