/**
 * The attack corpus (tests/conformance/attack-corpus.ts) against
 * the Node gateway's three APIs: each forged or broken token over a real
 * loopback socket, through the Node adapter that serves readers. The same
 * cases run in Chromium in tests/browser/conformance.spec.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ATTACKS, attackSuite, casesPerApi } from '../conformance/attack-corpus.ts';
import { startNodeGatewayTarget, type NodeGatewayTarget } from '../conformance/node/gateway-target.ts';

let target: NodeGatewayTarget;

before(async () => {
  target = await startNodeGatewayTarget(attackSuite);
});
after(async () => {
  await target.close();
});

describe('attack corpus', () => {
  test('has its 53 attacks as 153 cases, 50 on the REST API, 51 on the HTTP API and 52 on the REST API with the JWT authorizer, with distinct names', () => {
    assert.equal(ATTACKS.length, 53);
    assert.deepEqual([casesPerApi('rest'), casesPerApi('http'), casesPerApi('restJwt')], [50, 51, 52]);
    assert.equal(attackSuite.cases.length, 153);
    assert.equal(new Set(attackSuite.cases.map((attack) => attack.name)).size, 153);
  });

  for (const attack of attackSuite.cases) {
    test(attack.name, () => attack.run(target));
  }
});
