import { SITE_BASE, withBase } from '../lib/base-path.ts';

/**
 * Search with Pagefind's JavaScript API and our own small UI: the index is
 * static files under <base>pagefind/, built by `npm run build`, and fetched only
 * once the reader searches. Excerpts are rebuilt as text nodes and <mark>
 * elements; nothing from the index is ever inserted as HTML.
 */
interface PagefindResult {
  url: string;
  excerpt: string;
  meta: { title?: string };
  /** The sections (headings with ids) where the words were found. */
  sub_results?: { title: string; url: string; excerpt: string; locations?: number[] }[];
}
interface Pagefind {
  init(): Promise<void>;
  options(options: Record<string, unknown>): Promise<void>;
  debouncedSearch(query: string, options?: unknown, ms?: number): Promise<{ results: { data(): Promise<PagefindResult> }[] } | null>;
}

const MAX_RESULTS = 8;
let pagefind: Promise<Pagefind> | undefined;

function loadPagefind(): Promise<Pagefind> {
  // A runtime URL, so the bundler leaves it alone: the file only exists in a built site.
  const url = withBase('/pagefind/pagefind.js');
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (module) => {
    // The index holds paths from the built folder's root; baseUrl puts them under the site's base.
    await module.options({ excerptLength: 24, baseUrl: SITE_BASE });
    await module.init();
    return module;
  });
  return pagefind;
}

/** Pagefind's excerpt (escaped text with <mark> around hits) as safe DOM nodes. */
export function excerptNodes(excerpt: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<body>${excerpt}</body>`, 'text/html');
  const nodes: Node[] = [];
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent ?? ''));
    }
  }
  return nodes;
}

export function initSearch(root: ParentNode): void {
  const input = root.querySelector<HTMLInputElement>('[data-search-input]');
  const status = root.querySelector<HTMLElement>('[data-search-status]');
  const list = root.querySelector<HTMLOListElement>('[data-search-results]');
  if (!input || !status || !list || input.dataset.searchReady) return;
  input.dataset.searchReady = 'true';
  // The form only matters without JavaScript; here results appear as you type.
  input.form?.addEventListener('submit', (event) => event.preventDefault());

  let latest = 0;
  const run = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = 'Type to search every chapter.';
      return;
    }
    let engine: Pagefind;
    try {
      engine = await loadPagefind();
    } catch {
      status.textContent = 'Search works in the built site: run npm run build, then npm run preview.';
      return;
    }
    const found = await engine.debouncedSearch(query, {}, 150);
    if (found === null || ticket !== latest) return; // A newer query superseded this one.
    const results = await Promise.all(found.results.slice(0, MAX_RESULTS).map((result) => result.data()));
    if (ticket !== latest) return;
    list.replaceChildren(
      ...results.map((result) => {
        // Link to the section with the most hits, when there is one: a deep link.
        const section = result.sub_results
          ?.filter((sub) => sub.url.includes('#'))
          .reduce<NonNullable<PagefindResult['sub_results']>[number] | undefined>(
            (best, sub) => ((sub.locations?.length ?? 0) > (best?.locations?.length ?? 0) ? sub : best),
            undefined,
          );
        const pageTitle = result.meta.title ?? result.url;
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = section?.url ?? result.url;
        const title = document.createElement('span');
        title.className = 'search-results__title';
        title.textContent = section && section.title !== pageTitle ? `${pageTitle} › ${section.title}` : pageTitle;
        const excerpt = document.createElement('span');
        excerpt.className = 'search-results__excerpt';
        excerpt.append(...excerptNodes(section?.excerpt ?? result.excerpt));
        link.append(title, excerpt);
        item.append(link);
        return item;
      }),
    );
    const count = found.results.length;
    status.textContent =
      count === 0
        ? `No chapter mentions “${query}”.`
        : `${count} ${count === 1 ? 'chapter matches' : 'chapters match'} “${query}”${count > MAX_RESULTS ? `; the first ${MAX_RESULTS} are shown` : ''}.`;
  };

  input.addEventListener('input', () => void run());
  // ↓ from the box moves into the results.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = list.querySelector('a');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener('keydown', (event) => {
    const links = [...list.querySelectorAll('a')];
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (index < 0) return;
    if (event.key === 'ArrowDown' && index < links.length - 1) {
      event.preventDefault();
      links[index + 1]!.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      (index === 0 ? input : links[index - 1]!).focus();
    }
  });
  if (input.value.trim()) void run();
  // The reader opened search: fetch the index now, while they type.
  else loadPagefind().catch(() => {});
}
