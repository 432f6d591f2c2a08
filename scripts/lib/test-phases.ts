/** What `npm test` runs (scripts/test.ts): each phase is an npm script. */
export interface Phase {
  name: string;
  script: string;
}

export const PHASES: Phase[] = [
  // First, so that a lint or type error is the first thing CI reports; it is also the shortest.
  { name: 'check', script: 'check' },
  { name: 'node', script: 'test:node' },
  { name: 'browser', script: 'test:browser' },
];

const RECAP_LINES = 150;

/**
 * What a failed phase printed about its failures, repeated after every phase
 * has ended so that the end of the log (all a CI summary may keep) names
 * them: node:test's closing "failing tests" list, or else the phase's last
 * lines (Playwright's own summary of failures).
 */
export function recap(lines: string[]): string[] {
  const failing = lines.findLastIndex((line) => /^✖ failing tests:/.test(line));
  return failing >= 0 ? lines.slice(failing, failing + RECAP_LINES) : lines.slice(-RECAP_LINES / 2);
}
