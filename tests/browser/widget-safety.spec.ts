/**
 * The widgets' safety promises: whatever a token or a server says is shown
 * as text, never run as markup; a pasted token goes nowhere; a refresh token
 * never enters a URL. (The Content-Security-Policy has its own test.)
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { fakeToken, openSignedIn } from './widget-helpers.ts';

// Sign-in runs SRP's big-number maths in the page, and the machines are shared: generous waits, no timing asserted.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

/** The pages' clock, where a test's token times matter: a fixed moment, in whole seconds. */
const NOW_S = Date.UTC(2030, 0, 15, 9, 30) / 1000;
const IMG = '<img src=x onerror="window.__injected=1">';
const SCRIPT = '<script>window.__injected=2</script>';

async function nothingInjected(page: Page): Promise<void> {
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(
    await page
      .locator('script:not([src]):not([type="application/json"])')
      .evaluateAll((scripts) => scripts.filter((script) => script.textContent?.includes('__injected')).length),
  ).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
}

test('a pasted token whose claims carry HTML and script shows them as text', async ({ page }) => {
  await page.clock.setFixedTime(NOW_S * 1000);
  await page.goto('/guides/jwt-anatomy/');
  const inspector = page.locator('tt-token-inspector').first();
  await inspector.getByLabel('Paste a token').check();
  const token = fakeToken({ alg: 'RS256', kid: `<b>${SCRIPT}</b>` }, { sub: 'x', name: IMG, 'cognito:username': SCRIPT, exp: NOW_S + 600 });
  await inspector.getByLabel('Token to decode (stays in this page)').fill(token);

  await expect(inspector.locator('tr[data-claim="name"]')).toContainText(IMG);
  await expect(inspector.locator('tr[data-claim="cognito:username"]')).toContainText(SCRIPT);
  await expect(inspector.locator('tr[data-claim="kid"]')).toContainText(`<b>${SCRIPT}</b>`);
  await expect(inspector.getByLabel('Payload (decoded)')).toContainText(`"name": ${JSON.stringify(IMG)}`);
  await expect(inspector.getByLabel('Payload (decoded)').locator('span').first()).toBeAttached(); // highlighted, still as text
  await nothingInjected(page);
});

test("HTML in a forged claim stays text when the gateway's trace sends it back", async ({ page }) => {
  await openSignedIn(page, '/guides/attacks-lab/');
  const lab = page.locator('tt-tamper-lab');
  await lab.getByRole('button', { name: 'Start from my ID token' }).click();
  const payload = lab.getByLabel('Payload (JSON)');
  await expect(payload).toHaveValue(/"cognito:username": "bob"/);
  await payload.fill((await payload.inputValue()).replace('"cognito:username": "bob"', `"cognito:username": ${JSON.stringify(IMG)}`));
  await lab.getByRole('button', { name: 'Send to the gateway' }).click();
  await expect(lab.locator('.tt-trace__verdict')).toContainText('refused by the check “signature”');

  // The decode hop's details are the gateway's own JSON, with the forged payload in it.
  const decode = lab.locator('.tt-trace__hop[data-hop="decode"]');
  await decode.locator('summary').click();
  await expect(decode.getByLabel('Details of the hop “Token decoded”')).toContainText(`"cognito:username": ${JSON.stringify(IMG)}`);
  await expect(lab.locator('.tt-jwt [data-part="payload"]')).toBeVisible();
  await nothingInjected(page);
});

test('pasting a token into the inspector sends no request at all', async ({ page }) => {
  await page.clock.setFixedTime(NOW_S * 1000);
  await page.goto('/guides/jwt-anatomy/');
  const inspector = page.locator('tt-token-inspector').first();
  await inspector.getByLabel('Paste a token').check();
  const field = inspector.getByLabel('Token to decode (stays in this page)');
  await field.focus();
  // The decoder's code loads when the field gets focus, before anything is pasted.
  await expect(inspector).toHaveAttribute('data-ready', 'true');

  const requests: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  const token = fakeToken({ alg: 'RS256', kid: 'some-key' }, { sub: 'someone', token_use: 'access', scope: 'aws.cognito.signin.user.admin', exp: NOW_S + 600 });
  await field.fill(token);
  await expect(inspector.locator('tr[data-claim="scope"]')).toContainText('aws.cognito.signin.user.admin');
  await expect(inspector.getByLabel('Payload (decoded)').locator('span').first()).toBeAttached();
  await expect(inspector.locator('.tt-inspector__expiry')).toHaveText('Valid for another 10:00 (exp 2030-01-15 09:40:00 UTC)');
  expect(requests).toEqual([]);
});

test('signing in, refreshing and signing out keep the refresh token out of every URL', async ({ page }) => {
  const urls: string[] = [];
  const bodies: string[] = [];
  page.on('request', (request) => {
    urls.push(request.url());
    bodies.push(request.postData() ?? '');
  });
  page.on('framenavigated', (frame) => urls.push(frame.url()));
  await page.goto('/steps/sign-in/');
  const signIn = page.locator('tt-sign-in');
  await signIn.getByRole('radio', { name: /^bob \// }).check();
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByRole('status')).toContainText('Signed in as bob.');
  const refreshToken = await page.evaluate(() => JSON.parse(sessionStorage.getItem('tt:tokens')!).current.refreshToken as string);
  // Amplify's own copy of the tokens is in this tab's sessionStorage too, none in localStorage.
  const amplifyKeys = await page.evaluate(() => ({
    local: Object.keys(localStorage).filter((key) => key.startsWith('CognitoIdentityServiceProvider')),
    session: Object.keys(sessionStorage).filter((key) => key.endsWith('.refreshToken')),
  }));
  expect(amplifyKeys.local).toEqual([]);
  expect(amplifyKeys.session).toHaveLength(1);
  await signIn.getByRole('button', { name: 'Refresh the tokens' }).click();
  await expect(signIn.getByRole('status')).toContainText('New ID and access tokens');
  await signIn.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(signIn.getByRole('status')).toContainText('Signed out: Amplify revoked the refresh token (RevokeToken).');
  await expect(signIn.locator('.tt-wire__exchange[data-operation="RevokeToken"] tr[data-field="Token"]')).toBeAttached();

  // It went in request bodies (refresh, revoke), and nowhere near a URL.
  expect(bodies.filter((body) => body.includes(refreshToken)).length).toBe(2);
  expect(urls.filter((url) => url.includes(refreshToken) || decodeURIComponent(url).includes(refreshToken))).toEqual([]);
  expect(page.url()).not.toContain(refreshToken);
  // Signed out: the widgets' store holds no tokens any more.
  expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('tt:tokens')!).current)).toBeNull();
});
