/**
 * The JWKS viewer's key rotation, on the local stack: new keys sign from now
 * on, the old ones stay published, and the reader's tokens (signed with an
 * old key) go on passing the gateway while a refreshed token, with a new
 * kid, passes too. Runs after every other browser test (playwright.config.ts).
 */
import { expect as baseExpect, test } from '@playwright/test';
import { openSignedIn } from './widget-helpers.ts';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

test('rotating the keys: new keys sign, old ones stay published, tokens of both kinds pass', async ({ page }) => {
  const tokens = await openSignedIn(page, '/guides/jwks-and-rotation/');
  const jwks = page.locator('tt-jwks-viewer');
  await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
  await expect(jwks.locator(`[data-kid="${kidOf(tokens.IdToken)}"]`)).toContainText('✓ This key signed your ID token');
  const before = await jwks.locator('.tt-jwks__key').count();

  await jwks.getByRole('button', { name: "Rotate the pool's keys" }).click();
  await expect(jwks.getByRole('status')).toHaveText('Keys rotated: new keys sign from now on, the old ones are still published.');
  await expect(jwks.locator('.tt-jwks__key')).toHaveCount(before + 2);
  await expect(jwks.locator(`[data-kid="${kidOf(tokens.IdToken)}"]`)).toContainText('old: still published during the grace period');
  await expect(jwks.locator(`[data-kid="${kidOf(tokens.IdToken)}"]`)).toContainText('✓ This key signed your ID token');
  await expect(jwks.locator('.tt-jwks__key', { hasText: 'new: signs every token issued from now on' })).toHaveCount(2);
  await expect(jwks.getByText('Your current tokens carry an old kid. Refresh them')).toBeVisible();

  // Old token, old key: still passes. A refreshed token names a new kid, and passes too, without a restart.
  await page.goto('/steps/call-api/');
  const api = page.locator('tt-api-call').first();
  await api.getByRole('button', { name: 'Send the request' }).click();
  await expect(api.locator('.tt-trace__verdict')).toContainText('✓ 200: allowed.');

  // Signing in again gets tokens signed with the new keys.
  const fresh = (await openSignedIn(page, '/guides/jwks-and-rotation/')).IdToken;
  expect(kidOf(fresh)).not.toBe(kidOf(tokens.IdToken));
  await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
  await expect(jwks.locator(`[data-kid="${kidOf(fresh)}"]`)).toContainText('✓ This key signed your ID token');
  await page.goto('/steps/call-api/');
  // The gateway fetches the JWKS again for a kid it does not know. Its refetch
  // cooldown (10 s by default) is off in the tests' stack (tests/browser/test-site.ts),
  // so the first request with the new kid already passes.
  await api.getByRole('button', { name: 'Send the request' }).click();
  await expect(api.locator('.tt-trace__verdict')).toContainText('✓ 200: allowed.');
  await expect(api.locator('.tt-trace__hop[data-hop="signature"]')).toHaveAttribute('data-ok', 'true');
});
