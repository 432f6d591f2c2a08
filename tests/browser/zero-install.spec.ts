/**
 * Zero install: the site built with no backend, served by a plain
 * static file server, and the demo stack running in the reader's browser as
 * a Service Worker. The reader's whole journey, then what the worker must
 * never do: answer another origin's pages, touch requests that are not the
 * stack's, or keep the pool's private keys where a script could read them.
 */
import type { Page } from '@playwright/test';
import { expect, zeroInstallJourney } from './zero-install-journey.ts';
import { playgroundTests } from './zero-install-playground.ts';
import { test, type ZeroInstallSite } from './zero-install-site.ts';
import { submitSignIn } from './widget-helpers.ts';

test.describe.configure({ timeout: 300_000 });

const at = (site: ZeroInstallSite, path: string) => `${site.url}${path.replace(/^\//, '')}`;

/** Opens a page of the site and has the reader act (fetch the JWKS), which starts the stack's worker. */
async function startTheStack(page: Page, site: ZeroInstallSite): Promise<void> {
  await page.goto(at(site, '/steps/authorizer/'));
  const jwks = page.locator('tt-jwks-viewer');
  await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
  await expect(jwks.getByRole('status')).toContainText('keys fetched');
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test('the whole journey on a static host, with no server of ours', async ({ page, rootSite }) => {
  await page.goto(rootSite.url);
  const embedded = await page.evaluate(() => JSON.parse(document.getElementById('tt-backend')!.textContent!) as { kind: string; userPoolEndpoint: string });
  expect(embedded).toMatchObject({ kind: 'browser', userPoolEndpoint: '/_stack/cognito/' });
  await zeroInstallJourney(page, rootSite);
});

test.describe('what the worker never does', () => {
  test('a page on another origin cannot reach the stack: its requests go to the network, which has no stack', async ({ page, rootSite: site }) => {
    await startTheStack(page, site);
    const mailbox = at(site, '/_stack/cognito/_local/mailbox');
    // The site's own page: the worker answers, from the stack.
    const own = page.waitForResponse(mailbox);
    expect(await page.evaluate((url) => fetch(url).then((response) => response.json()), mailbox)).toEqual({ messages: [] });
    expect((await own).fromServiceWorker()).toBe(true);

    // Another origin's page, in the same browser, with the worker running.
    await page.goto(`${site.otherOrigin}/other.html`);
    const before = site.requests.length;
    const outcome = await page.evaluate(
      async (url) => ({
        cors: await fetch(url).then(
          (response) => `answered ${response.status}`,
          (error: Error) => `failed: ${error.name}`,
        ),
        noCors: await fetch(url, { mode: 'no-cors' }).then((response) => response.type),
      }),
      mailbox,
    );
    // CORS refuses the first (the static server's 404 names no origin); the second is opaque: nothing readable either way.
    expect(outcome).toEqual({ cors: 'failed: TypeError', noCors: 'opaque' });
    // Both went past the worker to the network: the static server got them, and has nothing there but its 404 page.
    expect(site.requests.slice(before)).toEqual([`GET ${site.base}_stack/cognito/_local/mailbox`, `GET ${site.base}_stack/cognito/_local/mailbox`]);
    const fromNetwork = await fetch(mailbox);
    expect(fromNetwork.status).toBe(404);
    expect(fromNetwork.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  test('a form on another site cannot reset the stack or rotate its keys: the worker refuses a foreign Origin', async ({ page, rootSite: site }) => {
    await startTheStack(page, site);
    const kids = () => page.locator('tt-jwks-viewer .tt-jwks__key').evaluateAll((keys) => keys.map((key) => key.getAttribute('data-kid')));
    const kidsBefore = await kids();
    expect(kidsBefore).toHaveLength(2);
    for (const [target, body, refusal] of [
      // The stack's own guard (src/stack/browser/local-access.ts) looks at the Origin first…
      [at(site, '/_stack/reset'), '{}', `Local endpoints answer only to the tutorial site, not to pages from ${site.otherOrigin}.`],
      // …the pool's local endpoints at the body's type first: a form cannot send application/json.
      [
        at(site, '/_stack/cognito/_local/pools/us-east-1_TrailDemo/rotate-keys'),
        '{"graceSeconds":0}',
        'Local endpoints take POST bodies as application/json only.',
      ],
    ] as const) {
      await page.goto(`${site.otherOrigin}/other.html`);
      // A cross-site form post is a navigation into the worker's scope: the one way another site's page reaches it.
      await page.evaluate(
        ([action, value]) => {
          const form = document.createElement('form');
          form.method = 'POST';
          form.action = action;
          form.enctype = 'text/plain';
          const input = document.createElement('input');
          input.name = value;
          input.value = '';
          form.append(input);
          document.body.append(form);
          form.submit();
        },
        [target, body] as const,
      );
      await expect(page.locator('body')).toContainText(refusal);
    }
    // Nothing changed: the same keys (a reset or a rotation would have made new ones).
    await startTheStack(page, site);
    expect(await kids()).toEqual(kidsBefore);
  });

  test('the worker answers <base>_stack/cognito/, gateway/ and reset only; every other request passes through untouched', async ({ page, rootSite: site }) => {
    await startTheStack(page, site);
    const answered = new Map<string, boolean>();
    page.on('response', (response) => answered.set(response.url(), response.fromServiceWorker()));
    const statusOf = (url: string) => page.evaluate((u) => fetch(u, { cache: 'no-store' }).then((response) => response.status), url);

    const stack = at(site, '/_stack/cognito/us-east-1_TrailDemo/.well-known/jwks.json');
    expect(await statusOf(stack)).toBe(200);
    const before = site.requests.length;
    const others = ['/steps/tokens/', '/favicon.svg', '/_stack', '/_stack/', '/_stack/other/x', '/_stackx/cognito/', '/_stack-cognito/'].map((path) =>
      at(site, path),
    );
    const statuses = [];
    for (const url of others) statuses.push(await statusOf(url));
    expect(statuses).toEqual([200, 200, 404, 404, 404, 404, 404]);
    await expect.poll(() => others.every((url) => answered.has(url))).toBe(true);
    expect(answered.get(stack)).toBe(true);
    expect(others.filter((url) => answered.get(url))).toEqual([]);
    // Each of them reached the static server, as it was asked; the stack's own request did not.
    expect(site.requests.slice(before)).toEqual(expect.arrayContaining(others.map((url) => `GET ${new URL(url).pathname}`)));
    expect(site.requests.slice(before).filter((request) => request.includes('/_stack/cognito/'))).toEqual([]);
  });

  test("built with no backend, the CSP's connect-src is exactly 'self', and the browser enforces it", async ({ page, rootSite: site }) => {
    for (const path of ['/', '/steps/sign-in/', '/steps/call-api/', '/guides/attacks-lab/', '/search/']) {
      await page.goto(at(site, path));
      const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
      const directives = new Map(
        policy!
          .split(';')
          .map((part) => part.trim().split(/\s+/))
          .filter((parts) => parts[0])
          .map(([name, ...values]) => [name!, values]),
      );
      expect(directives.get('connect-src'), path).toEqual(["'self'"]);
      expect(directives.get('worker-src'), path).toEqual(["'self'"]);
    }
    const violation = await page.evaluate(async (url) => {
      const seen = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true }),
      );
      const result = await fetch(url).then(
        () => 'fetched',
        (error: Error) => error.name,
      );
      return { result, directive: await seen };
    }, `${site.otherOrigin}/other.html`);
    expect(violation).toEqual({ result: 'TypeError', directive: 'connect-src' });
  });

  test("the pool's private keys are non-extractable CryptoKeys in IndexedDB: no record holds a JWK's d", async ({ page, rootSite: site }) => {
    await page.goto(at(site, '/steps/sign-in/'));
    const signIn = page.locator('tt-sign-in');
    await submitSignIn(signIn, { demo: 'alice' });
    await expect(signIn.getByRole('status')).toContainText('Signed in as alice.');

    const found = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('token-trail-stack');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const all = (store: string) =>
        new Promise<{ keys: IDBValidKey[]; values: unknown[] }>((resolve, reject) => {
          const transaction = db.transaction(store, 'readonly');
          const keys = transaction.objectStore(store).getAllKeys();
          const values = transaction.objectStore(store).getAll();
          transaction.oncomplete = () => resolve({ keys: keys.result, values: values.result });
          transaction.onerror = () => reject(transaction.error);
        });
      const rows = await all('rows');
      const keyRecords = rows.keys
        .map((key, index) => ({ key: key as [string, string], value: rows.values[index] as { record: string } }))
        .filter(({ key }) => key[0] === 'keys')
        .map(({ value }) => JSON.parse(value.record) as { kid: string; use: string; privateJwk: Record<string, unknown> });
      const everyRow = JSON.stringify(rows.values);
      const privateKeys = await all('private-keys');
      const keys = [];
      for (const [index, key] of privateKeys.values.entries()) {
        const cryptoKey = key as CryptoKey;
        const exported = await crypto.subtle.exportKey('jwk', cryptoKey).then(
          () => 'exported',
          (error: Error) => error.name,
        );
        keys.push({ kid: privateKeys.keys[index], isCryptoKey: key instanceof CryptoKey, type: cryptoKey.type, extractable: cryptoKey.extractable, exported });
      }
      db.close();
      return {
        uses: keyRecords.map((record) => record.use).sort(),
        privateMembers: keyRecords.map((record) => Object.keys(record.privateJwk).sort().join(',')),
        // The records are JSON text inside the rows: quotes may come escaped.
        anyPrivateMember: /\\?"(d|p|q|dp|dq|qi)\\?":/.test(everyRow),
        recordKids: keyRecords.map((record) => record.kid).sort(),
        keys,
      };
    });
    expect(found.uses).toEqual(['access', 'id', 'refresh']);
    expect(found.privateMembers).toEqual(['e,kty,n', 'e,kty,n', 'e,kty,n']);
    expect(found.anyPrivateMember).toBe(false);
    expect(found.keys.map((key) => key.kid).sort()).toEqual(found.recordKids);
    for (const key of found.keys) expect(key).toMatchObject({ isCryptoKey: true, type: 'private', extractable: false, exported: 'InvalidAccessError' });
  });
});

test.describe('where the browser runs no Service Workers', () => {
  test('a browser without them: the page says so when it loads, before anyone acts', async ({ page, rootSite: site }) => {
    // As in a private window of a browser that leaves `navigator.serviceWorker` undefined there.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }));
    await page.goto(at(site, '/steps/sign-in/'));
    const notice = page.locator('.connection-notice');
    await expect(notice.getByRole('heading', { name: 'This browser cannot run the demo stack here' })).toBeVisible();
    await expect(notice).toContainText('Service Workers are turned off here');
    await expect(notice).toContainText('npm start');
    await expect(page.locator('[data-backend-badge]')).toContainText('cannot run here');
    const signIn = page.locator('tt-sign-in');
    await submitSignIn(signIn, { demo: 'bob' });
    await expect(signIn.getByRole('status')).toContainText('This browser does not let the site run its demo stack: Service Workers are turned off here.');
  });

  test.describe('a browser that blocks them without saying so', () => {
    test.use({ serviceWorkers: 'block' });
    test('the widget the reader used says so plainly, and so does the page', async ({ page, rootSite: site }) => {
      await page.goto(at(site, '/steps/authorizer/'));
      await expect(page.locator('[data-backend-badge]')).toContainText('starts when you use a widget');
      const jwks = page.locator('tt-jwks-viewer');
      await jwks.getByRole('button', { name: 'Fetch the keys' }).click();
      await expect(jwks.getByRole('status')).toContainText('This browser does not let the site run its demo stack: Service Workers are turned off here.');
      await expect(jwks.getByRole('status')).toContainText('run the Node stack from the project folder: npm start');
      await expect(page.locator('.connection-notice').getByRole('heading', { name: 'This browser cannot run the demo stack here' })).toBeVisible();
    });
  });
});

// The code playground, on this worker's build of the site.
playgroundTests();
