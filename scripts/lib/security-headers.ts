import { withoutBase } from '../../src/lib/base-path.ts';

/**
 * The HTTP headers every server of ours adds to every response of the site
 * (`npm start`, the browser tests' server, screenshots and the Lighthouse
 * benchmark all serve it through scripts/lib/static-server.ts). The one place
 * to change them: what differs by path (the embeds, which any site may frame,
 * and the files other sites' pages load) is decided here too.
 *
 * Why a header, when every page already carries a Content-Security-Policy
 * `<meta>` (astro.config.mjs `security.csp`)? A policy delivered by `<meta>`
 * cannot carry `frame-ancestors`: CSP excludes it from `<meta>` and browsers
 * ignore it there, because by the time a framed page's markup is parsed the
 * page is already loading inside the other site's frame. Only a response header can stop another site from framing ours and tricking
 * the reader into clicking, for instance, "Sign in" or "Rotate keys" under a
 * decoy (clickjacking). Both policies apply: the header adds
 * `frame-ancestors` to what the `<meta>` allows, it never loosens it.
 */
export type HeaderList = Readonly<Record<string, string>>;

const PAGE_HEADERS: HeaderList = {
  // No page of the site may be framed, not even by the site itself.
  'content-security-policy': "frame-ancestors 'none'",
  // The same for browsers older than CSP's frame-ancestors.
  'x-frame-options': 'DENY',
  // Files are what their Content-Type says, never sniffed into scripts or styles.
  'x-content-type-options': 'nosniff',
  // Not `no-referrer`: the reading progress (src/scripts/progress.ts) marks
  // the chapter the reader came from by `document.referrer`, a same-origin
  // URL, which this policy keeps whole. Across origins (the demo stack, AWS,
  // the documentation the chapters link to) it sends the origin only, never
  // a chapter's path or a search query; from HTTPS to HTTP, nothing.
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/**
 * The code playground's sandbox, `<base>playground/sandbox.html`, which the
 * chapters frame (src/widgets/playground/): the site may frame it, nobody
 * else. The frame's `sandbox` attribute gives it an opaque origin, but
 * `frame-ancestors 'self'` and X-Frame-Options compare the framing pages
 * with the origin of the sandbox's URL, which is the site's
 * (https://www.w3.org/TR/CSP3/#directive-frame-ancestors).
 */
const SANDBOX_HEADERS: HeaderList = {
  ...PAGE_HEADERS,
  'content-security-policy': "frame-ancestors 'self'",
  'x-frame-options': 'SAMEORIGIN',
};

/**
 * The embeds (`<base>embed/<widget>/`, src/pages/embed/) exist to be framed
 * by other sites: no `frame-ancestors` and no `X-Frame-Options`, rather than
 * `frame-ancestors *`, which would still refuse a host page opened from a
 * file (`*` matches network schemes only, https://www.w3.org/TR/CSP3/#match-url-to-source-expression).
 * What a framing site could trick a reader into doing there is what the
 * embed offers anyway, against a demo stack: signing in as a published demo
 * user, fetching public keys, sending a request.
 */
const EMBED_HEADERS: HeaderList = {
  'x-content-type-options': PAGE_HEADERS['x-content-type-options']!,
  'referrer-policy': PAGE_HEADERS['referrer-policy']!,
};

/**
 * Files other sites' pages read: the embeds' module (`<base>embed.js`),
 * which a browser fetches in CORS mode because it is a module script
 * (https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-single-module-script),
 * and the oEmbed files. Public, credential-free: any origin may read them.
 */
const SHARED_HEADERS: HeaderList = { ...PAGE_HEADERS, 'access-control-allow-origin': '*' };

export type HeaderKind = 'page' | 'embed' | 'shared' | 'sandbox';

/** Each kind's headers. */
export const HEADERS_BY_KIND: Readonly<Record<HeaderKind, HeaderList>> = {
  page: PAGE_HEADERS,
  embed: EMBED_HEADERS,
  shared: SHARED_HEADERS,
  sandbox: SANDBOX_HEADERS,
};

/**
 * The site paths (the base cut off) whose headers are not a page's, as
 * CloudFront path patterns (`*`: any characters, `/` included), so that
 * `aws:publish` (infra/site-stack.ts) serves each with the same headers as
 * our own servers. The first pattern that matches decides; every other path
 * is a page.
 */
export const HEADER_PATHS: ReadonlyArray<{ pattern: string; kind: Exclude<HeaderKind, 'page'> }> = [
  { pattern: '/playground/sandbox.html', kind: 'sandbox' },
  { pattern: '/embed.js', kind: 'shared' },
  { pattern: '/embed/*/oembed.json', kind: 'shared' },
  { pattern: '/embed/*', kind: 'embed' },
];

const MATCHERS = HEADER_PATHS.map(({ pattern, kind }) => ({ kind, regex: new RegExp(`^${pattern.split('*').map(RegExp.escape).join('.*')}$`) }));

/** Which of them a site path (the base cut off) gets. */
export function headerKind(sitePath: string): HeaderKind {
  return MATCHERS.find(({ regex }) => regex.test(sitePath))?.kind ?? 'page';
}

/** The security headers for a response to `pathname` (any status, any file type) of a site served under `base`. */
export function securityHeaders(pathname: string, base = '/'): HeaderList {
  const sitePath = withoutBase(pathname, base);
  return HEADERS_BY_KIND[sitePath === undefined ? 'page' : headerKind(sitePath)];
}
