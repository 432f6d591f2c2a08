// @ts-check
import { defineConfig } from 'astro/config';
import { satteri } from '@astrojs/markdown-satteri';
import mdx from '@astrojs/mdx';
import { loadBackend } from './src/config/backend.ts';
import { baseLinks } from './src/integrations/base-links.ts';
import linkCheck from './src/integrations/link-check.ts';
import pageStylesheets from './src/integrations/page-stylesheets.ts';
import playground from './src/integrations/playground.ts';
import embedModule from './src/integrations/embed-module.ts';
import stackWorker from './src/integrations/stack-worker.ts';
import { backendOrigins } from './src/lib/backend.ts';
import { normalizeBase, normalizeSiteOrigin } from './src/lib/base-path.ts';
import { THEME_BOOT_HASH } from './src/lib/theme-boot.ts';

// Where the site is published: `/` by default, or a sub-path
// (`SITE_BASE=/token-trail/ npm run build` for https://<user>.github.io/token-trail/).
const base = normalizeBase(process.env.SITE_BASE);
// Where it is published, when known (`SITE_ORIGIN=https://<user>.github.io`):
// the embeds' oEmbed files name the site in full, and are written only then.
const siteOrigin = normalizeSiteOrigin(process.env.SITE_ORIGIN);

// The backend decides which origins the pages may connect to: the Node
// stack's, or the reader's AWS pool and APIs. The stack in the reader's
// browser answers on the site's own origin: 'self' and nothing else.
const connectSources = ["'self'", ...backendOrigins(loadBackend())];

export default defineConfig({
  base,
  site: siteOrigin && `${siteOrigin}${base}`,
  integrations: [mdx(), linkCheck(), stackWorker(), playground(), embedModule(), pageStylesheets()],
  devToolbar: { enabled: false },
  // Styles as files, never inlined: Astro's CSP leaves out the hashes of
  // stylesheets it inlines for components used inside MDX, and 'self' then
  // admits every stylesheet the site has.
  build: { inlineStylesheets: 'never' },
  // Components own their styles. `where` scopes them with `:where(…)`, which
  // adds no specificity: a component's rule weighs what it would in a global
  // sheet, so the prose, print and base rules cascade over it as before.
  // Starlight scopes its components the same way.
  scopedStyleStrategy: 'where',
  server: { host: '127.0.0.1', port: 4321 },
  markdown: {
    // Astro's own Markdown processor, with one plugin: chapters link each
    // other from the site's root (`/steps/tokens/`), and this puts the base in front.
    processor: satteri({ hastPlugins: [baseLinks(base)] }),
    shikiConfig: {
      // Both themes at once: each token carries --shiki-light and
      // --shiki-dark, and global.css picks one with the page's colour scheme.
      // GitHub's "default" pair: every token colour reaches 4.5:1 on our
      // code backgrounds, which axe checks in both themes.
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: false,
    },
  },
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        `connect-src ${connectSources.join(' ')}`,
        // The demo stack's Service Worker, <base>stack-worker.js: a script of the site's own.
        "worker-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: {
        // 'self': the bundled modules and the code they load on demand.
        // 'wasm-unsafe-eval': Pagefind's search index is WebAssembly.
        resources: ["'self'", "'wasm-unsafe-eval'"],
        // The inline theme script in Base.astro, which Astro does not hash.
        hashes: [THEME_BOOT_HASH],
      },
      styleDirective: {
        // Shiki colours code with inline style attributes (Astro's CSP cannot
        // hash those), so style attributes, and only they, are allowed.
        resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }],
      },
    },
  },
});
