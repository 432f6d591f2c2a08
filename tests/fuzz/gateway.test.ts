/**
 * Property-based fuzzing of the API gateway's request handling, over the
 * wire, with the whole demo stack running: methods, paths, Authorization
 * headers of every shape (including genuine tokens, spoiled or re-signed with
 * hostile claims), other headers, Origin and bodies. The fault routes
 * (`/faults/*`), whose functions fail on purpose, are left out.
 *
 * For every case: a status below 500, a JSON or text body (JSON whenever the
 * content type says so), a connection still usable for the next request, no
 * crash of the process; afterwards the stack still serves.
 *
 * Replaying a failure, and the long run: see support/runner.ts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { callPool } from '../helpers/user-pool.ts';
import { gatewayCase } from './support/gateway-cases.ts';
import { GatewayWorld } from './support/gateway-world.ts';
import { CrashWatch, parameters } from './support/runner.ts';

/** Cases in the bounded run; FUZZ_SCALE multiplies them. */
const RUNS = 1000;

const crashes = new CrashWatch();
let world: GatewayWorld;
let kids: string[];

before(async () => {
  crashes.start();
  world = await GatewayWorld.start();
  await world.tokens();
  const jwks = (await (await fetch(world.stack.info.jwksUri)).json()) as { keys: Array<{ kid: string }> };
  kids = jwks.keys.map((key) => key.kid);
});
after(async () => {
  crashes.stop();
  await world?.close();
});

test('the gateway answers any request below 500, with a JSON or text body', async (t) => {
  await fc.assert(
    fc.asyncProperty(gatewayCase(kids), async (c) => {
      const failure = await world.run(c, crashes);
      if (failure) assert.fail(failure);
    }),
    parameters(RUNS, { test: t.name, file: 'tests/fuzz/gateway.test.ts' }),
  );
});

test('after the fuzz, the stack still serves', async () => {
  const open = await fetch(`${world.stack.info.apis.rest}/public`);
  assert.equal(open.status, 200, await open.text());
  const signIn = await callPool(world.stack.info.userPoolEndpoint, 'InitiateAuth', {
    ClientId: world.stack.info.userPoolClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-demo-1' },
  });
  assert.equal(signIn.status, 200, signIn.text);
  const { IdToken, AccessToken } = signIn.json!.AuthenticationResult;
  const rest = await fetch(`${world.stack.info.apis.rest}/hello`, { headers: { authorization: IdToken } });
  assert.equal(rest.status, 200, await rest.text());
  const http = await fetch(`${world.stack.info.apis.http}/scoped`, { headers: { authorization: `Bearer ${AccessToken}` } });
  assert.equal(http.status, 200, await http.text());
  assert.deepEqual(await crashes.take(), []);
});
