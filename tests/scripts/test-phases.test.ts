/** `npm test` repeats a failed phase's failures at the end of its output (scripts/lib/test-phases.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recap } from '../../scripts/lib/test-phases.ts';

test("node:test's closing list of failing tests is repeated, from its heading on", () => {
  const lines = [
    '✔ passes (1ms)',
    '✖ breaks (2ms)',
    'ℹ tests 2',
    'ℹ fail 1',
    '✖ failing tests:',
    '',
    'test at tests/a.test.ts:3:1',
    '✖ breaks (2ms)',
    '  AssertionError',
  ];
  assert.deepEqual(recap(lines), lines.slice(4));
});

test('without that list (Playwright), the last lines are repeated', () => {
  const lines = Array.from({ length: 200 }, (_, index) => `line ${index}`);
  assert.deepEqual(recap(lines), lines.slice(-75));
  assert.deepEqual(recap(['  1 failed', '    [chromium] › a.spec.ts:3:1 › breaks']), ['  1 failed', '    [chromium] › a.spec.ts:3:1 › breaks']);
});
