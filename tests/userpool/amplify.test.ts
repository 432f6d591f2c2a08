/**
 * The real aws-amplify v6 through every flow the tutorial uses
 * (tests/conformance/amplify-flows.ts), against the Node pool over loopback.
 * The same cases run with Amplify in a Chromium page against the in-browser
 * stack in tests/browser/conformance.spec.ts.
 */
import { after, before, describe, test } from 'node:test';
import { signOut } from 'aws-amplify/auth';
import { amplifySuite } from '../conformance/amplify-flows.ts';
import { startNodePoolTarget, type NodePoolTarget } from '../conformance/node/pool-target.ts';

let target: NodePoolTarget;

before(async () => {
  target = await startNodePoolTarget();
});
after(async () => {
  await signOut().catch(() => {});
  await target.close();
});

describe('aws-amplify v6 against the local pool', () => {
  for (const flow of amplifySuite.cases) {
    test(flow.name, async () => {
      await amplifySuite.beforeEach?.(target);
      await flow.run(target);
    });
  }
});
