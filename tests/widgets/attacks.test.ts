import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Trace } from '../../src/lib/trace/types.ts';
import { startStack, type RunningStack } from '../../src/stack/stack.ts';
import { traceIdOf } from '../../src/widgets/shared/gateway/call-gateway.ts';
import { ATTACKS, defaultTarget, type AttackContext } from '../../src/widgets/tamper-lab/attacks.ts';
import { callPool, TEST_SITE_ORIGIN } from '../helpers/user-pool.ts';

// Every attack of the tamper lab, sent to the real local gateway: refused at the check the lab predicts.
let stack: RunningStack;
let dataDir: string;
let tokens: { id: string; access: string };

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'token-trail-attacks-'));
  stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [TEST_SITE_ORIGIN] });
  const bob = stack.info.demoUsers.find((user) => user.username === 'bob')!;
  const signIn = await callPool(stack.info.userPoolEndpoint, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: stack.info.userPoolClientId, AuthParameters: { USERNAME: bob.username, PASSWORD: bob.password } });
  tokens = { id: signIn.json!.AuthenticationResult.IdToken, access: signIn.json!.AuthenticationResult.AccessToken };
});

after(async () => {
  await stack.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function send(api: 'rest' | 'http', route: string, token: string): Promise<{ status: number; trace: Trace }> {
  const response = await fetch(`${stack.info.apis[api]}${route}`, { headers: { Authorization: `Bearer ${token}` } });
  const requestId = traceIdOf(response.headers);
  assert.ok(requestId, 'Server-Timing names the trace');
  const trace = (await (await fetch(stack.info.trace.byId.replace('{requestId}', requestId))).json()) as Trace;
  return { status: response.status, trace };
}

function context(kind: 'id' | 'access'): AttackContext {
  return {
    token: tokens[kind],
    kind,
    otherToken: tokens[kind === 'id' ? 'access' : 'id'],
    nowSeconds: Math.floor(Date.now() / 1000),
    async publicKey(kid) {
      const { keys } = (await (await fetch(stack.info.jwksUri)).json()) as { keys: (JsonWebKey & { kid?: string })[] };
      return keys.find((key) => key.kid === kid)!;
    },
  };
}

for (const kind of ['id', 'access'] as const) {
  describe(`starting from the ${kind} token`, () => {
    test('the untouched token passes where the lab sends it by default', async () => {
      const target = defaultTarget(kind);
      const { status, trace } = await send(target.api, target.route, tokens[kind]);
      assert.equal(status, 200);
      assert.equal(trace.failure, undefined);
    });

    for (const attack of ATTACKS) {
      test(`${attack.label}: refused at the check "${attack.expected}"`, async () => {
        const target = attack.target?.(kind) ?? defaultTarget(kind);
        const { status, trace } = await send(target.api, target.route, await attack.build(context(kind)));
        assert.equal(status, 401);
        assert.equal(trace.failure?.check, attack.expected, trace.failure?.reason);
      });
    }
  });
}
