import { expect as baseExpect, test, type Page } from '@playwright/test';
import type { ZeroInstallSite } from './zero-install-site.ts';
import { headerOf, row, storedTokens, submitSignIn } from './widget-helpers.ts';

// SRP's big-number maths runs in the page and the pool's RSA keys are made in
// the worker, on shared machines: generous waits, no timing asserted.
export const expect = baseExpect.configure({ timeout: 20_000 });

const NEW_USER = { username: 'reader-zero', password: 'Reader-demo-1' };

/**
 * The reader's whole journey on a site built with no backend and served by
 * a plain static file server: every widget against the demo stack in the
 * reader's own browser, its records surviving a reload and the worker
 * itself being stopped, and the reset putting the seed back. Every request
 * the page makes is recorded: none may leave the site's origin, and none
 * for the stack may reach the static server.
 */
export async function zeroInstallJourney(page: Page, site: ZeroInstallSite): Promise<void> {
  const at = (path: string) => `${site.url}${path.replace(/^\//, '')}`;
  const pageRequests: string[] = [];
  page.on('request', (request) => pageRequests.push(request.url()));
  const stackResponses: { url: string; fromServiceWorker: boolean }[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith(`${site.base}_stack/`))
      stackResponses.push({ url: response.url(), fromServiceWorker: response.fromServiceWorker() });
  });
  const signIn = page.locator('tt-sign-in');

  await test.step('the page names the stack in the browser, which starts only when the reader acts', async () => {
    await page.goto(at('/steps/sign-in/'));
    const badge = page.locator('[data-backend-badge]');
    await expect(badge).toContainText('In your browser');
    await expect(badge).toContainText('starts when you use a widget');
    await expect(page.locator('[data-stack-tools]')).toContainText('Demo stack: In your browser.');
    await expect(page.getByRole('button', { name: 'Reset the demo stack' })).toBeVisible();
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((all) => all.length))).toBe(0);
  });

  await test.step('step 1: bob signs in with SRP through the sign-in widget; the worker starts and takes the page', async () => {
    await submitSignIn(signIn, { demo: 'bob' });
    await expect(signIn.getByRole('status')).toContainText('Signed in as bob. 2 requests to the pool, and the password was in none of them');
    await expect(signIn.locator('.tt-wire__exchange').nth(0).locator(':scope > summary')).toHaveText(
      '1. InitiateAuth (USER_SRP_AUTH) → 200 challenge PASSWORD_VERIFIER',
    );
    await expect(signIn.locator('.tt-wire__exchange').nth(1).locator(':scope > summary')).toHaveText(
      '2. RespondToAuthChallenge (PASSWORD_VERIFIER) → 200 tokens',
    );
    await expect(page.locator('[data-backend-badge]')).toContainText('connected');
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return { script: navigator.serviceWorker.controller?.scriptURL, scope: registration?.scope };
    });
    expect(worker).toEqual({ script: at('/stack-worker.js'), scope: site.url });
  });

  const bob = (await storedTokens(page))!;
  expect(bob.username).toBe('bob');

  await test.step('step 2: the token inspector takes the tokens apart and verifies the signature with the pool’s keys', async () => {
    await page.goto(at('/steps/tokens/'));
    const inspector = page.locator('tt-token-inspector').first();
    await expect(row(inspector, 'data-claim', 'token_use')).toContainText('id');
    await expect(row(inspector, 'data-claim', 'cognito:username')).toContainText('bob');
    await expect(row(inspector, 'data-claim', 'iss')).toContainText(`${site.url}_stack/cognito/us-east-1_TrailDemo`);
    await inspector.getByRole('button', { name: "Verify the signature with the pool's public keys" }).click();
    await expect(inspector.locator('[data-outcome="valid"]')).toContainText(`kid ${headerOf(bob.idToken).kid}, RSA 2048 bits, RS256`);
  });

  await test.step('step 4: the JWKS viewer finds the key whose kid the tokens name', async () => {
    await page.goto(at('/steps/authorizer/'));
    const jwks = page.locator('tt-jwks-viewer');
    await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
    await expect(jwks.getByRole('status')).toContainText('keys fetched; two of them signed your tokens');
    await expect(jwks.locator(`[data-kid="${headerOf(bob.idToken).kid}"]`)).toContainText('✓ This key signed your ID token');
    await expect(jwks.locator(`[data-kid="${headerOf(bob.accessToken).kid}"]`)).toContainText('✓ This key signed your access token');
  });

  await test.step('steps 3 to 7: both APIs let bob in, refuse a request without a token, and the function refuses bob on /admin; the trace shows every hop', async () => {
    await page.goto(at('/steps/call-api/'));
    const api = page.locator('tt-api-call').first();
    const verdict = api.locator('.tt-trace__verdict');
    const send = () => api.getByRole('button', { name: 'Send the request' }).click();

    await send();
    await expect(verdict).toContainText('✓ 200: allowed. Every check passed and the function answered.');
    await expect(api.getByLabel('Response body')).toContainText('Hello, bob!');
    // The trace waterfall: every hop, each passed, with its time.
    for (const hop of ['received', 'header', 'decode', 'jwks', 'signature', 'claims', 'decision', 'lambda-event', 'lambda-result', 'response']) {
      await expect(api.locator(`.tt-trace__hop[data-hop="${hop}"]`)).toHaveAttribute('data-ok', 'true');
    }
    await expect(api.locator('.tt-trace__hop[data-hop="signature"]')).toContainText(/\d+\.\d\d ms/);
    await expect(api.getByLabel('The Lambda event')).toContainText('"cognito:username": "bob"');

    await api.getByLabel('HTTP API (v2), JWT authorizer').check();
    await send();
    await expect(verdict).toContainText('✓ 200: allowed.');
    await expect(api.getByLabel('The Lambda event')).toContainText('"version": "2.0"');

    await api.getByLabel('REST API (v1), Cognito authorizer').check();
    await api.getByLabel('Token', { exact: true }).selectOption('none');
    await send();
    await expect(verdict).toHaveAttribute('data-status', '401');
    await expect(verdict).toContainText(/✗ 401: refused by the check/);
    await expect(api.getByText('No Lambda event: the request never reached the function.')).toBeVisible();

    await api.getByLabel('Token', { exact: true }).selectOption('id');
    await api.getByLabel('Route', { exact: true }).selectOption('/admin');
    await send();
    await expect(verdict).toContainText('403: the gateway let the request through; the function itself said no.');
    await expect(api.getByLabel('Response body')).toContainText('Forbidden: this route requires the admin group.');
  });

  await test.step('the tamper lab: a forged token is refused at the check the lab predicts', async () => {
    await page.goto(at('/guides/attacks-lab/'));
    const lab = page.locator('tt-tamper-lab');
    await lab.getByRole('button', { name: 'Start from my ID token' }).click();
    await lab.getByRole('button', { name: 'alg: none', exact: true }).click();
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(lab.locator('.tt-trace__verdict')).toContainText('✗ 401: refused by the check “alg”');
    await expect(lab.getByText('As expected: the check “alg” refused it.')).toBeVisible();

    await lab.getByRole('button', { name: 'Start over' }).click();
    const payload = lab.getByLabel('Payload (JSON)');
    await payload.fill((await payload.inputValue()).replace('"cognito:username": "bob"', '"cognito:username": "alice"'));
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(lab.locator('.tt-trace__verdict')).toContainText('✗ 401: refused by the check “signature”');
    await expect(lab.locator('.tt-trace__hop[data-hop="signature"]')).toHaveAttribute('data-ok', 'false');
  });

  await test.step("the REST API's JWT authorizer, in the browser: an access token passes /access, the ID token fails its additional claim, a scope miss is a 403", async () => {
    await page.goto(at('/steps/call-api/'));
    const api = page.locator('tt-api-call').first();
    const verdict = api.locator('.tt-trace__verdict');
    const send = () => api.getByRole('button', { name: 'Send the request' }).click();
    await api.getByLabel('REST API (v1), JWT authorizer').check();
    await api.getByLabel('Route', { exact: true }).selectOption('/access');
    await api.getByLabel('Token', { exact: true }).selectOption('access');
    await send();
    await expect(verdict).toContainText('✓ 200: allowed.');
    await expect(api.locator('pre[aria-label="The request"]')).toContainText(`GET ${site.url}_stack/gateway/rest-jwt/prod/access`);
    await api.getByLabel('Token', { exact: true }).selectOption('id');
    await send();
    await expect(verdict).toHaveAttribute('data-check', 'additional-claim');
    await expect(verdict).toContainText('✗ 401: refused by the check “additional-claim”');

    await page.goto(at('/guides/attacks-lab/'));
    const lab = page.locator('tt-tamper-lab');
    const labVerdict = lab.locator('.tt-trace__verdict');
    await lab.getByRole('button', { name: 'Start from my ID token' }).click();
    await lab.getByLabel('REST API (v1), JWT authorizer').check();
    await lab.getByLabel('Route', { exact: true }).selectOption('/scoped');
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(labVerdict).toHaveAttribute('data-status', '403');
    await expect(labVerdict).toContainText('✗ 403: refused by the check “scope”');
    await lab.getByLabel('Route', { exact: true }).selectOption('/access');
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(labVerdict).toContainText('✗ 401: refused by the check “additional-claim”');
  });

  await test.step('key rotation: new keys sign from now on, the old ones stay published', async () => {
    await page.goto(at('/guides/jwks-and-rotation/'));
    const jwks = page.locator('tt-jwks-viewer');
    await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
    await expect(jwks.locator(`[data-kid="${headerOf(bob.idToken).kid}"]`)).toContainText('✓ This key signed your ID token');
    const before = await jwks.locator('.tt-jwks__key').count();
    await jwks.getByRole('button', { name: "Rotate the pool's keys" }).click();
    await expect(jwks.getByRole('status')).toHaveText('Keys rotated: new keys sign from now on, the old ones are still published.');
    await expect(jwks.locator('.tt-jwks__key')).toHaveCount(before + 2);
    await expect(jwks.locator(`[data-kid="${headerOf(bob.idToken).kid}"]`)).toContainText('old: still published during the grace period');
  });

  await test.step('sign-up: a new user, confirmed with the code from the mailbox, is signed in with tokens from the new keys', async () => {
    await page.goto(at('/steps/sign-in/'));
    await signIn.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(signIn.getByRole('status')).toContainText('Signed out');
    await signIn.getByText('Or sign up a new user').click();
    await signIn.getByLabel("New user's name").fill(NEW_USER.username);
    await signIn.getByLabel("New user's password").fill(NEW_USER.password);
    await signIn.getByRole('button', { name: 'Sign up' }).click();
    await expect(signIn.getByRole('status')).toContainText('The pool sent a confirmation code; it is filled in below.');
    await expect(signIn.locator('.tt-signin__mail')).toContainText('The local mailbox: what the pool would have emailed to reader@example.com');
    await expect(signIn.getByLabel('Confirmation code')).toHaveValue(/^\d{6}$/);
    await signIn.getByRole('button', { name: 'Confirm and sign in' }).click();
    await expect(signIn.getByRole('status')).toContainText(`Signed in as ${NEW_USER.username}.`);
    const reader = (await storedTokens(page))!;
    expect(headerOf(reader.idToken).kid).not.toBe(headerOf(bob.idToken).kid);
  });

  await test.step('carol must choose a new password first (NEW_PASSWORD_REQUIRED)', async () => {
    await signIn.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(signIn.getByRole('status')).toContainText('Signed out');
    await submitSignIn(signIn, { demo: 'carol' });
    await expect(signIn.getByRole('status')).toContainText('The pool wants a new password for this user (NEW_PASSWORD_REQUIRED).');
    await signIn.getByLabel('New password', { exact: true }).fill('Carol-chosen-2');
    await signIn.getByRole('button', { name: 'Set the password and sign in' }).click();
    await expect(signIn.getByRole('status')).toContainText('Signed in as carol.');
    await signIn.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(signIn.getByRole('status')).toContainText('Signed out');
  });

  await test.step('the records outlive a reload and the worker being stopped: the new user signs in again', async () => {
    // Chromium stops idle workers on its own; here it is told to, so the next
    // request starts a new one, which loads the pool from IndexedDB.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.reload();
    await expect(page.locator('[data-backend-badge]')).toContainText('connected');
    await submitSignIn(signIn, NEW_USER);
    await expect(signIn.getByRole('status')).toContainText(`Signed in as ${NEW_USER.username}.`);
  });

  await test.step('the reset button asks first; "Keep it" keeps everything', async () => {
    const before = await storedTokens(page);
    expect(before).not.toBeNull();
    await page.getByRole('button', { name: 'Reset the demo stack' }).click();
    await expect(page.locator('[data-stack-reset-outcome]')).toContainText(
      'Reset the demo stack? Every user you signed up, every session and the signing keys go',
    );
    await page.getByRole('button', { name: 'Keep it' }).click();
    await expect(page.locator('[data-stack-reset-outcome]')).toHaveText('Nothing was reset.');
    await expect(page.getByRole('button', { name: 'Keep it' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Reset the demo stack' })).toBeFocused();
    expect(await storedTokens(page)).toEqual(before);
  });

  await test.step('the reset button, confirmed, puts the seed back, and signs the widgets out', async () => {
    await page.getByRole('button', { name: 'Reset the demo stack' }).click();
    await page.getByRole('button', { name: 'Yes, reset it' }).click();
    await expect(page.locator('[data-stack-reset-outcome]')).toContainText('Done: the demo stack is back to its seed.');
    await expect(page.locator('[data-stack-reset-outcome]')).toContainText('You are signed out in every tab of the site.');
    expect(await storedTokens(page)).toBeNull();
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('CognitoIdentityServiceProvider.')))).toEqual([]);
    await expect(signIn.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

    // The new user is gone: the pool answers as Cognito does for a name without
    // an account when it prevents user-existence errors, the same as a wrong password.
    await submitSignIn(signIn, NEW_USER);
    await expect(signIn.getByRole('status')).toHaveText('The user pool refused: Incorrect username or password. (NotAuthorizedException)');
    // carol is back to her temporary password.
    await submitSignIn(signIn, { demo: 'carol' });
    await expect(signIn.getByLabel('Password', { exact: true })).toHaveValue('Carol-temp-1');
    await expect(signIn.getByRole('status')).toContainText('The pool wants a new password for this user (NEW_PASSWORD_REQUIRED).');
  });

  await test.step('no server of ours but the static one: every request stayed on the site, and the stack’s never reached the server', async () => {
    expect(pageRequests.filter((url) => new URL(url).origin !== site.origin)).toEqual([]);
    expect(stackResponses.length).toBeGreaterThan(20);
    expect(stackResponses.filter((response) => !response.fromServiceWorker)).toEqual([]);
    expect(site.requests.filter((request) => request.includes('/_stack/'))).toEqual([]);
    // The server did serve the site and the worker script: files, nothing else.
    expect(site.requests).toContain(`GET ${site.base}stack-worker.js`);
    expect(site.requests.every((request) => request.startsWith('GET ') || request.startsWith('HEAD '))).toBe(true);
  });
}
