/** `npm test` repeats a failed phase's failures at the end of its output (scripts/lib/test-phases.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { playwrightFailures, recap } from '../../scripts/lib/test-phases.ts';

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

test("Playwright's failures, printed among its progress lines, are repeated with their errors, then its summary", () => {
  const lines = [
    '[1/3] [chromium] › a.spec.ts:3:1 › passes',
    '[2/3] [chromium] › a.spec.ts:9:1 › breaks',
    '  1) [chromium] › a.spec.ts:9:1 › breaks ─────',
    '',
    '    Error: expect(locator).toHaveText(expected) failed',
    '      at a.spec.ts:12:5',
    '',
    '[3/3] [chromium] › b.spec.ts:1:1 › passes too',
    '  1 failed',
    '    [chromium] › a.spec.ts:9:1 › breaks',
    '  2 passed (3.0s)',
  ];
  assert.deepEqual(recap(lines), [...lines.slice(2, 7), ...lines.slice(8)]);
});

test('a test that failed, then passed on its retry, is repeated with its error; a run with no failure repeats nothing', () => {
  const lines = [
    '[1/2] [chromium] › a.spec.ts:9:1 › breaks once',
    '  1) [chromium] › a.spec.ts:9:1 › breaks once ─────',
    '    Error: expect(locator).toBeEnabled() failed',
    '[2/2] [chromium] › a.spec.ts:9:1 › breaks once (retry #1)',
    '  1 flaky',
    '    [chromium] › a.spec.ts:9:1 › breaks once',
    '  1 passed (3.0s)',
  ];
  assert.deepEqual(playwrightFailures(lines), [...lines.slice(1, 3), ...lines.slice(4)]);
  assert.deepEqual(playwrightFailures(['[1/1] [chromium] › a.spec.ts:3:1 › passes', '  1 passed (1.0s)']), []);
});
