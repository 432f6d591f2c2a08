/**
 * The site's base path: `/` when it is served at a host's root, or a
 * sub-path such as `/token-trail/` (a GitHub Pages project site, a folder of
 * a bucket). `SITE_BASE` at build time sets it (astro.config.mjs passes it
 * to Astro's `base`); every internal link, and every URL the pages build at
 * run time, goes through `withBase`, so that the site works wherever it is
 * published. Runs in Node (the build, the tests) and in the browser.
 */

/** A base path as Astro's `base` and the URL paths here use it: a leading and a trailing slash, `/` for none. */
export function normalizeBase(value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '' || trimmed === '/') return '/';
  const segments = trimmed.split('/').filter((segment) => segment !== '');
  for (const segment of segments) {
    // Plain path segments only: no `.` or `..`, nothing a URL would escape or end at (RFC 3986 §3.3).
    if (segment === '.' || segment === '..' || !/^[A-Za-z0-9._~!$&'()*+,;=@-]+$/.test(segment)) {
      throw new Error(`SITE_BASE must be a URL path such as /token-trail/ (letters, digits and - . _ ~ between slashes), not ${JSON.stringify(value)}.`);
    }
  }
  return `/${segments.join('/')}/`;
}

/**
 * The base of this build. In the site's own code Vite replaces
 * `import.meta.env.BASE_URL` with Astro's `base`; in plain Node (tests,
 * scripts) there is no `import.meta.env`, and the base is `/`.
 */
export const SITE_BASE: string = normalizeBase(import.meta.env?.BASE_URL);

/** `/steps/tokens/` as a link of a site under `base`: `/token-trail/steps/tokens/`. `path` must start with one `/`. */
export function withBase(path: string, base: string = SITE_BASE): string {
  if (!path.startsWith('/') || path.startsWith('//'))
    throw new Error(`withBase takes a path from the site's root, starting with one "/", not ${JSON.stringify(path)}.`);
  return `${base}${path.slice(1)}`;
}

/**
 * The site path of a URL path under `base` (`/token-trail/steps/tokens/` →
 * `/steps/tokens/`; the base without its slash is the home page), or
 * undefined when the path is not under the base.
 */
export function withoutBase(pathname: string, base: string = SITE_BASE): string | undefined {
  if (pathname === base.slice(0, -1)) return '/';
  return pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : undefined;
}

/**
 * The origin the site is published at (`SITE_ORIGIN=https://trail.example`
 * at build time), or undefined when unset. Only the origin: the path is the
 * base's. The embeds' oEmbed files need it, since the HTML they hand to
 * other sites must name the site in full.
 */
export function normalizeSiteOrigin(value: string | undefined): string | undefined {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(trimmed);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== trimmed.replace(/\/$/, '')) {
    throw new Error(`SITE_ORIGIN must be an origin such as https://trail.example (no path: SITE_BASE sets that), not ${JSON.stringify(value)}.`);
  }
  return url.origin;
}
