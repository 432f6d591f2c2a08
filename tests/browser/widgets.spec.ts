/**
 * Each widget's own features, beyond the reader's journey: sign-up with the
 * local mailbox, the new-password challenge, global sign-out, malformed
 * tokens, the API's other answers, the code tabs, and plain-words errors.
 */
import { expect as baseExpect, test } from '@playwright/test';
import { uniqueName } from '../helpers/names.ts';
import { createOwnUser } from './test-stack.ts';
import { fakeToken, openSignedIn, pageBackend } from './widget-helpers.ts';

// Sign-in runs SRP's big-number maths in the page, and the machines are shared: generous waits, no timing asserted.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

test.describe('sign-in', () => {
  test('sign-up with the code from the local mailbox, then sign-in, then sign-out everywhere', async ({ page }) => {
    await page.goto('/steps/sign-in/');
    const signIn = page.locator('tt-sign-in');
    await signIn.getByText('Or sign up a new user').click();
    const username = uniqueName('reader');
    await signIn.getByLabel("New user's name").fill(username);
    await signIn.getByRole('button', { name: 'Sign up' }).click();
    await expect(signIn.getByRole('status')).toContainText('The pool sent a confirmation code; it is filled in below.');
    await expect(signIn.locator('.tt-signin__mail')).toContainText('The local mailbox: what the pool would have emailed to reader@example.com');
    const code = signIn.getByLabel('Confirmation code');
    await expect(code).toHaveValue(/^\d{6}$/);
    await expect(signIn.locator('.tt-signin__mail')).toContainText(await code.inputValue());
    await expect(signIn.locator('.tt-wire__exchange[data-operation="SignUp"] [data-password]')).toHaveText('This request carries the password.');

    await signIn.getByRole('button', { name: 'Confirm and sign in' }).click();
    await expect(signIn.getByRole('status')).toContainText(`Signed in as ${username}.`);
    for (const operation of ['ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge'])
      await expect(signIn.locator(`.tt-wire__exchange[data-operation="${operation}"]`)).toHaveCount(1);

    await signIn.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(signIn.getByRole('status')).toContainText('Signed out everywhere: GlobalSignOut revoked every refresh token');
    await expect(signIn.locator('.tt-wire__exchange[data-operation="GlobalSignOut"]')).toHaveCount(1);
    await expect(signIn.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  test('carol must choose a new password first (NEW_PASSWORD_REQUIRED)', async ({ page }) => {
    // Choosing the password changes the user for good: the test signs in as
    // a user of its own, created by an administrator as carol was.
    const own = await createOwnUser('carol-like', { temporary: true });
    await page.goto('/steps/sign-in/');
    const signIn = page.locator('tt-sign-in');
    await signIn.getByRole('radio', { name: /^carol \// }).check();
    await expect(signIn.getByLabel('Username', { exact: true })).toHaveValue('carol');
    await expect(signIn.getByLabel('Password', { exact: true })).toHaveValue('Carol-temp-1');
    await signIn.getByLabel('Username', { exact: true }).fill(own.username);
    await signIn.getByLabel('Password', { exact: true }).fill(own.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(signIn.getByRole('status')).toContainText('The pool wants a new password for this user (NEW_PASSWORD_REQUIRED).');
    await expect(signIn.locator('.tt-wire__exchange').nth(1)).toContainText('challenge NEW_PASSWORD_REQUIRED');
    await signIn.getByLabel('New password', { exact: true }).fill('Own-chosen-2');
    await signIn.getByRole('button', { name: 'Set the password and sign in' }).click();
    await expect(signIn.getByRole('status')).toContainText(`Signed in as ${own.username}.`);
    await expect(signIn.locator('.tt-wire__exchange').nth(2)).toContainText('3. RespondToAuthChallenge (NEW_PASSWORD_REQUIRED) → 200 tokens');
  });

  test('a wrong password is explained in plain words', async ({ page }) => {
    // A failed sign-in counts towards the user's lockout: a user of the test's own.
    const own = await createOwnUser('mistyped');
    await page.goto('/steps/sign-in/');
    const signIn = page.locator('tt-sign-in');
    await signIn.getByLabel('Username', { exact: true }).fill(own.username);
    await signIn.getByLabel('Password', { exact: true }).fill('Not-her-password-1');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(signIn.getByRole('status')).toHaveText('The user pool refused: Incorrect username or password. (NotAuthorizedException)');
    await expect(signIn.locator('.tt-wire__exchange').nth(1)).toContainText('→ 400 NotAuthorizedException: Incorrect username or password.');
  });

  test('when the stack does not answer, the widget says how to start it', async ({ page }) => {
    await page.goto('/steps/sign-in/');
    const backend = await pageBackend(page);
    await page.route(`${backend.userPoolEndpoint}**`, (route) => route.abort('connectionrefused'));
    const signIn = page.locator('tt-sign-in');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(signIn.getByRole('status')).toContainText(
      `Nothing answered at ${new URL(backend.userPoolEndpoint!).origin}: the local demo stack is probably not running. Start it in the project folder with "npm start"`,
    );
  });
});

test.describe('the shared token store', () => {
  test('a sign-in in one tab reaches the widgets of another, and so does the sign-out', async ({ context }) => {
    const tokensPage = await context.newPage();
    await tokensPage.goto('/steps/tokens/');
    const inspector = tokensPage.locator('tt-token-inspector').first();
    await expect(inspector).toContainText('No ID token yet');

    const signInPage = await context.newPage();
    await signInPage.goto('/steps/sign-in/');
    const signIn = signInPage.locator('tt-sign-in');
    await signIn.getByRole('radio', { name: /^bob \// }).check();
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect(signIn.getByRole('status')).toContainText('Signed in as bob.');

    await expect(inspector.locator('tr[data-claim="cognito:username"]')).toContainText('bob');
    await signIn.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(inspector).toContainText('No ID token yet');
  });
});

test.describe('token inspector', () => {
  test('malformed tokens are decoded as far as they go, and what is wrong is said', async ({ page }) => {
    await page.goto('/guides/jwt-anatomy/');
    const inspector = page.locator('tt-token-inspector').first();
    await inspector.getByLabel('Paste a token').check();
    const field = inspector.getByLabel('Token to decode (stays in this page)');
    const token = fakeToken({ alg: 'RS256', kid: 'k' }, { sub: 'someone' });
    const [header, payload] = token.split('.');

    await field.fill(`${header}.${payload}`);
    await expect(inspector.locator('[data-finding="segments"]')).toContainText('It has two parts. A signed JWT has three: the signature part is missing');
    await expect(inspector.locator('tr[data-claim="sub"]')).toContainText('someone');

    await field.fill(`${header}.${payload!.slice(0, 3)}*${payload!.slice(4)}.c2ln`);
    await expect(inspector.locator('[data-finding="alphabet"]')).toContainText('The payload has the character "*" at position 4');
    await expect(inspector.locator('tr[data-claim="alg"]')).toContainText('RS256');

    await field.fill(`Bearer ${fakeToken({ alg: 'none' }, { sub: 'anyone' }).replace(/[^.]+$/, '')}`);
    await expect(inspector.locator('[data-finding="cleaned"]')).toContainText('Removed the "Bearer" in front of it');
    await expect(inspector.locator('[data-finding="alg-none"]')).toContainText('The algorithm is "none"');
    await expect(inspector.getByRole('button', { name: /Verify the signature/ })).toBeVisible();
    await inspector.getByRole('button', { name: /Verify the signature/ }).click();
    await expect(inspector.locator('[data-outcome="refused"]')).toContainText('it refuses anything but RS256 without trying');

    await field.fill('a.b.c.d.e');
    await expect(inspector.locator('[data-finding="jwe"]')).toContainText('This is an encrypted token (JWE, five parts)');
  });

  test('a signature that does not match is reported with the key it was checked against', async ({ page }) => {
    const tokens = await openSignedIn(page, '/guides/jwt-anatomy/');
    const inspector = page.locator('tt-token-inspector').first();
    await inspector.getByLabel('Paste a token').check();
    const [header, payload, signature] = tokens.IdToken.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    await inspector
      .getByLabel('Token to decode (stays in this page)')
      .fill(`${header}.${Buffer.from(JSON.stringify({ ...forged, 'cognito:groups': ['admin'] })).toString('base64url')}.${signature}`);
    await inspector.getByRole('button', { name: /Verify the signature/ }).click();
    const kid = (JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string }).kid;
    await expect(inspector.locator('[data-outcome="invalid"]')).toContainText('✗ Invalid signature.');
    await expect(inspector.locator('[data-outcome="invalid"]')).toContainText(`kid ${kid}`);
  });
});

test.describe('API call', () => {
  test("the HTTP API's JWT authorizer takes an ID token; a REST route without one takes no token", async ({ page }) => {
    await openSignedIn(page, '/guides/id-vs-access/');
    const api = page.locator('tt-api-call').nth(1); // HTTP API, /hello, ID token
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(api.locator('.tt-trace__verdict')).toContainText('✓ 200: allowed.');
    await expect(api.getByLabel('The Lambda event')).toContainText('"version": "2.0"');

    // The list names each route; what the chosen one does is said in full under it, and is the list's description.
    const route = api.getByLabel('Route', { exact: true });
    await expect(route.locator('option[value="/hello"]')).toHaveText('GET /hello');
    await expect(route).toHaveAccessibleDescription('GET /hello: authorizer; echoes the event.');
    await api.getByLabel('REST API (v1), Cognito authorizer').check();
    await route.selectOption('/public');
    await expect(route).toHaveAccessibleDescription('GET /public: no authorizer.');
    await api.getByLabel('Token', { exact: true }).selectOption('none');
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(api.locator('.tt-trace__verdict')).toContainText('✓ 200: allowed.');
    await expect(api.getByText('No Authorization header at all.')).toBeVisible();
    await expect(api.locator('.tt-trace__hop[data-hop="header"]')).toHaveCount(0);
  });

  test("the REST API's JWT authorizer: an access token on /access, the ID token refused at the additional claim, a scope miss a 403", async ({ page }) => {
    await openSignedIn(page, '/steps/call-api/');
    const api = page.locator('tt-api-call').first();
    const verdict = api.locator('.tt-trace__verdict');
    const route = api.getByLabel('Route', { exact: true });
    const send = () => api.getByRole('button', { name: 'Send the request' }).click();
    await expect(route.locator('option[value="/access"]')).toHaveCount(0);
    await api.getByLabel('REST API (v1), JWT authorizer').check();
    await route.selectOption('/access');
    await api.getByLabel('Token', { exact: true }).selectOption('access');
    await send();
    await expect(verdict).toContainText('✓ 200: allowed.');
    await expect(api.locator('pre[aria-label="The request"]')).toContainText('/rest-jwt/prod/access');
    await expect(api.locator('.tt-trace__hop[data-hop="claims"] tr[data-check="additional-claim"]')).toContainText('✓ pass');
    // Claims keep their JSON types in this authorizer's event: exp is a number, not a string.
    await expect(api.getByLabel('The Lambda event')).toContainText(/"exp": \d+/);

    await api.getByLabel('Token', { exact: true }).selectOption('id');
    await send();
    await expect(verdict).toHaveAttribute('data-status', '401');
    await expect(verdict).toHaveAttribute('data-check', 'additional-claim');
    await expect(verdict).toContainText('✗ 401: refused by the check “additional-claim” at “Claims checked”');
    await expect(api.locator('.tt-trace__hop[data-hop="claims"] tr[data-check="additional-claim"]')).toContainText('token_use');
    await expect(api.locator('.tt-trace__hop[data-hop="claims"] tr[data-check="additional-claim"]')).toContainText('✗ fail');
    await expect(api.getByText('No Lambda event: the request never reached the function.')).toBeVisible();

    await route.selectOption('/scoped');
    await send();
    await expect(verdict).toHaveAttribute('data-status', '403');
    await expect(verdict).toContainText('✗ 403: refused by the check “scope”');
    await expect(api.getByLabel('Response body')).toContainText('{"message":"Forbidden"}');

    // Back on the REST API's Cognito authorizer, /access is not offered: the route falls back to /hello.
    await route.selectOption('/access');
    await api.getByLabel('REST API (v1), Cognito authorizer').check();
    await expect(route).toHaveValue('/hello');
    await expect(route.locator('option[value="/access"]')).toHaveCount(0);
  });

  test('bob on /admin: the gateway lets him through, the function says no', async ({ page }) => {
    await openSignedIn(page, '/steps/call-api/');
    const api = page.locator('tt-api-call').first();
    await api.getByLabel('Route', { exact: true }).selectOption('/admin');
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(api.locator('.tt-trace__verdict')).toContainText('403: the gateway let the request through; the function itself said no.');
    await expect(api.getByLabel('Response body')).toContainText('Forbidden: this route requires the admin group.');
  });

  test('the expired token option is honest: with no expired token to hand, an edited exp fails at the signature', async ({ page }) => {
    await openSignedIn(page, '/steps/call-api/');
    const api = page.locator('tt-api-call').first();
    await api.getByLabel('Token', { exact: true }).selectOption('expired');
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(api.getByText(/nobody can make an expired one.*before it reads exp/)).toBeVisible();
    await expect(api.locator('.tt-trace__verdict')).toHaveAttribute('data-check', 'signature');
  });

  test('a function failure is mapped to the API kind’s status', async ({ page }) => {
    await page.goto('/steps/lambda-response/');
    const api = page.locator('tt-api-call').first(); // REST /faults/error, no token
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(api.locator('.tt-trace__verdict')).toContainText('✗ 502: refused by the check “integration”');
    await expect(api.getByLabel('Response body')).toContainText('{"message": "Internal server error"}');
  });

  test('when the gateway does not answer, the widget says how to start the stack', async ({ page }) => {
    await openSignedIn(page, '/steps/call-api/');
    const backend = await pageBackend(page);
    await page.route(`${new URL(backend.apis.rest).origin}/**`, (route) => route.abort('connectionrefused'));
    const api = page.locator('tt-api-call').first();
    await api.getByRole('button', { name: 'Send the request' }).click();
    await expect(api.getByRole('status')).toContainText('the local demo stack is probably not running. Start it in the project folder with "npm start"');
  });
});

test.describe('JWKS viewer', () => {
  test('when the pool does not answer, the widget says how to start the stack', async ({ page }) => {
    await page.goto('/steps/authorizer/');
    const backend = await pageBackend(page);
    await page.route(backend.jwksUri, (route) => route.abort('connectionrefused'));
    const jwks = page.locator('tt-jwks-viewer');
    await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
    await expect(jwks.getByRole('status')).toContainText('"npm start"');
  });
});

test.describe('tamper lab', () => {
  test('HS256 signed with the public key is refused before any HMAC is computed', async ({ page }) => {
    await openSignedIn(page, '/guides/attacks-lab/');
    const lab = page.locator('tt-tamper-lab');
    await lab.getByRole('button', { name: 'Start from my access token' }).click();
    await expect(lab.getByLabel('Route', { exact: true })).toHaveValue('/scoped');
    await lab.getByRole('button', { name: 'HS256 with the public key' }).click();
    await expect(lab.getByLabel('Header (JSON)')).toHaveValue(/"alg": "HS256"/);
    await expect(lab.locator('.tt-lab__changes')).toHaveText('header: changed · payload: as issued · signature: changed');
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(lab.getByText('As expected: the check “alg” refused it.')).toBeVisible();
  });

  test('the reader’s other genuine token on the wrong kind of route fails at token_use, its signature fine', async ({ page }) => {
    await openSignedIn(page, '/guides/attacks-lab/');
    const lab = page.locator('tt-tamper-lab');
    await lab.getByRole('button', { name: 'Start from my ID token' }).click();
    await lab.getByRole('button', { name: 'Wrong token type' }).click();
    await expect(lab.getByLabel('Payload (JSON)')).toHaveValue(/"token_use": "access"/);
    await lab.getByRole('button', { name: 'Send to the gateway' }).click();
    await expect(lab.locator('.tt-trace__hop[data-hop="signature"]')).toHaveAttribute('data-ok', 'true');
    await expect(lab.getByText('As expected: the check “token_use” refused it.')).toBeVisible();
  });
});

test.describe('tamper lab against the REST API with a JWT authorizer', () => {
  test('the untouched access token passes /access; the ID token is refused at the additional claim there, and at the scope on /scoped', async ({ page }) => {
    await openSignedIn(page, '/guides/attacks-lab/');
    const lab = page.locator('tt-tamper-lab');
    const verdict = lab.locator('.tt-trace__verdict');
    const route = lab.getByLabel('Route', { exact: true });
    const send = () => lab.getByRole('button', { name: 'Send to the gateway' }).click();

    await lab.getByRole('button', { name: 'Start from my access token' }).click();
    await lab.getByLabel('REST API (v1), JWT authorizer').check();
    await route.selectOption('/access');
    await send();
    await expect(verdict).toContainText('✓ 200: allowed.');

    await lab.getByRole('button', { name: 'Start from my ID token' }).click();
    await expect(lab.getByLabel('Payload (JSON)')).toHaveValue(/"token_use": "id"/);
    await lab.getByLabel('REST API (v1), JWT authorizer').check();
    await route.selectOption('/access');
    await send();
    await expect(verdict).toHaveAttribute('data-check', 'additional-claim');
    await expect(verdict).toContainText('✗ 401: refused by the check “additional-claim”');
    await expect(lab.locator('.tt-trace__hop[data-hop="signature"]')).toHaveAttribute('data-ok', 'true');
    await expect(lab.locator('.tt-trace__hop[data-hop="claims"] tr[data-check="additional-claim"]')).toContainText('✗ fail');

    await route.selectOption('/scoped');
    await send();
    await expect(verdict).toHaveAttribute('data-status', '403');
    await expect(verdict).toContainText('✗ 403: refused by the check “scope”');
  });
});

test.describe('code tabs', () => {
  test('filled with this stack, switched from the keyboard, the same language everywhere and remembered', async ({ page }) => {
    await page.goto('/steps/tokens/');
    const backend = await pageBackend(page);
    const tabs = page.locator('tt-code-tabs').first();
    const amplify = tabs.getByRole('tab', { name: 'Amplify' });
    await expect(amplify).toHaveAttribute('aria-selected', 'true');
    await amplify.focus();
    await page.keyboard.press('ArrowRight');
    await expect(tabs.getByRole('tab', { name: 'AWS SDK v3' })).toBeFocused();
    await expect(tabs.getByRole('tab', { name: 'AWS SDK v3' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(tabs.getByRole('tab', { name: 'aws-jwt-verify' })).toHaveAttribute('aria-selected', 'true');
    await expect(tabs.locator('[role="tabpanel"]:visible')).toContainText(`jwksUri: '${backend.jwksUri}'`);
    await page.keyboard.press('ArrowLeft');
    await expect(tabs.getByRole('tab', { name: 'Lambda / jose' })).toHaveAttribute('aria-selected', 'true');
    await expect(tabs.locator('[role="tabpanel"]:visible')).toContainText(`new URL('${backend.jwksUri}')`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(tabs.getByRole('tab', { name: 'Amplify' })).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(tabs.getByRole('tab', { name: 'curl' })).toHaveAttribute('aria-selected', 'true');
    await expect(tabs.locator('[role="tabpanel"]:visible')).toContainText('AWSCognitoIdentityProviderService.GetTokensFromRefreshToken');
    await expect(tabs.locator('[role="tabpanel"]:visible')).toContainText(backend.userPoolClientId);
    // Arrow keys in the tabs move between tabs, not to another chapter.
    await expect(page).toHaveURL(/\/steps\/tokens\/$/);

    await page.goto('/steps/call-api/');
    const next = page.locator('tt-code-tabs').first();
    await expect(next.getByRole('tab', { name: 'curl' })).toHaveAttribute('aria-selected', 'true');
    await expect(next.locator('[role="tabpanel"]:visible')).toContainText(`curl -i '${backend.apis.rest}/hello'`);
    await expect(next.locator('[role="tabpanel"]')).toHaveCount(4);
    await expect(next.locator('[role="tabpanel"]:visible')).toHaveCount(1);
  });
});
