/**
 * The reader's journey through the seven steps, in the chapters as a reader
 * meets them: sign in, inspect the three tokens, match the key in the JWKS,
 * call the API (allowed and refused), and forge a token that the gateway
 * refuses at the right check. Every step asserts what is on the screen.
 */
import { expect as baseExpect, test } from '@playwright/test';
import { headerOf, payloadOf, row, storedTokens } from './widget-helpers.ts';

// Sign-in runs SRP's big-number maths in the page, and the machines are shared: generous waits, no timing asserted.
const expect = baseExpect.configure({ timeout: 20_000 });
// One long walk through seven chapters.
test.describe.configure({ timeout: 300_000 });

/** As the inspector writes a NumericDate: "2026-11-26 05:03:45 UTC". */
const utc = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

test('the reader signs in, inspects the tokens, matches the key, calls the API and forges a token', async ({ page }) => {
  const urls: string[] = [];
  const bodies: string[] = [];
  page.on('request', (request) => {
    urls.push(request.url());
    bodies.push(request.postData() ?? '');
  });
  page.on('framenavigated', (frame) => urls.push(frame.url()));

  await test.step('step 1: sign in with the demo credentials, the password never on the wire', async () => {
    await page.goto('/steps/sign-in/');
    const signIn = page.locator('tt-sign-in');
    await expect(signIn.getByText('alice / Alice-demo-1')).toBeVisible();
    await expect(signIn.getByLabel('Username', { exact: true })).toHaveValue('alice');
    await expect(signIn.getByLabel('Password', { exact: true })).toHaveValue('Alice-demo-1');
    await signIn.getByRole('button', { name: 'Sign in' }).click();

    // Amplify loads on this click, and SRP's big-number maths runs in the page: give it time.
    await expect(signIn.getByRole('status')).toContainText('Signed in as alice. 2 requests to the pool, and the password was in none of them');
    const exchanges = signIn.locator('.tt-wire__exchange');
    await expect(exchanges).toHaveCount(2);
    await expect(exchanges.nth(0).locator(':scope > summary')).toHaveText('1. InitiateAuth (USER_SRP_AUTH) → 200 challenge PASSWORD_VERIFIER');
    await expect(exchanges.nth(1).locator(':scope > summary')).toHaveText('2. RespondToAuthChallenge (PASSWORD_VERIFIER) → 200 tokens');

    // The SRP values, each labelled and explained.
    await exchanges.nth(0).locator(':scope > summary').click();
    await expect(row(exchanges.nth(0), 'data-field', 'SRP_A')).toContainText("the client's one-time public value");
    for (const field of ['SALT', 'SRP_B', 'SECRET_BLOCK', 'USER_ID_FOR_SRP']) await expect(row(exchanges.nth(0), 'data-field', field)).toBeVisible();
    await exchanges.nth(1).locator(':scope > summary').click();
    await expect(row(exchanges.nth(1), 'data-field', 'PASSWORD_CLAIM_SIGNATURE')).toContainText('proves the password without revealing it');
    await expect(row(exchanges.nth(1), 'data-field', 'TIMESTAMP')).toContainText(/\w{3} \w{3} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}/);
    await expect(signIn.getByText('✓ The password is not in this request.')).toHaveCount(2);
    expect(bodies.filter((body) => body.includes('Alice-demo-1'))).toEqual([]);
    await expect(signIn.locator('.tt-signin__session')).toContainText('Signed in as alice.');
    await expect(signIn.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  });

  const tokens = (await storedTokens(page))!;
  expect(tokens.username).toBe('alice');

  await test.step('step 1, again: refresh the tokens through the refresh token, in a POST body', async () => {
    const signIn = page.locator('tt-sign-in');
    await signIn.getByRole('button', { name: 'Refresh the tokens' }).click();
    await expect(signIn.getByRole('status')).toContainText('New ID and access tokens, for the same refresh token');
    await expect(signIn.locator('.tt-wire__exchange').nth(2).locator(':scope > summary')).toHaveText('3. GetTokensFromRefreshToken → 200 tokens');
    expect(bodies.some((body) => body.includes(tokens.refreshToken))).toBe(true);
  });

  const refreshed = (await storedTokens(page))!;
  expect(refreshed.idToken).not.toBe(tokens.idToken);

  await test.step('step 2: the three tokens, taken apart and explained', async () => {
    // The page's clock stands still 30 s after the ID token was issued, so its times read exactly.
    const { iat, exp } = payloadOf(refreshed.idToken);
    expect(exp - iat).toBe(3600); // the pool's default: ID tokens last an hour
    await page.clock.setFixedTime((iat + 30) * 1000);
    await page.goto('/steps/tokens/');
    const inspector = page.locator('tt-token-inspector').first();

    // The ID token: parts labelled in words, claims explained, times human.
    for (const part of ['Header', 'Payload', 'Signature']) await expect(inspector.locator('.tt-jwt__legend')).toContainText(part);
    await expect(inspector.locator('.tt-jwt [data-part="header"]')).toHaveText(refreshed.idToken.split('.')[0]!);
    await expect(row(inspector, 'data-claim', 'token_use')).toContainText('id');
    await expect(row(inspector, 'data-claim', 'cognito:username')).toContainText('alice');
    await expect(row(inspector, 'data-claim', 'cognito:groups')).toContainText('admin');
    await expect(row(inspector, 'data-claim', 'exp')).toContainText(`${exp}${utc(exp)}, in 59 minutes`);
    await expect(row(inspector, 'data-claim', 'iat')).toContainText(`${iat}${utc(iat)}, 30 seconds ago`);
    await expect(row(inspector, 'data-claim', 'kid')).toContainText("Which of the pool's public keys");
    await expect(inspector.locator('.tt-inspector__expiry')).toHaveText(`Valid for another 59:30 (exp ${utc(exp)})`);
    await expect(inspector.getByLabel('Payload (decoded)')).toContainText('"token_use": "id"');

    // Its signature, checked against the pool's JWKS: which kid, which key.
    await inspector.getByRole('button', { name: "Verify the signature with the pool's public keys" }).click();
    await expect(inspector.locator('[data-outcome="valid"]')).toContainText('✓ Valid signature.');
    await expect(inspector.locator('[data-outcome="valid"]')).toContainText(`kid ${headerOf(refreshed.idToken).kid}, RSA 2048 bits, RS256`);

    // The access token: another kind, another key.
    await inspector.getByLabel('Access token').check();
    await expect(inspector.locator('.tt-jwt [data-part="header"]')).toHaveText(refreshed.accessToken.split('.')[0]!);
    await expect(row(inspector, 'data-claim', 'token_use')).toContainText('access');
    await expect(row(inspector, 'data-claim', 'scope')).toContainText('aws.cognito.signin.user.admin');
    await expect(row(inspector, 'data-claim', 'client_id')).toBeVisible();
    await expect(row(inspector, 'data-claim', 'kid')).toContainText(headerOf(refreshed.accessToken).kid);

    // The refresh token: encrypted, five parts, recognised as such.
    await inspector.getByLabel('Refresh token').check();
    await expect(inspector.locator('[data-finding="jwe"]')).toContainText('This is an encrypted token (JWE, five parts, content encrypted with A256GCM)');
    for (const part of ['Encrypted key', 'IV', 'Ciphertext', 'Tag']) await expect(inspector.locator('.tt-jwt__legend')).toContainText(part);
    await expect(inspector.getByRole('button', { name: /Verify the signature/ })).toHaveCount(0);
  });

  await test.step('step 4: the JWKS, and the key whose kid matches the token', async () => {
    await page.goto('/steps/authorizer/');
    const jwks = page.locator('tt-jwks-viewer');
    await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
    await expect(jwks.getByRole('status')).toContainText('keys fetched; two of them signed your tokens');
    const idKey = jwks.locator(`[data-kid="${headerOf(refreshed.idToken).kid}"]`);
    await expect(idKey).toContainText('✓ This key signed your ID token');
    await expect(idKey).toContainText('RS256');
    await expect(idKey).toContainText('(2048-bit modulus)');
    await expect(jwks.locator(`[data-kid="${headerOf(refreshed.accessToken).kid}"]`)).toContainText('✓ This key signed your access token');
  });

  await test.step('steps 3 to 7: the API refuses the access token on an ID-token route, then lets the ID token through', async () => {
    const api = page.locator('tt-api-call').first();
    await page.evaluate(() => {
      (window as unknown as { flows: unknown[] }).flows = [];
      document.addEventListener('tt:flow', (event) => (window as unknown as { flows: unknown[] }).flows.push((event as CustomEvent).detail));
    });
    await api.getByLabel('Token', { exact: true }).selectOption('access');
    await api.getByRole('button', { name: 'Send the request' }).click();
    const verdict = api.locator('.tt-trace__verdict');
    await expect(verdict).toHaveAttribute('data-check', 'token_use');
    await expect(verdict).toContainText('✗ 401: refused by the check “token_use”');
    await expect(verdict).toContainText('Rule: The token is of the kind the method expects (ID or access).');
    await expect(verdict).toContainText('Found: token_use is "access", expected "id".');
    await expect(api.locator('.tt-trace__hop[data-hop="claims"]')).toHaveAttribute('data-ok', 'false');
    await expect(api.getByText('No Lambda event: the request never reached the function.')).toBeVisible();

    await api.getByLabel('Token', { exact: true }).selectOption('id');
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(verdict).toContainText('✓ 200: allowed. Every check passed and the function answered.');
    for (const hop of ['received', 'header', 'decode', 'jwks', 'signature', 'claims', 'decision', 'lambda-event', 'lambda-result', 'response']) {
      await expect(api.locator(`.tt-trace__hop[data-hop="${hop}"]`)).toHaveAttribute('data-ok', 'true');
    }
    await expect(api.locator('.tt-trace__hop[data-hop="signature"]')).toContainText(/\d+\.\d\d ms/);
    await expect(api.getByLabel('The Lambda event')).toContainText('"cognito:username": "alice"');
    await expect(api.getByLabel('Response body')).toContainText('Hello, alice!');
    // The diagram heard of every hop, with its step.
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { flows: { step: number; hop?: string; state: string }[] }).flows
            .filter((flow) => flow.hop)
            .map((flow) => `${flow.step}:${flow.hop}:${flow.state}`),
        ),
      )
      .toEqual(expect.arrayContaining(['4:signature:ok', '5:lambda-event:ok', '6:lambda-result:ok', '7:response:ok', '4:claims:failed']));
  });

  await test.step('the attacks lab: a forged token, refused at the check the lab predicts', async () => {
    await page.goto('/guides/attacks-lab/');
    const lab = page.locator('tt-tamper-lab');
    await lab.getByRole('button', { name: 'Start from my ID token' }).click();
    await expect(lab.getByLabel('Payload (JSON)')).toHaveValue(/"cognito:username": "alice"/);

    await lab.getByRole('button', { name: 'alg: none', exact: true }).click();
    await expect(lab.getByLabel('Header (JSON)')).toHaveValue(/"alg": "none"/);
    await expect(lab.locator('.tt-lab__changes')).toHaveText('header: changed · payload: as issued · signature: removed');
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(lab.locator('.tt-trace__verdict')).toContainText('✗ 401: refused by the check “alg”');
    await expect(lab.locator('.tt-trace__verdict')).toContainText('Found: the algorithm "none" is not RS256.');
    await expect(lab.getByText('As expected: the check “alg” refused it.')).toBeVisible();

    // Start over puts the token back as issued, and keeps the API and route the reader chose.
    const apis = lab.locator('input[type="radio"]');
    const chosen = lab.locator('input[type="radio"]:checked');
    const first = await chosen.getAttribute('value');
    await apis.last().check();
    const other = await apis.last().getAttribute('value');
    expect(other).not.toBe(first);
    const otherRoute = await lab.getByLabel('Route', { exact: true }).inputValue();
    await lab.getByRole('button', { name: 'Start over' }).click();
    await expect(lab.getByLabel('Header (JSON)')).toHaveValue(/"alg": "RS256"/);
    await expect(chosen).toHaveAttribute('value', other!);
    await expect(lab.getByLabel('Route', { exact: true })).toHaveValue(otherRoute);
    await apis.and(lab.locator(`[value="${first}"]`)).check();

    // By hand: make yourself someone else, keep the signature.
    const payload = lab.getByLabel('Payload (JSON)');
    await payload.fill((await payload.inputValue()).replace('"cognito:username": "alice"', '"cognito:username": "mallory"'));
    await expect(lab.locator('.tt-lab__changes')).toHaveText('header: as issued · payload: changed · signature: as issued');
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(lab.locator('.tt-trace__verdict')).toContainText('✗ 401: refused by the check “signature”');
    await expect(lab.locator('.tt-trace__hop[data-hop="signature"]')).toHaveAttribute('data-ok', 'false');
  });

  await test.step('no refresh token ever entered a URL or the address bar', async () => {
    const final = (await storedTokens(page))!;
    for (const refreshToken of new Set([tokens.refreshToken, final.refreshToken])) {
      expect(refreshToken.length).toBeGreaterThan(100);
      const leaks = urls.filter((url) => url.includes(refreshToken) || decodeURIComponent(url).includes(refreshToken));
      expect(leaks).toEqual([]);
    }
    expect(urls.length).toBeGreaterThan(10);
    expect(page.url()).not.toContain(final.refreshToken);
  });
});
