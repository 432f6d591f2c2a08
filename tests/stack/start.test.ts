/**
 * `npm start`: the demo stack, the site built against it and served by our
 * static server with the production build's Content-Security-Policy and our
 * security headers, the stack told the site's origin, and one Ctrl-C
 * stopping all of it. Every server on a free port; every wait is on an event
 * (the child's output, its exit), bounded.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { THEME_BOOT_SCRIPT } from '../../src/lib/theme-boot.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'token-trail-start-'));
// The build takes a minute or two on a small machine; the stack seconds.
const BUILD_MS = 240_000;
const STOP_MS = 20_000;

/** The child's stdout and stderr, and waits for what they will say. */
function watchOutput(child: ChildProcess) {
  let text = '';
  const waiters = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  return {
    get text() {
      return text;
    },
    exited,
    /** The first match of `pattern` in the output, once it is there; fails if the child exits first or `ms` pass. */
    waitFor(pattern: RegExp, what: string, ms: number): Promise<RegExpExecArray> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (!match) return;
          settle();
          resolve(match);
        };
        const timer = setTimeout(() => {
          settle();
          reject(new Error(`no ${what} within ${ms / 1000} s`));
        }, ms);
        const settle = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        void exited.then(({ code, signal }) => {
          if (!waiters.has(check)) return;
          settle();
          reject(new Error(`npm start exited (${signal ?? `exit code ${code}`}) before ${what}`));
        });
        check();
      });
    },
  };
}

const answers = (url: string) =>
  fetch(url)
    .then((response) => response.ok)
    .catch(() => false);

function csp(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP <meta>');
  return new Map(
    content
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

const sha256 = (code: string) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`;

function assertSecurityHeaders(response: Response, what: string) {
  assert.equal(response.headers.get('content-security-policy'), "frame-ancestors 'none'", `${what}: frame-ancestors header`);
  assert.equal(response.headers.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.match(response.headers.get('referrer-policy') ?? '', /^(no-referrer|strict-origin-when-cross-origin)$/, `${what}: Referrer-Policy`);
}

let start: ChildProcess | undefined;
after(async () => {
  // A failed test must not leave the stack behind: SIGTERM stops every part.
  if (start && start.exitCode === null && start.signalCode === null) {
    const gone = new Promise((resolve) => start!.once('exit', resolve));
    start.kill('SIGTERM');
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, STOP_MS).unref())]);
    start.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('npm start serves the production build with our headers against a stack told its origin, and one Ctrl-C stops all of it', {
  timeout: BUILD_MS + 2 * STOP_MS,
}, async () => {
  // What `npm start -- --userpool-port 0 --gateway-port 0` runs.
  start = spawn(process.execPath, ['scripts/start.ts', '--userpool-port', '0', '--gateway-port', '0'], {
    cwd: ROOT,
    env: { ...process.env, TOKEN_TRAIL_DATA: dataDir, TOKEN_TRAIL_SITE_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = watchOutput(start);
  let siteOrigin: string, poolOrigin: string, gatewayOrigin: string, info: Record<string, any>;
  try {
    await output.waitFor(/^.*\bbuilding the site\b.*$/im, 'line announcing the build', 60_000);
    const [, url] = await output.waitFor(/ready at (http:\/\/127\.0\.0\.1:\d+)\//, 'line with the site’s URL', BUILD_MS);
    siteOrigin = url!;
    assert.notEqual(new URL(siteOrigin).port, '4321', 'TOKEN_TRAIL_SITE_PORT=0 picks a free port');
    assert.doesNotMatch(output.text, /\bbuilding client\b|\bgenerating static routes\b|Pagefind/i, 'the build’s own output stays quiet');

    info = JSON.parse(readFileSync(join(dataDir, 'stack.json'), 'utf8'));
    poolOrigin = new URL(info.userPoolEndpoint).origin;
    gatewayOrigin = new URL(info.apis.rest).origin;
    for (const origin of [poolOrigin, gatewayOrigin]) assert.notEqual(new URL(origin).port, '0');
    assert.ok(await answers(`${info.apis.rest}/public`), 'the gateway answers');
    assert.ok(await answers(info.jwksUri), 'the pool answers');

    // The site: the production build, not a dev server.
    for (const path of ['/', '/steps/tokens/']) {
      const response = await fetch(siteOrigin + path);
      assert.equal(response.status, 200, path);
      assertSecurityHeaders(response, path);
      const html = await response.text();
      assert.match(html, /Token Trail/);
      assert.equal(html, readFileSync(join(dataDir, 'site', path, 'index.html'), 'utf8'), `${path} is the built page`);
      assert.doesNotMatch(html, /@vite\/client|astro-dev-toolbar/, `${path}: no dev server`);
      // Built with stack.json there: the Node stack, not the stack in the browser.
      assert.match(html, /<script type="application\/json" id="tt-backend">\{"kind":"local",/, `${path}: the Node stack's backend`);

      // Its CSP, against what the production build must say for this stack.
      const policy = csp(html);
      assert.deepEqual(policy.get('default-src'), ["'self'"], path);
      assert.deepEqual(policy.get('connect-src'), ["'self'", ...[poolOrigin, gatewayOrigin].sort()], `${path}: connect-src admits itself and the stack only`);
      assert.deepEqual(policy.get('object-src'), ["'none'"], path);
      assert.deepEqual(policy.get('base-uri'), ["'self'"], path);
      assert.deepEqual(policy.get('form-action'), ["'self'"], path);
      const scriptSrc = policy.get('script-src') ?? [];
      assert.ok(scriptSrc.includes("'self'"), `${path}: script-src 'self'`);
      assert.ok(
        !scriptSrc.includes("'unsafe-inline'") && !scriptSrc.includes("'unsafe-eval'"),
        `${path}: script-src allows no inline script or eval by default`,
      );
      assert.ok(scriptSrc.includes(sha256(THEME_BOOT_SCRIPT)), `${path}: the theme boot script is allowed by its hash`);
      for (const [, attributes, code] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        if (/\bsrc=|type="application\/(ld\+)?json"/.test(attributes!)) continue;
        assert.ok(scriptSrc.includes(sha256(code!)), `${path}: an inline script is not allowed by its hash`);
      }
    }

    // Every response carries the headers: an asset, a 404, a redirect.
    const home = await (await fetch(`${siteOrigin}/`)).text();
    const stylesheet = /<link rel="stylesheet" href="(\/_astro\/[^"]+\.css)"/.exec(home)?.[1];
    assert.ok(stylesheet, 'the home page links a stylesheet');
    const asset = await fetch(siteOrigin + stylesheet);
    assert.equal(asset.status, 200);
    assertSecurityHeaders(asset, stylesheet);
    const missing = await fetch(`${siteOrigin}/no-such-page/`);
    assert.equal(missing.status, 404);
    assertSecurityHeaders(missing, 'a 404');
    const redirect = await fetch(`${siteOrigin}/steps`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assertSecurityHeaders(redirect, 'a redirect');

    // The stack was told the site's origin: its local endpoints admit that page, and no other.
    const fromSite = await fetch(info.mailbox, { headers: { origin: siteOrigin } });
    assert.equal(fromSite.status, 200, await fromSite.clone().text());
    assert.equal(fromSite.headers.get('access-control-allow-origin'), siteOrigin);
    const fromElsewhere = await fetch(info.mailbox, { headers: { origin: 'http://evil.example' } });
    assert.equal(fromElsewhere.status, 403);
    assert.equal(fromElsewhere.headers.get('access-control-allow-origin'), null);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- npm start output ---\n${output.text}`, { cause: error });
  }

  // One Ctrl-C stops all of it: when npm start has exited, nothing answers.
  start.kill('SIGINT');
  const stopped = await Promise.race([
    output.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('npm start did not stop')), STOP_MS).unref()),
  ]);
  assert.deepEqual(stopped, { code: 0, signal: null }, output.text);
  assert.equal(await answers(`${siteOrigin}/`), false, 'the site stopped');
  assert.equal(await answers(`${info.apis.rest}/public`), false, 'the gateway stopped');
  assert.equal(await answers(info.jwksUri), false, 'the pool stopped');
});
