import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ApiName } from '../../src/lib/stack-urls.ts';
import type { CheckName } from '../../src/lib/trace/hops.ts';
import type { Trace } from '../../src/lib/trace/types.ts';
import { startStack, type RunningStack } from '../../src/stack/stack.ts';
import { traceIdOf } from '../../src/widgets/shared/gateway/call-gateway.ts';
import { ATTACKS, defaultTarget, type AttackContext } from '../../src/widgets/tamper-lab/attacks.ts';
import { assertRefusedBy, assertRestError, REST_UNAUTHORIZED } from '../gateway/fixtures/expect.ts';
import { callPool, TEST_SITE_ORIGIN } from '../helpers/user-pool.ts';

/**
 * Every attack of the tamper lab, built from a real sign-in and sent over the
 * wire to the real local gateway: refused with the REST API's exact answer,
 * at the check written out below. The lab's own prediction (`expected`) and
 * its choice of route are checked against the same table, not used as it.
 */
interface Outcome {
  check: CheckName;
  /** Where the lab sends it, starting from an ID token and from an access token. */
  route: { id: string; access: string };
}

const HELLO_OR_SCOPED = { id: '/hello', access: '/scoped' };
const EXPECTED: Record<string, Outcome> = {
  // Any edit of header or payload breaks the signature, which is checked before any claim.
  admin: { check: 'signature', route: HELLO_OR_SCOPED },
  'alg-none': { check: 'alg', route: HELLO_OR_SCOPED },
  'alg-none-case': { check: 'alg', route: HELLO_OR_SCOPED },
  'key-confusion': { check: 'alg', route: HELLO_OR_SCOPED },
  expired: { check: 'signature', route: HELLO_OR_SCOPED },
  audience: { check: 'signature', route: HELLO_OR_SCOPED },
  // Keys are looked up only for trusted issuers: refused before any key or signature.
  issuer: { check: 'iss', route: HELLO_OR_SCOPED },
  kid: { check: 'kid', route: HELLO_OR_SCOPED },
  strip: { check: 'signature', route: HELLO_OR_SCOPED },
  // The other genuine token, where the REST API wants this kind: a valid signature, the wrong token_use.
  'token-type': { check: 'token_use', route: HELLO_OR_SCOPED },
};

let stack: RunningStack;
let dataDir: string;
let tokens: { id: string; access: string };

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'token-trail-attacks-'));
  stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [TEST_SITE_ORIGIN] });
  const bob = stack.info.demoUsers.find((user) => user.username === 'bob')!;
  const signIn = await callPool(stack.info.userPoolEndpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack.info.userPoolClientId,
    AuthParameters: { USERNAME: bob.username, PASSWORD: bob.password },
  });
  tokens = { id: signIn.json!.AuthenticationResult.IdToken, access: signIn.json!.AuthenticationResult.AccessToken };
});

after(async () => {
  await stack.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function send(api: ApiName, route: string, token: string): Promise<{ response: Response; trace: Trace }> {
  const response = await fetch(`${stack.info.apis[api]}${route}`, { headers: { Authorization: `Bearer ${token}` } });
  const requestId = traceIdOf(response.headers);
  assert.ok(requestId, 'Server-Timing names the trace');
  const trace = (await (await fetch(stack.info.trace.byId.replace('{requestId}', requestId))).json()) as Trace;
  return { response, trace };
}

/** The token's own `iat`: "now" as the pool saw it, so that the test reads no clock of its own. */
function issuedAt(token: string): number {
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number }).iat;
}

function context(kind: 'id' | 'access'): AttackContext {
  return {
    token: tokens[kind],
    kind,
    otherToken: tokens[kind === 'id' ? 'access' : 'id'],
    nowSeconds: issuedAt(tokens[kind]),
    async publicKey(kid) {
      const { keys } = (await (await fetch(stack.info.jwksUri)).json()) as { keys: (JsonWebKey & { kid?: string })[] };
      return keys.find((key) => key.kid === kid)!;
    },
  };
}

test('the table covers exactly the lab’s attacks', () => {
  assert.deepEqual(
    ATTACKS.map((attack) => attack.id),
    Object.keys(EXPECTED),
  );
});

for (const kind of ['id', 'access'] as const) {
  describe(`starting from the ${kind} token`, () => {
    test('the untouched token passes where the lab sends it by default', async () => {
      const target = defaultTarget(kind);
      assert.deepEqual(target, { api: 'rest', route: HELLO_OR_SCOPED[kind] });
      const { response, trace } = await send(target.api, target.route, tokens[kind]);
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { message: string }).message, 'Hello, bob!');
      assert.equal(trace.failure, undefined);
    });

    for (const attack of ATTACKS) {
      const outcome = EXPECTED[attack.id];
      test(`${attack.label}: refused at the check "${outcome?.check}"`, async () => {
        assert.ok(outcome, `no expected outcome for ${attack.id}`);
        assert.equal(attack.expected, outcome.check, 'what the lab tells the reader');
        const target = attack.target?.(kind) ?? defaultTarget(kind);
        assert.deepEqual(target, { api: 'rest', route: outcome.route[kind] });
        const { response, trace } = await send(target.api, target.route, await attack.build(context(kind)));
        await assertRestError(response, REST_UNAUTHORIZED);
        assertRefusedBy(trace, outcome.check);
        assert.equal(
          trace.hops.some((hop) => hop.name === 'lambda-event'),
          false,
          'the function must not run',
        );
      });
    }
  });
}

// The lab offers the REST API with a JWT authorizer too, and its explanations
// say that every forgery is refused there at the same check: the same
// algorithms-first, trusted-issuers-only, signature-before-claims order.
describe('the forgeries sent to the REST API with a JWT authorizer', () => {
  for (const kind of ['id', 'access'] as const) {
    for (const attack of ATTACKS.filter((candidate) => candidate.id !== 'token-type')) {
      const outcome = EXPECTED[attack.id]!;
      test(`from the ${kind} token, ${attack.label}: refused at the check "${outcome.check}"`, async () => {
        const { response, trace } = await send('restJwt', outcome.route[kind], await attack.build(context(kind)));
        await assertRestError(response, REST_UNAUTHORIZED);
        assertRefusedBy(trace, outcome.check);
      });
    }
  }
});
