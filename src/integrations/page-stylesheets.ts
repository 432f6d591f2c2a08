import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { normalizeBase, withoutBase } from '../lib/base-path.ts';

/** A page's stylesheet links, in the order the page has them. */
const STYLESHEET_LINK = /<link rel="stylesheet" href="([^"]+\.css)"[^>]*>/g;

/**
 * One stylesheet per page, instead of the ten or so that Vite splits the
 * components' CSS into (one per chunk of components). Each is render-blocking,
 * and over HTTP/1.1 a browser opens six connections to a host: on a slow
 * phone network, the files past the sixth wait a round trip more before the
 * first paint (Lighthouse's mobile run counts it). After the build, each
 * page's stylesheets are joined, in the page's order, so that the cascade is
 * exactly what it was, into one file named by its content, which the pages
 * with the same stylesheets share; the page then links that file alone.
 * Styles stay files (`build.inlineStylesheets: 'never'`), so the CSP's
 * `style-src 'self'` still covers them.
 */
export default function pageStylesheets(): AstroIntegration {
  let base = '/';
  return {
    name: 'token-trail:page-stylesheets',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = normalizeBase(config.base);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { pages, files } = await joinPageStylesheets(fileURLToPath(dir), base);
        logger.info(`${pages} pages link one stylesheet each (${files} distinct)`);
      },
    },
  };
}

/** Rewrites every HTML file under `root` (a site built for `base`); returns how many pages changed and how many joined files there are. */
export async function joinPageStylesheets(root: string, base: string): Promise<{ pages: number; files: number }> {
  const written = new Set<string>();
  // Most pages share most of their stylesheets: each is read once.
  const stylesheets = new Map<string, Promise<string>>();
  const read = (path: string) => {
    let text = stylesheets.get(path);
    if (text === undefined) {
      text = readFile(join(root, path), 'utf8');
      stylesheets.set(path, text);
    }
    return text;
  };
  let pages = 0;
  for (const file of (await readdir(root, { recursive: true })).filter((name) => name.endsWith('.html'))) {
    const html = await readFile(join(root, file), 'utf8');
    const hrefs = [...html.matchAll(STYLESHEET_LINK)].map((match) => match[1]!);
    if (hrefs.length < 2) continue;
    const parts = await Promise.all(
      hrefs.map((href) => {
        const path = withoutBase(href, base);
        if (path === undefined) throw new Error(`${file}: the stylesheet ${href} is not under the base ${base}`);
        return read(path);
      }),
    );
    const css = parts.join('\n');
    const name = `_astro/page.${createHash('sha256').update(css).digest('base64url').slice(0, 10)}.css`;
    if (!written.has(name)) {
      await writeFile(join(root, name), css);
      written.add(name);
    }
    let first = true;
    const joined = html.replace(STYLESHEET_LINK, () => {
      if (!first) return '';
      first = false;
      return `<link rel="stylesheet" href="${base}${name}">`;
    });
    await writeFile(join(root, file), joined);
    pages++;
  }
  return { pages, files: written.size };
}
