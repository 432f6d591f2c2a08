/**
 * Property-based fuzzing of the workshop's endpoints, over the wire: every
 * facilitator endpoint and the progress endpoint, with and without the
 * token, with bodies of every JSON shape (and some that are not JSON),
 * content types and query strings. For every case: a status below 500 and a
 * JSON `{"message"}` body whenever the status is 4xx; afterwards the stack
 * still serves. Revocation and reset are left out of the random calls (each
 * would only make the next cases 401s, or slow); their bad input is tested
 * in tests/workshop/.
 *
 * Replaying a failure, and the long run: see support/runner.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { FACILITATOR_ENDPOINTS } from '../../src/stack/workshop/facilitator.ts';
import { startWorkshopStack, TEST_SITE_ORIGIN, type WorkshopStack } from '../workshop/fixtures.ts';
import { CrashWatch, parameters } from './support/runner.ts';

/** Cases in the bounded run; FUZZ_SCALE multiplies them. */
const RUNS = 300;
const crashes = new CrashWatch();
let workshop: WorkshopStack;

before(async () => {
  crashes.start();
  workshop = await startWorkshopStack();
});
after(async () => {
  crashes.stop();
  await workshop?.close();
});

const ENDPOINTS = [
  ...FACILITATOR_ENDPOINTS.filter(([, path]) => path !== '/token/revoke' && path !== '/reset' && path !== '/events').map(([method, path]) => ({
    method,
    url: () => `${workshop.api}${path.replace(':requestId', 'x')}`,
    facilitator: true,
  })),
  { method: 'POST', url: () => workshop.stack.info.workshop!.progress, facilitator: false },
];

const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record({ count: fc.oneof(fc.integer({ min: -5, max: 3 }), fc.string()), prefix: fc.string({ maxLength: 30 }) }, { requiredKeys: [] })
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      { minutes: fc.oneof(fc.integer(), fc.double(), fc.string()), graceSeconds: fc.integer(), latencyMs: fc.integer(), jwksUnreachable: fc.anything() },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      { participant: fc.string({ maxLength: 70 }), name: fc.string({ maxLength: 50 }), chapter: fc.string({ maxLength: 90 }), step: fc.jsonValue() },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constant(''),
);

test('every workshop endpoint answers any input with a 4xx of its shape or a success, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ENDPOINTS),
      body,
      fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', ''),
      fc.constantFrom('', '?after=1', '?limit=-1', '?after=abc&limit=9999', '?x=%ZZ'),
      fc.constantFrom('token', 'none', 'garbage'),
      async (endpoint, payload, type, query, credential) => {
        const token = workshop.stack.workshop!.token.value;
        const headers: Record<string, string> = { origin: TEST_SITE_ORIGIN };
        if (type) headers['content-type'] = type;
        if (credential === 'token') headers.authorization = `Bearer ${token}`;
        if (credential === 'garbage') headers.authorization = `Bearer ${payload.slice(0, 40).replace(/[^\x20-\x7e]/g, '')}`;
        const response = await fetch(`${endpoint.url()}${query}`, { method: endpoint.method, headers, body: endpoint.method === 'GET' ? undefined : payload });
        const text = await response.text();
        assert.ok(response.status < 500, `${endpoint.method} ${endpoint.url()}${query}: ${response.status} ${text}`);
        if (response.status >= 400) assert.equal(typeof (JSON.parse(text) as { message?: unknown }).message, 'string', text);
        // Whatever the case did to the switches, the next one starts from a stack that serves.
        if (endpoint.facilitator)
          Object.assign(workshop.stack.gateway.faults, { jwksUnreachable: false, functionThrows: false, latencyMs: 0, functionTimeout: false });
      },
    ),
    parameters(RUNS, { test: 'workshop endpoints', file: 'tests/fuzz/workshop.test.ts' }),
  );
  assert.deepEqual(await crashes.take(), []);
  assert.equal((await fetch(`${workshop.stack.info.apis.rest}/public`)).status, 200, 'the stack still serves');
});
