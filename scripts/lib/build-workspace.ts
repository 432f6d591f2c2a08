import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKSPACES = join(ROOT, 'node_modules', '.cache', 'token-trail-builds');

/**
 * A fresh folder of its own for one `astro build`, inside the project.
 *
 * When a build's output folder is not under its working directory, Astro
 * puts its intermediate server build in `<cwd>/.astro/.prerender/`
 * (`getOutDirWithinCwd` in astro/dist/core/build/common.js): two builds at
 * once from the project folder overwrite each other's. Run with this folder
 * as the working directory (and `--root` the project), or with the output
 * folder inside it, a build keeps its intermediate files to itself; being
 * inside the project, they still resolve the project's packages.
 */
export function buildWorkspace(prefix: string): string {
  mkdirSync(WORKSPACES, { recursive: true });
  return mkdtempSync(join(WORKSPACES, prefix));
}
