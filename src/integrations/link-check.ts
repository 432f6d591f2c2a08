import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { normalizeBase, withBase, withoutBase } from '../lib/base-path.ts';

/**
 * Checks every internal link and #anchor in the built site, and fails the
 * build when one is broken. It reads the HTML Astro wrote to dist/, so it
 * sees links from every source alike: Markdown, components, layouts.
 *
 * External links (other hosts) are not fetched: a build must not depend on
 * the network. Under a base path (`SITE_BASE`), the files in dist/ are served
 * below it, so a link must name the base: `/steps/tokens/` is broken in a
 * site built for `/token-trail/`, which serves it at `/token-trail/steps/tokens/`.
 */
export default function linkCheck(): AstroIntegration {
  let site: URL | undefined;
  let base = '/';
  return {
    name: 'token-trail:link-check',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site ? new URL(config.site) : undefined;
        base = normalizeBase(config.base);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const broken = await checkLinks(fileURLToPath(dir), { site, base });
        if (broken.length > 0) {
          throw new Error(`${broken.length} broken internal link(s):\n${formatBroken(broken)}`);
        }
        logger.info('every internal link and anchor resolves');
      },
    },
  };
}

export interface BrokenLink {
  /** The page the link is on, as a URL path under the base (`/steps/tokens/`, `/token-trail/steps/tokens/`). */
  page: string;
  /** The attribute's value as written. */
  href: string;
  reason: string;
}

export function formatBroken(broken: BrokenLink[]): string {
  return broken.map((link) => `  ${link.page}: ${link.href} (${link.reason})`).join('\n');
}

interface Page {
  path: string;
  ids: Set<string>;
  links: string[];
}

/**
 * Every broken internal link and anchor in the HTML files under `root`, a
 * site served under `base` (default `/`).
 */
export async function checkLinks(root: string, options: { site?: URL; base?: string } = {}): Promise<BrokenLink[]> {
  const base = normalizeBase(options.base);
  const files = (await listFiles(root)).filter((file) => file.endsWith('.html'));
  const pages = new Map<string, Page>();
  for (const file of files) {
    const html = await readFile(join(root, file), 'utf8');
    pages.set(file.split(sep).join('/'), { path: withBase(urlPathOf(file), base), ...scan(html) });
  }

  const broken: BrokenLink[] = [];
  for (const page of pages.values()) {
    for (const href of page.links) {
      const reason = await checkOne(root, pages, page, href, base, options.site);
      if (reason) broken.push({ page: page.path, href, reason });
    }
  }
  return broken;
}

async function checkOne(root: string, pages: Map<string, Page>, page: Page, href: string, base: string, site?: URL): Promise<string | null> {
  const value = href.trim();
  if (value === '' || value === '#') return null;
  if (/^(mailto|tel|data|javascript):/i.test(value)) return null;

  const pageUrl = new URL(page.path, 'http://site.invalid');
  let url: URL;
  try {
    url = new URL(value, pageUrl);
  } catch {
    return 'not a valid URL';
  }
  const internal = url.origin === pageUrl.origin || (site !== undefined && url.origin === site.origin);
  if (!internal) return null;

  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return 'badly escaped path';
  }
  const sitePath = withoutBase(path, base);
  if (sitePath === undefined) return `${path} is outside the site's base path ${base}`;
  const target = await resolveFile(root, pages, sitePath);
  if (!target) return `no page or file at ${path}`;

  if (url.hash.length > 1) {
    const targetPage = pages.get(target);
    if (!targetPage) return `${path} is not a page, so it has no #anchors`;
    let id: string;
    try {
      id = decodeURIComponent(url.hash.slice(1));
    } catch {
      return 'badly escaped #anchor';
    }
    if (!targetPage.ids.has(id)) return `no element with id "${id}" on ${targetPage.path}`;
  }
  return null;
}

/** The file a site path (the base cut off) is served from, as a /-separated path relative to the root, or null. */
async function resolveFile(root: string, pages: Map<string, Page>, path: string): Promise<string | null> {
  const clean = path.replace(/^\/+/, '');
  const candidates = path.endsWith('/') ? [`${clean}index.html`] : [clean, `${clean}.html`, `${clean}/index.html`];
  for (const candidate of candidates) {
    if (pages.has(candidate)) return candidate;
    if (candidate && (await isFile(join(root, ...candidate.split('/'))))) return candidate;
  }
  return null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function listFiles(root: string, dir = root): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, full)));
    else if (entry.isFile()) files.push(relative(root, full));
  }
  return files;
}

/** `steps/tokens/index.html` → `/steps/tokens/`; `404.html` → `/404.html`. */
function urlPathOf(file: string): string {
  const path = file.split(sep).join('/');
  if (path === 'index.html') return '/';
  if (path.endsWith('/index.html')) return `/${path.slice(0, -'index.html'.length)}`;
  return `/${path}`;
}

// A small scanner for the HTML Astro writes: tags and their attributes,
// skipping comments and the insides of <script> and <style> (JSON, code).
// Code samples in the prose are escaped text, so they never look like tags.
const TOKEN = /<!--[\s\S]*?-->|<(script|style)\b((?:[^>"']|"[^"]*"|'[^']*')*)>[\s\S]*?<\/\1\s*>|<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const LINK_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src'],
  source: ['src'],
  script: ['src'],
  iframe: ['src'],
  form: ['action'],
};

export function scan(html: string): { ids: Set<string>; links: string[] } {
  const ids = new Set<string>();
  const links: string[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const tag = (match[1] ?? match[3])?.toLowerCase();
    if (!tag) continue; // a comment
    const attributes = parseAttributes(match[2] ?? match[4] ?? '');
    const id = attributes.get('id');
    if (id) ids.add(id);
    if (tag === 'a' && attributes.get('name')) ids.add(attributes.get('name')!);
    for (const name of LINK_ATTRIBUTES[tag] ?? []) {
      const value = attributes.get(name);
      if (value !== undefined) links.push(value);
    }
  }
  return { ids, links };
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    attributes.set(match[1]!.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity.toLowerCase()] ?? whole;
  });
}
