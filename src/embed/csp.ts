import { createHash } from 'node:crypto';

/**
 * What an embed page's Content-Security-Policy adds to the site's
 * (astro.config.mjs), at build time.
 *
 * `connect-src`: the loopback addresses, where the Node demo stack a host
 * page may name (`backend=local`, src/embed/params.ts) listens. Nothing
 * else: a policy cannot follow a backend chosen after the build, and one that
 * admitted any AWS endpoint would admit any API Gateway anyone deploys, a way
 * out for whatever a script injected into the page could read. A site built
 * for an AWS backend admits that backend on every page, embeds included.
 * Origins are host-sources with any port (https://www.w3.org/TR/CSP3/#match-url-to-source-expression).
 */
export const EMBED_CONNECT_SOURCES = ['http://127.0.0.1:*', 'http://localhost:*'] as const;

/**
 * The embed's theme from its URL (`?theme=light|dark`), applied before first
 * paint, as src/lib/theme-boot.ts does for the reader's own choice on the
 * site. Inline, and allowed by its hash.
 */
export const EMBED_THEME_BOOT_SCRIPT =
  "try{var t=new URLSearchParams(location.search).get('theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}";

export const EMBED_THEME_BOOT_HASH = `sha256-${createHash('sha256').update(EMBED_THEME_BOOT_SCRIPT).digest('base64')}` as const;
