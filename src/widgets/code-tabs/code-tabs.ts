/**
 * <tt-code-tabs>: the tab switching of code highlighted at build time. Tabs
 * follow the WAI-ARIA pattern (roving tabindex, arrow keys, Home, End), and
 * the reader's language is remembered and applied to every group on the page
 * and in other tabs. Without JavaScript every panel simply shows, captioned.
 */
const KEY = 'tt:code-language';
const CHANGE_EVENT = 'tt:code-language';

function remembered(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

class CodeTabs extends HTMLElement {
  connectedCallback(): void {
    const list = this.querySelector<HTMLElement>('[role="tablist"]');
    if (!list || this.dataset.enhanced) return;
    this.dataset.enhanced = 'true';
    list.hidden = false;
    list.addEventListener('click', (event) => {
      const tab = (event.target as Element).closest<HTMLElement>('[role="tab"]');
      if (tab) choose(tab.dataset.language!);
    });
    list.addEventListener('keydown', (event) => this.#onKey(event));
    this.select(remembered() ?? this.#tabs()[0]!.dataset.language!, false);
  }

  #tabs(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('[role="tab"]')];
  }

  #onKey(event: KeyboardEvent): void {
    const tabs = this.#tabs();
    const current = tabs.findIndex((tab) => tab === document.activeElement);
    const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined || current < 0) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    choose(tab.dataset.language!);
    tab.focus();
  }

  /** Shows the panel of `language`, if this group has one. */
  select(language: string, focus: boolean): void {
    const tabs = this.#tabs();
    if (!tabs.some((tab) => tab.dataset.language === language)) return;
    for (const tab of tabs) {
      const selected = tab.dataset.language === language;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected && focus) tab.focus();
    }
    for (const panel of this.querySelectorAll<HTMLElement>('[role="tabpanel"]')) panel.hidden = panel.dataset.language !== language;
  }
}

/** The reader chose a language: every group on the page follows, and the choice is kept. */
function choose(language: string): void {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // Not remembered; the page still switches.
  }
  document.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: language }));
}

function applyToAll(language: string): void {
  for (const group of document.querySelectorAll<CodeTabs>('tt-code-tabs')) group.select(language, false);
}

document.addEventListener(CHANGE_EVENT, (event) => applyToAll((event as CustomEvent<string>).detail));
// Another tab of the site chose a language.
addEventListener('storage', (event) => {
  if (event.key === KEY && event.newValue) applyToAll(event.newValue);
});

customElements.define('tt-code-tabs', CodeTabs);
