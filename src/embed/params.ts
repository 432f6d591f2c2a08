import type { Backend } from '../lib/backend.ts';
import { accepts, COMMON_QUERY, type EmbeddableWidget } from './widgets.ts';

/**
 * An embed's URL, both ways: what the host page's module puts in it
 * (`embedUrl`) and what the embed page reads from it (`readEmbedUrl`).
 * Configuration goes in the query; tokens go in the fragment only, which a
 * browser never sends to a server (RFC 3986 §3.5,
 * https://www.rfc-editor.org/rfc/rfc3986#section-3.5) nor puts in a
 * Referer (https://fetch.spec.whatwg.org/#concept-request-referrer).
 */

/** The Node demo stack a host page names: origins of its user pool and gateway, and an app client, each defaulting to the stack's own. */
export interface LocalChoice {
  userPool?: string;
  gateway?: string;
  client?: string;
}

/** What an embed page was asked for. */
export interface EmbedConfig {
  /** The widget element's `data-*` attributes, by their dataset name. */
  data: Record<string, string>;
  /** From the fragment: the token a token inspector shows. */
  token?: string;
  theme?: 'light' | 'dark';
  /** The site's own backend, or the Node demo stack the host page names. */
  backend: { kind: 'site' } | ({ kind: 'local' } & LocalChoice);
  /** Parameters refused, each in a sentence a reader can act on. */
  problems: string[];
}

/** A JWT or JWE in compact form: what must never travel in a query. */
const LOOKS_LIKE_A_TOKEN = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

export function readEmbedUrl(widget: EmbeddableWidget, url: URL): EmbedConfig {
  const config: EmbedConfig = { data: {}, backend: { kind: 'site' }, problems: [] };
  const query = url.searchParams;
  const refuse = (name: string, value: string) =>
    config.problems.push(`The parameter ${name}=${value.slice(0, 60)} is not one this embed takes, so it was left out.`);
  for (const [name, value] of query) {
    if (LOOKS_LIKE_A_TOKEN.test(value)) {
      config.problems.push(
        `This embed's address carries a token in its query (${name}=…), which the browser sent to the server that serves the embed. It was not used: a token goes after a # (#token=…), which never leaves the browser.`,
      );
      continue;
    }
    const param = widget.query[name];
    if (param) {
      if (accepts(param.rule, value)) config.data[param.data] = value;
      else refuse(name, value);
      continue;
    }
    if (!Object.hasOwn(COMMON_QUERY, name)) continue;
    if (!accepts(COMMON_QUERY[name as keyof typeof COMMON_QUERY], value)) {
      refuse(name, value);
      continue;
    }
    if (name === 'theme') config.theme = value as 'light' | 'dark';
  }
  if (query.get('backend') === 'local') {
    const valid = (name: keyof typeof COMMON_QUERY) => {
      const value = query.get(name);
      return value !== null && accepts(COMMON_QUERY[name], value) ? value : undefined;
    };
    config.backend = { kind: 'local', userPool: valid('userpool'), gateway: valid('gateway'), client: valid('client') };
  }
  const fragment = new URLSearchParams(url.hash.slice(1));
  for (const name of widget.fragment) {
    const value = fragment.get(name);
    if (name === 'token' && value?.trim()) config.token = value.trim();
  }
  return config;
}

/**
 * The embed's URL for a widget of the site at `site` (its base, ending in
 * `/`): `query` and `fragment` as the host gives them, each parameter where
 * the widget takes it. A token given as a query parameter goes to the
 * fragment instead, and anything the widget does not take is left out.
 */
export function embedUrl(site: URL, widget: EmbeddableWidget, params: Record<string, string | null | undefined>): string {
  const url = new URL(`embed/${widget.slug}/`, site);
  const fragment = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (widget.fragment.includes(name)) fragment.set(name, value);
    else if (Object.hasOwn(widget.query, name) || Object.hasOwn(COMMON_QUERY, name)) url.searchParams.set(name, value);
  }
  const hash = fragment.toString();
  return hash ? `${url.href}#${hash}` : url.href;
}

/**
 * The Node demo stack a host page named (`backend=local`), from what the
 * site knows of the stack at its default addresses (`defaults`, written into
 * the embed page at build time): the same pool and demo users, with the
 * user pool's and the gateway's origins replaced by those the host gave, and
 * its app client when it gave one.
 */
export function localBackend(defaults: Backend, choice: LocalChoice): Backend {
  if (defaults.kind !== 'local' || !defaults.local || !defaults.userPoolEndpoint) throw new Error("The defaults are not a Node stack's.");
  const fromPool = new URL(defaults.userPoolEndpoint).origin;
  const fromGateway = new URL(defaults.apis.rest).origin;
  const toPool = choice.userPool ? new URL(choice.userPool).origin : fromPool;
  const toGateway = choice.gateway ? new URL(choice.gateway).origin : fromGateway;
  const rebase = (url: string) =>
    url.startsWith(`${fromPool}/`) ? toPool + url.slice(fromPool.length) : url.startsWith(`${fromGateway}/`) ? toGateway + url.slice(fromGateway.length) : url;
  const apis = Object.fromEntries(Object.entries(defaults.apis).map(([name, url]) => [name, typeof url === 'string' ? rebase(url) : url])) as Backend['apis'];
  return {
    ...defaults,
    userPoolClientId: choice.client ?? defaults.userPoolClientId,
    userPoolEndpoint: rebase(defaults.userPoolEndpoint),
    issuer: rebase(defaults.issuer),
    jwksUri: rebase(defaults.jwksUri),
    apis,
    local: {
      ...defaults.local,
      mailbox: rebase(defaults.local.mailbox),
      traceById: rebase(defaults.local.traceById),
      traceStream: rebase(defaults.local.traceStream),
      rotateKeys: rebase(defaults.local.rotateKeys),
      reset: null,
    },
  };
}
