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
