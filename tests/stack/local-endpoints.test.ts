import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startStack, type RunningStack } from '../../src/stack/stack.ts';
import { callPool, TEST_SITE_ORIGIN } from '../helpers/user-pool.ts';

/**
 * The local-only endpoints (mailbox, key rotation, traces) answer a loopback
 * peer that names this server in its Host and, when a browser sends an
 * Origin, only the tutorial site's; their POSTs take JSON only. Cognito's own
 * API stays open to every origin, as Cognito is.
 */

const EVIL = 'https://evil.example';
let dataDir: string;
let stack: RunningStack;
let pool: string;
let gateway: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'token-trail-local-'));
  stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [TEST_SITE_ORIGIN] });
  pool = stack.info.userPoolEndpoint.replace(/\/$/, '');
  gateway = new URL(stack.info.apis.rest).origin;
});
after(async () => {
  await stack.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A request with any Host header, which fetch cannot send: what a DNS-rebinding page's browser sends. */
function rawGet(base: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path, headers: { host } }, (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (body += chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode!, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const jwksKids = async () => ((await (await fetch(stack.info.jwksUri)).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid).sort();
const rotateUrl = () => `${pool}/_local/pools/${stack.info.userPoolId}/rotate-keys`;

describe('another web site cannot take over an account through the mailbox', () => {
  test('it may start a password reset (Cognito is open to every origin), but cannot read the code', async () => {
    const started = await callPool(
      stack.info.userPoolEndpoint,
      'ForgotPassword',
      { ClientId: stack.info.userPoolClientId, Username: 'alice' },
      { origin: EVIL },
    );
    assert.equal(started.status, 200);
    assert.equal(started.headers.get('access-control-allow-origin'), EVIL);

    const mailbox = await fetch(`${pool}/_local/mailbox?username=alice`, { headers: { origin: EVIL } });
    assert.equal(mailbox.status, 403);
    assert.equal(mailbox.headers.get('access-control-allow-origin'), null);
    assert.deepEqual(await mailbox.json(), { message: `Local endpoints answer only to the tutorial site, not to pages from ${EVIL}.` });

    const preflight = await fetch(`${pool}/_local/mailbox`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'GET' } });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });

  test('the site itself reads the mailbox cross-origin', async () => {
    const started = await callPool(
      stack.info.userPoolEndpoint,
      'ForgotPassword',
      { ClientId: stack.info.userPoolClientId, Username: 'alice' },
      { origin: TEST_SITE_ORIGIN },
    );
    assert.equal(started.status, 200);
    const mailbox = await fetch(`${pool}/_local/mailbox?username=alice`, { headers: { origin: TEST_SITE_ORIGIN } });
    assert.equal(mailbox.status, 200);
    assert.equal(mailbox.headers.get('access-control-allow-origin'), TEST_SITE_ORIGIN);
    const { messages } = (await mailbox.json()) as { messages: { subject: string }[] };
    assert.equal(messages.at(-1)?.subject, 'Your password reset code');
    const viaLocalhost = await fetch(`${pool}/_local/mailbox`, { headers: { origin: TEST_SITE_ORIGIN.replace('127.0.0.1', 'localhost') } });
    assert.equal(viaLocalhost.status, 200, 'the same site opened as localhost');
  });
});

describe('key rotation takes a JSON POST from the site only', () => {
  test('a text/plain POST (a form or a no-preflight fetch from any page) rotates nothing', async () => {
    const before = await jwksKids();
    for (const origin of [EVIL, TEST_SITE_ORIGIN]) {
      const response = await fetch(rotateUrl(), { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body: '{"graceSeconds":0}' });
      assert.equal(response.status, 403, origin);
      assert.equal(
        ((await response.json()) as { message: string }).message,
        origin === EVIL
          ? `Local endpoints answer only to the tutorial site, not to pages from ${EVIL}.`
          : 'Local endpoints take POST bodies as application/json only.',
      );
    }
    assert.deepEqual(await jwksKids(), before);
  });

  test('a JSON POST from another origin is refused, from the site it rotates', async () => {
    const before = await jwksKids();
    const foreign = await fetch(rotateUrl(), { method: 'POST', headers: { origin: EVIL, 'content-type': 'application/json' }, body: '{"graceSeconds":0}' });
    assert.equal(foreign.status, 403);
    assert.deepEqual(await jwksKids(), before);
    const preflight = await fetch(rotateUrl(), {
      method: 'OPTIONS',
      headers: { origin: TEST_SITE_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), TEST_SITE_ORIGIN);
    const site = await fetch(rotateUrl(), {
      method: 'POST',
      headers: { origin: TEST_SITE_ORIGIN, 'content-type': 'application/json' },
      body: '{"graceSeconds":60}',
    });
    assert.equal(site.status, 200);
    assert.equal(site.headers.get('access-control-allow-origin'), TEST_SITE_ORIGIN);
    assert.equal((await jwksKids()).length, before.length + 2);
  });
});

describe('DNS rebinding: a Host that does not name this server is refused', () => {
  test('the mailbox, a trace and the trace stream refuse a foreign Host, and answer their own', async () => {
    const traced = await fetch(`${stack.info.apis.rest}/public`);
    const requestId = traced.headers.get('x-amzn-requestid')!;
    const poolPort = new URL(pool).port;
    const gatewayPort = new URL(gateway).port;
    const cases: [string, string, string][] = [
      [pool, '/_local/mailbox', poolPort],
      [gateway, `/_trace/${requestId}`, gatewayPort],
      [gateway, '/_trace/stream', gatewayPort],
    ];
    for (const [base, path, port] of cases) {
      const rebound = await rawGet(base, path, `rebind.evil.example:${port}`);
      assert.equal(rebound.status, 403, `${path} with a foreign Host`);
      assert.deepEqual(JSON.parse(rebound.body), { message: `Local endpoints answer only to their own host name, not rebind.evil.example:${port}.` });
      const otherPort = await rawGet(base, path, `127.0.0.1:1`);
      assert.equal(otherPort.status, 403, `${path} with another port`);
    }
    for (const host of [`127.0.0.1:${poolPort}`, `localhost:${poolPort}`]) assert.equal((await rawGet(pool, '/_local/mailbox', host)).status, 200, host);
    assert.equal((await rawGet(gateway, `/_trace/${requestId}`, `localhost:${gatewayPort}`)).status, 200);
  });

  test('the public API does not care about the Host: Cognito and API Gateway sit behind any name', async () => {
    assert.equal((await rawGet(gateway, '/rest/prod/public', 'api.example.com')).status, 200);
    assert.equal((await rawGet(pool, `/${stack.info.userPoolId}/.well-known/jwks.json`, 'cognito.example.com')).status, 200);
  });
});

describe('traces are for the site only, not for any page on a loopback port', () => {
  test('another loopback origin is refused; the site gets CORS', async () => {
    const traced = await fetch(`${stack.info.apis.http}/public`);
    const requestId = traced.headers.get('apigw-requestid')!;
    const otherPort = await fetch(`${gateway}/_trace/${requestId}`, { headers: { origin: 'http://localhost:9999' } });
    assert.equal(otherPort.status, 403);
    assert.equal(otherPort.headers.get('access-control-allow-origin'), null);
    const site = await fetch(`${gateway}/_trace/${requestId}`, { headers: { origin: TEST_SITE_ORIGIN } });
    assert.equal(site.status, 200);
    assert.equal(site.headers.get('access-control-allow-origin'), TEST_SITE_ORIGIN);
  });
});

describe("Cognito's own API keeps the open CORS Cognito has", () => {
  test('any origin may call an operation and read the JWKS', async () => {
    const preflight = await fetch(stack.info.userPoolEndpoint, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), EVIL);
    const jwks = await fetch(stack.info.jwksUri, { headers: { origin: EVIL } });
    assert.equal(jwks.status, 200);
    assert.equal(jwks.headers.get('access-control-allow-origin'), EVIL);
  });
});
