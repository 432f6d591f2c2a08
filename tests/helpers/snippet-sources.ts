import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SnippetSources } from '../../src/widgets/code-tabs/snippets.ts';

/** content/snippets/ on disk. */
export const SNIPPETS_DIR = fileURLToPath(new URL('../../content/snippets/', import.meta.url));

/** The snippet files as the site reads them (src/widgets/code-tabs/snippet-sources.ts does it through Vite). */
export function snippetSources(): SnippetSources {
  const sources: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js|sh)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
        sources[relative(SNIPPETS_DIR, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(SNIPPETS_DIR);
  return sources;
}
