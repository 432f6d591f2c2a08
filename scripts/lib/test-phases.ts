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
/** The most lines kept of one Playwright failure: its error, the code around it, and where. */
const FAILURE_LINES = 60;

/** Playwright's heading of a failure ("  1) [project] › file:line:col › title", the project named when there are several), its line reporter's progress line ("[3/364] …"), and its closing summary's first line ("  1 failed", "  2 flaky"). */
const PLAYWRIGHT_FAILURE = /^ {2}\d+\) \S.* › /;
const PLAYWRIGHT_PROGRESS = /^\[\d+\/\d+\] /;
const PLAYWRIGHT_SUMMARY = /^\s+\d+ (failed|flaky)$/;

/**
 * What a failed phase printed about its failures, repeated after every phase
 * has ended so that the end of the log (all a CI summary may keep) names
 * them and says why: node:test's closing "failing tests" list; else each of
 * Playwright's failures (its line reporter prints them as they happen,
 * among hundreds of progress lines) and its closing summary; else the
 * phase's last lines.
 */
export function recap(lines: string[]): string[] {
  const failing = lines.findLastIndex((line) => /^✖ failing tests:/.test(line));
  if (failing >= 0) return lines.slice(failing, failing + RECAP_LINES);
  const failures = playwrightFailures(lines);
  return failures.length > 0 ? failures : lines.slice(-RECAP_LINES / 2);
}

/**
 * Each failure Playwright printed, with its error, then its closing summary
 * from "N failed" or "N flaky" on; nothing if it printed none. A test that
 * failed and then passed on its retry (flaky) is printed so too.
 */
export function playwrightFailures(lines: string[]): string[] {
  const failures: string[] = [];
  const ends = (line: string) => PLAYWRIGHT_PROGRESS.test(line) || PLAYWRIGHT_FAILURE.test(line) || PLAYWRIGHT_SUMMARY.test(line);
  lines.forEach((line, index) => {
    if (!PLAYWRIGHT_FAILURE.test(line)) return;
    const end = lines.findIndex((next, after) => after > index && ends(next));
    failures.push(...lines.slice(index, Math.min(end < 0 ? lines.length : end, index + FAILURE_LINES)));
  });
  if (failures.length === 0) return [];
  const summary = lines.findIndex((line) => PLAYWRIGHT_SUMMARY.test(line));
  return [...failures, ...(summary >= 0 ? lines.slice(summary) : [])];
}
