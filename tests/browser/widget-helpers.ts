import type { Locator, Page } from '@playwright/test';
import { resolveBackend, type Backend } from '../../src/lib/backend.ts';

/**
 * Shortcuts for the widget tests: the page's backend, what the widgets
 * stored, the sign-in widget driven as a reader drives it, and a signed-in
 * reader without going through the sign-in widget (whose own tests do that),
 * by putting tokens where the widgets keep them.
 */

/** The page's backend as its widgets see it: the stack in the browser's URLs made absolute on the page's origin. */
export async function pageBackend(page: Page): Promise<Backend> {
  const embedded = await page.evaluate(() => JSON.parse(document.getElementById('tt-backend')!.textContent!) as Backend);
  return resolveBackend(embedded, new URL(page.url()).origin);
}

export interface StoredTokens {
  current: { idToken: string; accessToken: string; refreshToken: string; username: string } | null;
  earlier: unknown[];
}

/** The tokens the widgets keep in this tab (src/widgets/shared/token-store.ts). */
export const storedTokens = async (page: Page): Promise<StoredTokens['current']> =>
  page.evaluate(() => (JSON.parse(sessionStorage.getItem('tt:tokens') ?? 'null') as StoredTokens | null)?.current ?? null);

/** A token's decoded header and payload. */
export const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string; alg: string };
export const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown> & { iat: number; exp: number };

/** A row of a claims or fields table, by its name. */
export const row = (scope: Locator, attribute: 'data-claim' | 'data-field', name: string) => scope.locator(`tr[${attribute}="${name}"]`);

/**
 * Signs in with the sign-in widget as a reader does: a demo user's radio
 * (which fills in the published password), or a username and password typed
 * in. Resolves once the widget has sent the form; the caller checks the outcome.
 */
export async function submitSignIn(signIn: Locator, user: { demo: string } | { username: string; password: string }): Promise<void> {
  if ('demo' in user) await signIn.getByRole('radio', { name: new RegExp(`^${user.demo} /`) }).check();
  else {
    await signIn.getByLabel('Username', { exact: true }).fill(user.username);
    await signIn.getByLabel('Password', { exact: true }).fill(user.password);
  }
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export interface Tokens {
  IdToken: string;
  AccessToken: string;
  RefreshToken: string;
}

/** Signs a demo user in from the test (USER_PASSWORD_AUTH), as the pool's app client allows. */
export async function signInDirectly(backend: Backend, username: string): Promise<Tokens> {
  const user = backend.local!.demoUsers.find((candidate) => candidate.username === username)!;
  const response = await fetch(backend.userPoolEndpoint!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: backend.userPoolClientId,
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${username} could not sign in (${response.status}): ${text}`);
  return (JSON.parse(text) as { AuthenticationResult: Tokens }).AuthenticationResult;
}

/** Opens `path` with the reader already signed in as `username`. */
export async function openSignedIn(page: Page, path: string, username = 'bob'): Promise<Tokens> {
  await page.goto(path);
  const tokens = await signInDirectly(await pageBackend(page), username);
  await page.evaluate(
    ([t, name]) =>
      sessionStorage.setItem(
        'tt:tokens',
        JSON.stringify({
          current: { idToken: t.IdToken, accessToken: t.AccessToken, refreshToken: t.RefreshToken, username: name, storedAt: Date.now() },
          earlier: [],
        }),
      ),
    [tokens, username] as const,
  );
  await page.reload();
  return tokens;
}

/** A compact JWS with the given parts and a made-up signature: for what a reader might paste. */
export function fakeToken(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.${Buffer.from('not a real signature').toString('base64url')}`;
}
