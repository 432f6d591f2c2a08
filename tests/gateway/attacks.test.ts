/**
 * Acceptance 2: the attack corpus (tests/conformance/attack-corpus.ts) against
 * the Node gateway: each forged or broken token over a real loopback socket,
 * through the Node adapter that serves readers. The same cases run in
 * Chromium in tests/browser/conformance.spec.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ATTACKS, attackSuite } from '../conformance/attack-corpus.ts';
import { startNodeGatewayTarget, type NodeGatewayTarget } from '../conformance/node/gateway-target.ts';

let target: NodeGatewayTarget;

before(async () => {
  target = await startNodeGatewayTarget(attackSuite);
});
after(async () => {
  await target.close();
});

describe('attack corpus', () => {
  test('has its 54 cases, 28 on the REST API and 26 on the HTTP API, with distinct names', () => {
    assert.equal(ATTACKS.length, 54);
    assert.equal(ATTACKS.filter((attack) => attack.api === 'rest').length, 28);
    assert.equal(new Set(attackSuite.cases.map((attack) => attack.name)).size, ATTACKS.length);
  });

  for (const attack of attackSuite.cases) {
    test(attack.name, () => attack.run(target));
  }
});
