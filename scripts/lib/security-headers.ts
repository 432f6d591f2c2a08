/**
 * The HTTP headers every server of ours adds to every response of the site
 * (`npm start`, the browser tests' server, screenshots and the Lighthouse
 * benchmark all serve it through scripts/lib/static-server.ts). The one place
 * to change them: a page type with other needs (embeds under /embed/, which
 * anyone may frame) gets its own answer here, by path.
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
const SANDBOX_PATH = /\/playground\/sandbox\.html$/;

/** The security headers for a response to `pathname` (any status, any file type). */
export function securityHeaders(pathname: string): HeaderList {
  return SANDBOX_PATH.test(pathname) ? SANDBOX_HEADERS : PAGE_HEADERS;
}
