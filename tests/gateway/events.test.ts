/**
 * The Lambda events (tests/conformance/lambda-events.ts) against
 * the Node gateway: faithful to what AWS records, in keys and value formats,
 * with claims stringified value by value as AWS does. The same cases run in
 * Chromium in tests/browser/conformance.spec.ts.
 */
import { after, before, test } from 'node:test';
import { lambdaEventSuite } from '../conformance/lambda-events.ts';
import { startNodeGatewayTarget, type NodeGatewayTarget } from '../conformance/node/gateway-target.ts';

let target: NodeGatewayTarget;

before(async () => {
  target = await startNodeGatewayTarget(lambdaEventSuite);
});
after(async () => {
  await target.close();
});

for (const event of lambdaEventSuite.cases) {
  test(event.name, () => event.run(target));
}
