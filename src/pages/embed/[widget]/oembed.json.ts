import type { APIRoute } from 'astro';
import { oembedFor } from '../../../embed/oembed.ts';
import { EMBEDS, type EmbeddableWidget } from '../../../embed/widgets.ts';

/**
 * `<base>embed/<widget>/oembed.json`: the widget's oEmbed answer as a static
 * file, which any static host serves. Written only when the build knows the
 * site's absolute URL (`SITE_ORIGIN`): the HTML it hands out must name it.
 */
export function getStaticPaths() {
  return EMBEDS.filter((widget) => oembedFor(widget) !== undefined).map((widget) => ({ params: { widget: widget.slug }, props: { widget } }));
}

export const GET: APIRoute<{ widget: EmbeddableWidget }> = ({ props }) =>
  new Response(`${JSON.stringify(oembedFor(props.widget), null, 2)}\n`, { headers: { 'content-type': 'application/json' } });
