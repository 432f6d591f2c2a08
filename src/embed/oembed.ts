import { SITE_BASE } from '../lib/base-path.ts';
import { embedUrl } from './params.ts';
import { EMBED_MODULE_FILE, EMBED_WIDTH, type EmbeddableWidget } from './widgets.ts';

/**
 * oEmbed (https://oembed.com/) for the embeds: a static JSON file per
 * widget, `<base>embed/<widget>/oembed.json`, which a consumer finds through
 * the embed page's `<link rel="alternate" type="application/json+oembed">`
 * (discovery, https://oembed.com/#section4). A static file cannot read the `url`, `maxwidth` and
 * `maxheight` a consumer sends, so it answers for the widget with its
 * defaults; a host that wants parameters writes the iframe itself.
 */
export interface OEmbed {
  version: '1.0';
  type: 'rich';
  title: string;
  provider_name: string;
  provider_url: string;
  /** Seconds a consumer may keep the answer. */
  cache_age: number;
  html: string;
  width: number;
  height: number;
}

/**
 * The site's absolute URL, its base included, when the build knows it
 * (`SITE_ORIGIN`, which astro.config.mjs turns into Astro's `site`);
 * undefined otherwise, and then the build writes no oEmbed files.
 */
export function siteUrl(site: string | undefined = import.meta.env?.SITE): URL | undefined {
  return site ? new URL(SITE_BASE, site) : undefined;
}

export function oembedUrl(widget: EmbeddableWidget, site = siteUrl()): string | undefined {
  return site && new URL(`embed/${widget.slug}/oembed.json`, site).href;
}

const escapeAttribute = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * What a host page pastes: the frame, which works alone at its first
 * height, and the module, which sizes it to its content (src/embed/host.ts
 * finds every `iframe[data-tt-embed]`).
 */
export function embedSnippet(widget: EmbeddableWidget, site: URL): string {
  const src = embedUrl(site, widget, {});
  const module = new URL(EMBED_MODULE_FILE, site).href;
  return (
    `<iframe data-tt-embed src="${escapeAttribute(src)}" title="${escapeAttribute(`Token Trail: ${widget.title}`)}" width="${EMBED_WIDTH}" height="${widget.height}" ` +
    `style="width:100%;max-width:${EMBED_WIDTH}px;border:0" loading="lazy"></iframe>\n<script type="module" src="${escapeAttribute(module)}"></script>`
  );
}

export function oembedFor(widget: EmbeddableWidget, site = siteUrl()): OEmbed | undefined {
  if (!site) return undefined;
  return {
    version: '1.0',
    type: 'rich',
    title: `${widget.title} · Token Trail`,
    provider_name: 'Token Trail',
    provider_url: site.href,
    cache_age: 86_400,
    html: embedSnippet(widget, site),
    width: EMBED_WIDTH,
    height: widget.height,
  };
}
