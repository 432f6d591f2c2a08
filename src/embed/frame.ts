import type { Backend } from '../lib/backend.ts';
import type { BrowserStackEvent } from '../lib/browser-stack-client.ts';
import { localBackend, readEmbedUrl } from './params.ts';
import { isHello, sizeMessage } from './protocol.ts';
import { embedBySlug } from './widgets.ts';

/**
 * The embed page's own script (src/layouts/Embed.astro): it reads the
 * embed's URL, configures the widget before the widget's module defines its
 * element (this script comes first in the page, and module scripts run in
 * document order, https://html.spec.whatwg.org/multipage/scripting.html#the-script-element),
 * and reports the content's height to the host page (src/embed/protocol.ts).
 * Nothing here waits on the network.
 */
interface TokenInspectorElement extends HTMLElement {
  inspect(token: string): void;
}

const widget = embedBySlug(document.documentElement.dataset.embed ?? '');
const content = document.querySelector<HTMLElement>('[data-embed-content]');
if (widget && content) {
  const element = document.querySelector<HTMLElement>(widget.tag);
  const config = readEmbedUrl(widget, new URL(location.href));
  const problems = [...config.problems];
  if (element) for (const [name, value] of Object.entries(config.data)) element.dataset[name] = value;

  if (config.backend.kind === 'local') {
    try {
      const defaults = JSON.parse(document.getElementById('tt-embed-local')?.textContent ?? '') as Backend;
      const backend = localBackend(defaults, config.backend);
      // What every widget reads (src/lib/page-backend.ts), replaced before any of them does.
      document.getElementById('tt-backend')!.textContent = JSON.stringify(backend);
      const where = document.querySelector('[data-embed-backend]');
      if (where) where.textContent = `Node demo stack at ${new URL(backend.userPoolEndpoint!).host} (named by this page's host)`;
    } catch {
      problems.push('This embed was asked for the Node demo stack, but could not set it up, so the widget does not run.');
      element?.remove();
    }
  }

  const list = document.querySelector<HTMLElement>('[data-embed-problems]');
  const say = (...items: (string | Node)[]) => {
    if (!list) return;
    const item = document.createElement('li');
    item.append(...items);
    list.append(item);
    list.hidden = false;
  };
  for (const problem of problems) say(problem);

  // A browser may refuse the demo stack's Service Worker to a frame of another
  // site (Chromium does when that frame's storage is blocked), yet allow it
  // to the same page in a tab of its own, where it is the site's own page.
  if (parent !== window) {
    document.addEventListener('tt:browser-stack', (event) => {
      if ((event as CustomEvent<BrowserStackEvent>).detail.status !== 'down' || list?.querySelector('[data-embed-own-tab]')) return;
      const link = Object.assign(document.createElement('a'), {
        href: location.href,
        target: '_blank',
        rel: 'noopener',
        textContent: 'Open this widget in a tab of its own',
      });
      link.dataset.embedOwnTab = '';
      say('The demo stack could not start inside this frame. ', link, ', where your browser may let it run.');
    });
  }

  // The token inspector shows the fragment's token as a pasted one, and a new one when the host changes the fragment.
  if (widget.fragment.includes('token') && element) {
    const show = () => {
      const { token } = readEmbedUrl(widget, new URL(location.href));
      if (token) void customElements.whenDefined(widget.tag).then(() => (element as TokenInspectorElement).inspect(token));
    };
    show();
    addEventListener('hashchange', show);
  }

  reportSize(content);
}

/**
 * Sends the content's height to the host page, once it has said hello, and
 * whenever the height changes. Only a hello from this window's parent
 * counts, and sizes go to that parent's origin alone. A host page whose origin
 * is opaque (a file:// page, a sandboxed frame) can only be reached with
 * `*`: what goes there is a height, never anything the reader typed.
 *
 * A ResizeObserver sees every change of size, but Chromium runs no
 * rendering updates, and so no observer callbacks, for a frame of another
 * origin while it is off screen (observed): a widget that grows there, its
 * results arriving while the reader reads on, would be cut off until it
 * scrolls back into view. Changes to the content's DOM are seen at once,
 * off screen too: a MutationObserver's records come as a microtask
 * (https://dom.spec.whatwg.org/#queue-a-mutation-observer-compound-microtask),
 * and measuring forces the layout they need.
 */
function reportSize(content: HTMLElement): void {
  let host: string | undefined;
  let last = 0;
  const report = () => {
    if (host === undefined) return;
    const height = Math.ceil(content.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    parent.postMessage(sizeMessage(height), host);
  };
  new ResizeObserver(report).observe(content);
  new MutationObserver(report).observe(content, { subtree: true, childList: true, characterData: true, attributes: true });
  addEventListener('resize', report);
  addEventListener('message', (event) => {
    if (parent === window || event.source !== parent || !isHello(event.data)) return;
    host = event.origin === 'null' ? '*' : event.origin;
    last = 0;
    report();
  });
}
