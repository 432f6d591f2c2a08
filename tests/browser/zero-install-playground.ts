/**
 * The code playground on the site built with no backend: the jose and aws-jwt-verify examples
 * run in a sandboxed frame against the demo stack in the browser and show
 * their output; an edited example that throws shows its error as text; the
 * sandbox reads none of the site's storage; the editor loads only when a
 * reader opens it. Registered by zero-install.spec.ts, so that they share
 * its worker's build of the site.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './zero-install-journey.ts';
import { test, type ZeroInstallSite } from './zero-install-site.ts';

const at = (site: ZeroInstallSite, path: string) => `${site.url}${path.replace(/^\//, '')}`;

/** Opens a code tab's snippet in the playground; the panel it is in. */
async function openTab(page: Page, tab: string): Promise<Locator> {
  const tabs = page.locator('tt-code-tabs');
  await tabs.getByRole('tab', { name: tab, exact: true }).click();
  const panel = tabs.locator('[role="tabpanel"]:visible');
  await panel.getByRole('button', { name: 'Edit and run' }).click();
  await expect(panel.locator('.cm-editor')).toBeVisible();
  return panel;
}

/** Puts `code` in the panel's editor, as a reader pasting it would. */
async function replaceCode(page: Page, panel: Locator, code: string): Promise<void> {
  await panel.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}

async function run(panel: Locator): Promise<void> {
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
}

export function playgroundTests(): void {
  test.describe('the code playground', () => {
    test('the editor loads only when a reader opens it; the jose and aws-jwt-verify examples run against the stack in the browser', async ({
      page,
      rootSite: site,
    }) => {
      const scripts: { url: string; body: Promise<string> }[] = [];
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') scripts.push({ url: response.url(), body: response.text().catch(() => '') });
      });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(new URL(request.url()).pathname));
      const stackResponses: { path: string; fromServiceWorker: boolean }[] = [];
      page.on('response', (response) => {
        const path = new URL(response.url()).pathname;
        if (path.startsWith(`${site.base}_stack/`)) stackResponses.push({ path, fromServiceWorker: response.fromServiceWorker() });
      });
      const editorLoaded = async () => (await Promise.all(scripts.map((script) => script.body))).some((body) => body.includes('cm-editor'));

      await page.goto(at(site, '/steps/tokens/'));
      await page.waitForLoadState('networkidle');
      // Loaded with the page: no CodeMirror, no sandbox, no library a snippet imports.
      expect(await editorLoaded()).toBe(false);
      expect(requests.filter((path) => path.includes('/playground/'))).toEqual([]);
      await expect(page.locator('tt-runnable').first()).toBeAttached();

      const jose = await openTab(page, 'Lambda / jose');
      expect(await editorLoaded()).toBe(true);
      // Filled in with the stack the page uses, on its own origin.
      await expect(jose.locator('.cm-content')).toContainText(`new URL('${site.origin}/_stack/cognito/us-east-1_TrailDemo/.well-known/jwks.json')`);
      await run(jose);
      await expect(jose.getByRole('status')).toHaveText('Finished.');
      const output = jose.getByRole('log', { name: /Output of/ });
      await expect(output).toContainText('"token_use": "id"');
      await expect(output).toContainText(`"iss": "${site.origin}/_stack/cognito/us-east-1_TrailDemo"`);
      await expect(output).toContainText('"alg": "RS256"');
      // The sandbox's requests went through the page to the stack's worker: the keys, and alice's sign-in for her token.
      expect(stackResponses).toEqual(
        expect.arrayContaining([
          { path: `${site.base}_stack/cognito/us-east-1_TrailDemo/.well-known/jwks.json`, fromServiceWorker: true },
          { path: `${site.base}_stack/cognito/`, fromServiceWorker: true },
        ]),
      );
      // One frame per run: sandboxed to scripts alone, from the site's own sandbox page.
      const frame = jose.locator('iframe');
      await expect(frame).toHaveAttribute('sandbox', 'allow-scripts');
      await expect(frame).toHaveAttribute('src', `${site.base}playground/sandbox.html`);

      const verifier = await openTab(page, 'aws-jwt-verify');
      await run(verifier);
      await expect(verifier.getByRole('status')).toHaveText('Finished.');
      const verified = verifier.getByRole('log', { name: /Output of/ });
      await expect(verified).toContainText('"token_use": "id"');
      await expect(verified).toContainText('"cognito:username": "alice"');
      expect(requests.filter((path) => path.startsWith(`${site.base}playground/lib-`)).sort()).toEqual([
        `${site.base}playground/lib-aws-jwt-verify.js`,
        `${site.base}playground/lib-jose.js`,
      ]);
    });

    test('an edited example that throws shows the error as text, Stop ends one that never does, and Reset brings the example back', async ({
      page,
      rootSite: site,
    }) => {
      await page.goto(at(site, '/steps/tokens/'));
      const panel = await openTab(page, 'Lambda / jose');
      const output = panel.getByRole('log', { name: /Output of/ });
      const original = await panel.locator('.cm-content').innerText();

      // The reader's edit: another audience. jose refuses the token, and says why.
      const edited = original.replace(/audience: '[^']+'/, "audience: 'another-app-client'");
      expect(edited).not.toBe(original);
      await replaceCode(page, panel, edited);
      await run(panel);
      await expect(panel.getByRole('status')).toHaveText(
        /^It threw JWTClaimValidationFailed \[ERR_JWT_CLAIM_VALIDATION_FAILED\]: unexpected "aud" claim value/,
      );
      await expect(output).toContainText(/Threw JWTClaimValidationFailed \[ERR_JWT_CLAIM_VALIDATION_FAILED\]: unexpected "aud" claim value \(line \d+\)/);

      // Markup in what the code prints or throws stays text.
      await replaceCode(
        page,
        panel,
        [
          "import { decodeJwt } from 'jose';",
          "import { signedInToken } from 'token-trail:page';",
          "const claims = decodeJwt(await signedInToken('id'));",
          "console.log('<b>bold?</b>', claims.token_use);",
          `throw new Error(\`<img src=x onerror="document.title='pwned'"> \${claims['cognito:username']} is not welcome\`);`,
        ].join('\n'),
      );
      await run(panel);
      await expect(output).toHaveText(`<b>bold?</b> id\nThrew Error: <img src=x onerror="document.title='pwned'"> alice is not welcome (line 5)\n`);
      await expect(output.locator('b, img')).toHaveCount(0);
      await expect(panel.getByRole('status')).toHaveText(/^It threw Error: <img src=x/);
      expect(await page.title()).not.toBe('pwned');

      // A syntax error is an error too.
      await replaceCode(page, panel, 'const = 1;');
      await run(panel);
      await expect(output).toContainText('Threw SyntaxError:');

      // Code that never ends: the page stays responsive, and Stop ends it with its frame.
      await replaceCode(page, panel, 'console.log("spinning");\nwhile (true) {}');
      await panel.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(output).toHaveText('spinning\n');
      await panel.getByRole('button', { name: 'Stop' }).click();
      await expect(panel.getByRole('status')).toHaveText('Stopped.');
      await expect(panel.locator('iframe')).toHaveCount(0);

      await panel.getByRole('button', { name: 'Reset' }).click();
      await expect(panel.locator('.cm-content')).toHaveText(original.replace(/\n/g, ''));
      await expect(output).toBeEmpty();
    });

    test("the sandbox reads none of the site's storage or cookies, and reaches the network only through the page, to the stack", async ({
      page,
      rootSite: site,
    }) => {
      await page.goto(at(site, '/steps/tokens/'));
      // The site's own things: its storage, a cookie, and the stack's IndexedDB once the reader has used it.
      await page.evaluate(() => {
        localStorage.setItem('tt:secret', 'local');
        sessionStorage.setItem('tt:secret', 'session');
      });
      await page.context().addCookies([{ name: 'tt-secret', value: 'cookie', url: site.url }]);
      const panel = await openTab(page, 'Lambda / jose');
      await run(panel);
      await expect(panel.getByRole('status')).toHaveText('Finished.');
      expect(await page.evaluate(() => indexedDB.databases().then((all) => all.length))).toBeGreaterThan(0);

      await replaceCode(
        page,
        panel,
        [
          'const attempts = {',
          "  localStorage: () => localStorage.getItem('tt:secret'),",
          "  sessionStorage: () => sessionStorage.getItem('tt:secret'),",
          '  indexedDB: () => indexedDB.databases(),',
          '  cookie: () => document.cookie,',
          '  caches: () => caches.keys(),',
          '  parent: () => parent.document.title,',
          "  mailbox: () => fetch('/_stack/cognito/_local/mailbox').then((r) => r.text()),",
          `  elsewhere: () => fetch('${site.otherOrigin}/other.html').then((r) => r.text()),`,
          '};',
          'for (const [name, attempt] of Object.entries(attempts)) {',
          '  try {',
          '    console.log(name, "read", JSON.stringify(await attempt()));',
          '  } catch (error) {',
          '    console.log(name, "refused:", error.name);',
          '  }',
          '}',
          'console.log("origin", self.origin);',
        ].join('\n'),
      );
      await run(panel);
      const output = panel.getByRole('log', { name: /Output of/ });
      await expect(output).toHaveText(
        [
          'localStorage refused: SecurityError',
          'sessionStorage refused: SecurityError',
          'indexedDB refused: SecurityError',
          'cookie refused: SecurityError',
          'caches refused: SecurityError',
          'parent refused: SecurityError',
          'mailbox refused: TypeError',
          'elsewhere refused: TypeError',
          'origin null',
          '',
        ].join('\n'),
      );
      // The site's things are as they were.
      expect(
        await page.evaluate(() => [localStorage.getItem('tt:secret'), sessionStorage.getItem('tt:secret'), document.cookie.includes('tt-secret=cookie')]),
      ).toEqual(['local', 'session', true]);
    });
  });
}
