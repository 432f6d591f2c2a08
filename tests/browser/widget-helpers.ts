import type { Page } from '@playwright/test';
import type { Backend } from '../../src/lib/backend.ts';

/**
 * Shortcuts for the widget tests: the page's backend, and a signed-in
 * reader without going through the sign-in widget (whose own tests do that),
 * by putting tokens where the widgets keep them.
 */
export async function pageBackend(page: Page): Promise<Backend> {
  return page.evaluate(() => JSON.parse(document.getElementById('tt-backend')!.textContent!) as Backend);
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
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: backend.userPoolClientId, AuthParameters: { USERNAME: user.username, PASSWORD: user.password } }),
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
      sessionStorage.setItem('tt:tokens', JSON.stringify({ current: { idToken: t.IdToken, accessToken: t.AccessToken, refreshToken: t.RefreshToken, username: name, storedAt: Date.now() }, earlier: [] })),
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
