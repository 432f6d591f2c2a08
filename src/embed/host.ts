import { embedUrl } from './params.ts';
import { helloMessage, sizeOf } from './protocol.ts';
import { COMMON_QUERY, EMBED_WIDTH, EMBEDS, type EmbeddableWidget } from './widgets.ts';

/**
 * `<base>embed.js`: the one script a host page loads, as an ES module, with
 * no build step of its own. It
 *
 * - registers the widgets as custom elements (`<tt-token-inspector
 *   token="eyJ…">`, `<tt-api-call api="http" route="/scoped">`…), each of
 *   which frames the site's embed page for it (`<base>embed/<widget>/`), its
 *   attributes turned into the embed's URL parameters and a token into the
 *   URL's fragment only;
 * - sizes every embed's frame to its content through the embed protocol
 *   (src/embed/protocol.ts): its own elements' frames, and every
 *   `<iframe data-tt-embed>` already in the page (what oEmbed hands out).
 *
 * Why frames, not the widgets themselves in the host's page: the demo stack
 * runs in the reader's browser as a Service Worker of the site's origin,
 * which only the site's own pages can reach; in a frame the widgets also keep
 * their own styles, and the host's scripts never see the reader's session.
 */

/** The site this module was served from: its base, where the embeds live. */
const SITE = new URL('./', import.meta.url);

const attached = new WeakSet<HTMLIFrameElement>();

/**
 * Sizes `frame`, an embed's iframe, to the height the embed reports, and
 * fires `tt-embed:resize` (detail: `{ height }`) on it each time. Only
 * messages from that frame's window and the embed's origin count, and only
 * well-formed ones. Returns a function that stops listening.
 */
export function attach(frame: HTMLIFrameElement): () => void {
  const origin = () => new URL(frame.src, location.href).origin;
  // Sent to the embed's origin alone: a frame navigated elsewhere never gets it. A frame without one (about:blank) gets nothing.
  const hello = () => {
    const target = origin();
    if (target !== 'null') frame.contentWindow?.postMessage(helloMessage(), target);
  };
  const onMessage = (event: MessageEvent) => {
    if (event.source === null || event.source !== frame.contentWindow || event.origin !== origin()) return;
    const height = sizeOf(event.data);
    if (height === undefined) return;
    frame.style.height = `${height}px`;
    frame.dispatchEvent(new CustomEvent('tt-embed:resize', { bubbles: true, composed: true, detail: { height } }));
  };
  frame.addEventListener('load', hello);
  addEventListener('message', onMessage);
  attached.add(frame);
  // A frame that loaded before this module ran gets its hello now. One still
  // loading shows this page's own blank document (readable here, being of
  // this origin) and gets its hello on load.
  if (frame.contentDocument === null) hello();
  return () => {
    frame.removeEventListener('load', hello);
    removeEventListener('message', onMessage);
    attached.delete(frame);
  };
}

const STYLE = `:host{display:block;max-width:${EMBED_WIDTH}px}iframe{display:block;width:100%;border:0}`;

/** The element for one widget: a frame of its embed page, with the element's attributes as the embed's parameters. */
function elementFor(widget: EmbeddableWidget): CustomElementConstructor {
  const names = [...new Set([...Object.keys(widget.query), ...widget.fragment, ...Object.keys(COMMON_QUERY)])];
  return class extends HTMLElement {
    static observedAttributes = [...names, 'site'];
    #frame?: HTMLIFrameElement;
    #detach?: () => void;

    connectedCallback(): void {
      if (!this.#frame) {
        const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
        if ('adoptedStyleSheets' in root) {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(STYLE);
          root.adoptedStyleSheets = [sheet];
        }
        const frame = document.createElement('iframe');
        frame.title = `Token Trail: ${widget.title}`;
        frame.style.height = `${widget.height}px`;
        const loading = this.getAttribute('loading');
        if (loading === 'lazy' || loading === 'eager') frame.loading = loading;
        root.replaceChildren(frame);
        this.#frame = frame;
        frame.src = this.#src();
      }
      this.#detach ??= attach(this.#frame);
    }

    disconnectedCallback(): void {
      this.#detach?.();
      this.#detach = undefined;
    }

    attributeChangedCallback(): void {
      if (!this.#frame) return;
      // A new token changes only the fragment: the embed shows it without reloading.
      const src = this.#src();
      if (src !== this.#frame.src) this.#frame.src = src;
    }

    #src(): string {
      const site = this.getAttribute('site');
      const params = Object.fromEntries(names.map((name) => [name, this.getAttribute(name)]));
      return embedUrl(site ? new URL(site.endsWith('/') ? site : `${site}/`, location.href) : SITE, widget, params);
    }
  };
}

for (const widget of EMBEDS) if (!customElements.get(widget.tag)) customElements.define(widget.tag, elementFor(widget));
for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe[data-tt-embed]')) if (!attached.has(frame)) attach(frame);
