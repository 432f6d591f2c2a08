// Runs before `npm start`, `npm test`, `npm run stack` and `npm run bench`
// (package.json): the project's scripts are TypeScript that Node runs
// directly (type stripping, Node 22.18 and later), which an older Node
// cannot even parse. So this file is plain JavaScript that any Node with ES
// modules understands, and it says in one sentence what to do instead of
// leaving the reader a stack trace. Keep its syntax old: no `?.`, no `??`.
import { pathToFileURL } from 'node:url';

export const MINIMUM = [22, 18, 0];

export const NEEDS_NEWER_NODE =
  'Token Trail needs Node 22.18 or later (Node 24 LTS recommended): nvm install 24 (the project has an .nvmrc), or https://nodejs.org/';

/** The sentence to print when `version` ("20.11.1" or "v20.11.1") is too old or unreadable; null when it will do. */
export function nodeVersionProblem(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version));
  if (!match) return `${NEEDS_NEWER_NODE} (this Node says its version is ${JSON.stringify(String(version))})`;
  const parts = [Number(match[1]), Number(match[2]), Number(match[3])];
  for (let i = 0; i < MINIMUM.length; i++) {
    if (parts[i] > MINIMUM[i]) return null;
    if (parts[i] < MINIMUM[i]) return `${NEEDS_NEWER_NODE} This is Node ${parts.join('.')}.`;
  }
  return null;
}

/** Prints the problem, if any, and sets the exit code to 1: what the npm scripts run. */
export function main(version) {
  const problem = nodeVersionProblem(version === undefined ? process.versions.node : version);
  if (problem) {
    console.error(problem);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
