import type { satteri } from '@astrojs/markdown-satteri';
import { withBase } from '../lib/base-path.ts';

/**
 * A hast plugin for Astro's Markdown processor, Sätteri (which renders the
 * MDX chapters): puts the site's base in front of every root-relative link
 * the chapters write (`[step 2](/steps/tokens/)`), so that authors link
 * chapters by their path from the site's root, as the contents show them,
 * and the built site still works under a sub-path (`SITE_BASE=/token-trail/`).
 * Links to other hosts (`//host/…`, `https:`), relative links and #anchors
 * are left as they are.
 */
type HastPluginEntry = NonNullable<NonNullable<Parameters<typeof satteri>[0]>['hastPlugins']>[number];
type HastPlugin = Extract<HastPluginEntry, { name: string }>;

/** The attribute of each element that names a URL of the site. */
const LINKING: Record<string, string> = { a: 'href', area: 'href', img: 'src', source: 'src' };

/** The attribute to change and its new value, or undefined when the element links nowhere under the base. */
export function baseLink(tagName: string, properties: Readonly<Record<string, unknown>>, base: string): [attribute: string, value: string] | undefined {
  const attribute = Object.hasOwn(LINKING, tagName) ? LINKING[tagName]! : undefined;
  const value = attribute ? properties[attribute] : undefined;
  if (!attribute || typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return undefined;
  return [attribute, withBase(value, base)];
}

export function baseLinks(base: string): HastPlugin {
  return {
    name: 'token-trail:base-links',
    element: {
      filter: Object.keys(LINKING),
      visit(node, ctx) {
        const change = baseLink(node.tagName, node.properties, base);
        if (change) ctx.setProperty(node, change[0], change[1]);
      },
    },
  };
}
