/**
 * The widgets another page may embed, and what each takes from the embed's
 * URL. One list for the three places that must agree on it: the embed pages
 * (`<base>embed/<slug>/`, src/pages/embed/), the host page's module that
 * frames them (src/embed/host.ts, published as `<base>embed.js`) and the
 * oEmbed files. Runs in Node and in both browsers' pages: no imports.
 */

/** What one URL parameter takes: one of a few words, or a pattern. */
export type ParamRule = readonly string[] | RegExp;

export interface QueryParam {
  rule: ParamRule;
  /** The widget element's `data-*` attribute the value goes to (src/widgets/…/*.astro). */
  data: string;
}

export interface EmbeddableWidget {
  /** Its route: `<base>embed/<slug>/`. */
  slug: string;
  /** The custom element the host module registers, the same name the site's own widget has. */
  tag: string;
  title: string;
  summary: string;
  /** A first height in CSS pixels, until the embed reports its own: about what it shows before the reader acts. */
  height: number;
  /** The chapter that explains the widget, linked from the embed. */
  chapter: string;
  /** Parameters in the query: configuration, never a token. */
  query: Readonly<Record<string, QueryParam>>;
  /** Parameters only the fragment may carry: tokens, which never reach a server (RFC 3986 §3.5). */
  fragment: readonly string[];
}

// A route as the API-call widget takes it: a path, and for the slow route its `?ms=`.
const ROUTE = /^\/[A-Za-z0-9._~/-]{0,100}(\?[A-Za-z0-9=&._-]{0,100})?$/;

export const EMBEDS: readonly EmbeddableWidget[] = [
  {
    slug: 'sign-in',
    tag: 'tt-sign-in',
    title: 'Sign in',
    summary: "Signs in to the demo user pool with Amplify's real signIn and shows every HTTP exchange.",
    height: 760,
    chapter: '/steps/sign-in/',
    query: {},
    fragment: [],
  },
  {
    slug: 'token-inspector',
    tag: 'tt-token-inspector',
    title: 'Token inspector',
    summary: 'Takes a JWT apart in the browser: its header, payload and signature, and what each claim means.',
    height: 420,
    chapter: '/steps/tokens/',
    query: { show: { rule: ['id', 'access', 'refresh'], data: 'token' } },
    fragment: ['token'],
  },
  {
    slug: 'jwks-viewer',
    tag: 'tt-jwks-viewer',
    title: "The pool's public keys (JWKS)",
    summary: "Fetches the user pool's public keys and marks the key that signed each of the reader's tokens.",
    height: 380,
    chapter: '/guides/jwks-and-rotation/',
    query: { rotation: { rule: ['true', 'false'], data: 'rotation' } },
    fragment: [],
  },
  {
    slug: 'api-call',
    tag: 'tt-api-call',
    title: 'Call the demo API',
    summary: "Sends one request to a demo API with the reader's token and shows the gateway's trace, hop by hop.",
    height: 420,
    chapter: '/steps/call-api/',
    query: {
      api: { rule: ['rest', 'http', 'restJwt'], data: 'api' },
      route: { rule: ROUTE, data: 'route' },
      token: { rule: ['id', 'access', 'none', 'tampered', 'expired'], data: 'token' },
    },
    fragment: [],
  },
  {
    slug: 'tamper-lab',
    tag: 'tt-tamper-lab',
    title: 'Tamper lab',
    summary: "Forges the reader's own token the way an attacker would and shows which check at the gateway refuses it.",
    height: 240,
    chapter: '/guides/attacks-lab/',
    query: {},
    fragment: [],
  },
];

/**
 * Parameters every embed takes. `backend=local` names the Node demo stack on
 * the reader's machine (`npm run stack`) instead of the site's own backend,
 * at its default addresses unless `userpool` and `gateway` say otherwise;
 * loopback only, because that is all an embed page's Content-Security-Policy
 * lets it connect to besides its own origin (src/embed/csp.ts).
 */
export const COMMON_QUERY = {
  theme: ['light', 'dark'],
  backend: ['local'],
  userpool: /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}\/?$/,
  gateway: /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}\/?$/,
  client: /^[A-Za-z0-9]{1,128}$/,
} as const satisfies Record<string, ParamRule>;

export type CommonParam = keyof typeof COMMON_QUERY;

export function embedBySlug(slug: string): EmbeddableWidget | undefined {
  return EMBEDS.find((widget) => widget.slug === slug);
}

export function accepts(rule: ParamRule, value: string): boolean {
  return Array.isArray(rule) ? rule.includes(value) : (rule as RegExp).test(value);
}

/** The host page's module (src/embed/host.ts), at `<base>embed.js`: it registers the elements and sizes every embed's frame. */
export const EMBED_MODULE_FILE = 'embed.js';

/** The width an embed is designed for, in CSS pixels: a reading column. Narrower works; wider leaves space. */
export const EMBED_WIDTH = 640;
