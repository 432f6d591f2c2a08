/**
 * Facilitator authorization holds. Every facilitator endpoint
 * refuses a request without the token, with a participant's Cognito ID or
 * access token (real ones, from Amplify), with a made-up or revoked token,
 * and with the token in the URL; the token never appears in a URL, a trace,
 * the stack's log, stack.json or the event stream, and its file is private.
 * All over HTTP on loopback.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FACILITATOR_ENDPOINTS } from '../../src/stack/workshop/facilitator.ts';
import { amplifyTokens, configureAmplify, eventReader, startWorkshopStack, TEST_SITE_ORIGIN, type WorkshopStack } from './fixtures.ts';

let workshop: WorkshopStack;
let participant: { id: string; access: string };
const traces: string[] = [];

before(async () => {
  workshop = await startWorkshopStack();
  workshop.stack.gateway.traces.subscribe((trace) => traces.push(JSON.stringify(trace)));
  configureAmplify(workshop.stack);
  const [account] = ((await (await workshop.facilitator('POST', '/accounts', { count: 1 })).json()) as { accounts: { username: string; password: string }[] })
    .accounts;
  participant = await amplifyTokens(account!.username, account!.password);
});
after(() => workshop.close());

/** A body each endpoint would accept, so that a refusal is the token's doing. */
const BODIES: Record<string, unknown> = {
  'POST /accounts': { count: 1 },
  'POST /reset': {},
  'POST /rotate-keys': { graceSeconds: 60 },
  'PUT /lifetimes': { minutes: 30 },
  'PUT /faults': { functionThrows: true },
  'POST /token/revoke': {},
};

function call(method: string, path: string, authorization?: string, query = ''): Promise<Response> {
  const key = `${method} ${path}`;
  const body = BODIES[key];
  return fetch(`${workshop.api}${path.replace(':requestId', 'abc')}${query}`, {
    method,
    headers: { ...(authorization === undefined ? {} : { authorization }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function assertRefused(response: Response, challenge: RegExp, what: string): Promise<void> {
  assert.equal(response.status, 401, what);
  assert.match(response.headers.get('www-authenticate') ?? '', challenge, what);
  const body = (await response.json()) as { message: string };
  assert.equal(typeof body.message, 'string', what);
}

describe('every facilitator endpoint refuses', () => {
  test('the list of endpoints is every route the facilitator API has', () => {
    const listed = FACILITATOR_ENDPOINTS.map(([method, path]) => `${method} ${path}`).sort();
    const routed = workshop.stack.workshop!.routes.map(([method, path]) => `${method} ${path}`).sort();
    assert.deepEqual(routed, listed);
  });

  test('a request without a token: 401 with a Bearer challenge', async () => {
    for (const [method, path] of FACILITATOR_ENDPOINTS)
      await assertRefused(await call(method, path), /^Bearer realm="Token Trail facilitator"$/, `${method} ${path}`);
  });

  test("a participant's Cognito ID or access token, raw or as Bearer: 401 invalid_token", async () => {
    for (const token of [participant.id, participant.access]) {
      for (const authorization of [token, `Bearer ${token}`]) {
        for (const [method, path] of FACILITATOR_ENDPOINTS)
          await assertRefused(await call(method, path, authorization), /error="invalid_token"/, `${method} ${path}`);
      }
    }
  });

  test('a made-up token, a token in another scheme, or an empty one: 401', async () => {
    const real = workshop.stack.workshop!.token.value;
    const forged = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
    for (const authorization of [`Bearer ${forged}`, `Basic ${Buffer.from(`x:${real}`).toString('base64')}`, `Token ${real}`, real, 'Bearer ']) {
      for (const [method, path] of FACILITATOR_ENDPOINTS)
        assert.equal((await call(method, path, authorization)).status, 401, `${authorization.slice(0, 12)}: ${method} ${path}`);
    }
  });

  test('the token in the URL is refused, with the header or without', async () => {
    const real = workshop.stack.workshop!.token.value;
    for (const query of [`?token=${real}`, `?access_token=${real}`, `?x=${real}`]) {
      for (const [method, path] of FACILITATOR_ENDPOINTS) {
        const response = await call(method, path, `Bearer ${real}`, query);
        assert.equal(response.status, 400, `${query.slice(0, 8)}: ${method} ${path}`);
        assert.deepEqual(await response.json(), { message: 'The facilitator token goes in the Authorization header, never in a URL.' });
      }
    }
  });

  test("another site's page is refused even with the token; the site's own preflight is answered", async () => {
    const real = workshop.stack.workshop!.token.value;
    const foreign = await fetch(`${workshop.api}/state`, { headers: { authorization: `Bearer ${real}`, origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    const preflight = await fetch(`${workshop.api}/state`, {
      method: 'OPTIONS',
      headers: { origin: TEST_SITE_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), TEST_SITE_ORIGIN);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
  });
});

describe('the token stays secret', () => {
  test('it is in a file only its user may read, and in neither stack.json nor the log', () => {
    const token = workshop.stack.workshop!.token.value;
    const file = join(workshop.dataDir, 'facilitator-token');
    assert.equal(readFileSync(file, 'utf8').trim(), token);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(!readFileSync(join(workshop.dataDir, 'stack.json'), 'utf8').includes(token));
    assert.ok(!JSON.stringify(workshop.stack.info).includes(token));
    assert.ok(
      workshop.log.every((line) => !line.includes(token)),
      'no log line holds it',
    );
  });

  test('used for every endpoint while participants call the APIs, it is in no trace and no event', async () => {
    const token = workshop.stack.workshop!.token.value;
    const events = await workshop.facilitator('GET', '/events');
    const reader = eventReader(events);
    const seen: string[] = [];
    assert.equal((await reader.next()).event, 'state');
    for (const [method, path] of FACILITATOR_ENDPOINTS) {
      if (path === '/events' || path === '/token/revoke' || path === '/reset') continue;
      await workshop.facilitator(method, path.replace(':requestId', 'abc'), BODIES[`${method} ${path}`]);
      await workshop.facilitator('PUT', '/faults', { functionThrows: false });
      // A participant's call, which the gateway traces, with the facilitator's token sent nowhere near it.
      const response = await fetch(`${workshop.stack.info.apis.rest}/hello`, { headers: { authorization: participant.id } });
      await response.arrayBuffer();
      seen.push(JSON.stringify(await reader.next()));
    }
    await reader.cancel();
    assert.ok(traces.length >= 10, 'the participant calls were traced');
    assert.ok(
      traces.every((trace) => !trace.includes(token)),
      'no trace holds the token',
    );
    assert.ok(
      seen.every((event) => !event.includes(token)),
      'no event holds the token',
    );
    assert.ok(
      workshop.log.every((line) => !line.includes(token)),
      'no log line holds it',
    );
  });

  test('revoked, it is refused; the new one, in the private file, works', async () => {
    const old = workshop.stack.workshop!.token.value;
    const revoked = await workshop.facilitator('POST', '/token/revoke', {});
    assert.equal(revoked.status, 200);
    assert.match(((await revoked.json()) as { message: string }).message, /^Revoked\. The new token is in .*facilitator-token\.$/);
    assert.equal((await fetch(`${workshop.api}/state`, { headers: { authorization: `Bearer ${old}` } })).status, 401);
    const fresh = readFileSync(join(workshop.dataDir, 'facilitator-token'), 'utf8').trim();
    assert.notEqual(fresh, old);
    assert.equal(statSync(join(workshop.dataDir, 'facilitator-token')).mode & 0o777, 0o600);
    assert.equal((await fetch(`${workshop.api}/state`, { headers: { authorization: `Bearer ${fresh}` } })).status, 200);
  });
});
