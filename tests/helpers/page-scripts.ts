import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The JavaScript a built page makes the browser run before the reader does
 * anything: its inline scripts, its module scripts and modulepreloads, and
 * every module those import statically. Dynamic `import()`s are what loads
 * later, on demand, and are left out on purpose.
 */
export interface EagerScripts {
  /** Files under the site root, as URL paths (`/_astro/x.js`). */
  files: string[];
  inline: string[];
  /** Gzipped size of each file and inline script, summed: what goes over the wire. */
  gzipBytes: number;
}

const SCRIPT = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>/gi;
const PRELOAD = /<link\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
// Static imports and re-exports in bundled ES modules; never `import(`.
const STATIC_IMPORT = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']|\bexport\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+)["']/g;

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Whether a <script> element's type makes the browser execute it. */
function isExecutable(attributes: string): boolean {
  const type = attribute(attributes, 'type')?.trim().toLowerCase();
  return type === undefined || type === '' || type === 'module' || type === 'text/javascript' || type === 'application/javascript';
}

export function eagerScripts(root: string, html: string): EagerScripts {
  const files = new Set<string>();
  const inline: string[] = [];
  const queue: string[] = [];

  for (const match of html.matchAll(SCRIPT)) {
    const attributes = match[1] ?? '';
    if (!isExecutable(attributes)) continue;
    const src = attribute(attributes, 'src');
    if (src) queue.push(src);
    else if ((match[2] ?? '').trim()) inline.push(match[2]!);
  }
  for (const match of html.matchAll(PRELOAD)) {
    const attributes = match[1] ?? '';
    if (attribute(attributes, 'rel')?.toLowerCase() === 'modulepreload') queue.push(attribute(attributes, 'href')!);
  }

  while (queue.length > 0) {
    const url = queue.shift()!;
    if (!url.startsWith('/') || files.has(url)) continue;
    const file = join(root, ...url.split('/'));
    if (!existsSync(file)) throw new Error(`A page loads ${url}, which the build does not contain.`);
    files.add(url);
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (specifier.startsWith('./') || specifier.startsWith('../')) queue.push(posix.normalize(posix.join(posix.dirname(url), specifier)));
      else if (specifier.startsWith('/')) queue.push(specifier);
    }
  }

  const gzip = (content: string | Buffer) => gzipSync(content, { level: 9 }).length;
  const gzipBytes =
    [...files].reduce((sum, url) => sum + gzip(readFileSync(join(root, ...url.split('/')))), 0) + inline.reduce((sum, code) => sum + gzip(code), 0);
  return { files: [...files], inline, gzipBytes };
}
