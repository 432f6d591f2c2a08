/**
 * The shell's progressive enhancements, on pages that opt in (Base.astro's
 * `enhanced`). Each part works on markup that is already useful without it.
 */
import { initProgress } from './progress.ts';
import { reportPage } from './workshop/report.ts';
import { initTheme } from './theme.ts';

initTheme();
const progress = initProgress();

const announce = (text: string) => {
  const status = document.querySelector<HTMLElement>('[data-shell-status]');
  if (!status) return;
  // Clearing first makes a repeated message announced again.
  status.textContent = '';
  requestAnimationFrame(() => (status.textContent = text));
};

document.querySelectorAll<HTMLButtonElement>('[data-progress-reset]').forEach((button) => {
  button.addEventListener('click', () => {
    progress.reset();
    announce('Reading progress reset.');
  });
});

// ---------- Search: / or s opens it; the header link becomes a dialog. ----------

const dialog = document.querySelector<HTMLDialogElement>('#search-dialog');
let searchStarted = false;

function openSearch(): void {
  const pagePanel = document.querySelector<HTMLElement>('main [data-search-panel]');
  if (pagePanel) {
    pagePanel.querySelector<HTMLInputElement>('[data-search-input]')?.focus();
    return;
  }
  if (!dialog) return;
  dialog.showModal();
  dialog.querySelector<HTMLInputElement>('[data-search-input]')?.focus();
  if (searchStarted) return;
  searchStarted = true;
  void import('./search.ts').then(({ initSearch }) => initSearch(dialog));
}

document.querySelectorAll<HTMLAnchorElement>('[data-search-open]').forEach((link) => {
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (!dialog && !document.querySelector('main [data-search-panel]')) return;
    event.preventDefault();
    openSearch();
  });
});

// A click on the backdrop (outside the panel) closes the dialog, as readers expect.
dialog?.addEventListener('click', (event) => {
  if (event.target === dialog) dialog.close();
});

// ---------- Keys: ← previous chapter, → next chapter, / or s search. ----------

/** Where keys belong to the control, not to the page. */
const OWNS_KEYS = [
  'input',
  'textarea',
  'select',
  '[contenteditable]:not([contenteditable="false"])',
  '[role="textbox"]',
  '[role="tablist"]',
  '[role="tab"]',
  '[role="slider"]',
  '[role="listbox"]',
  '[role="menu"]',
  '[role="grid"]',
  '[role="tree"]',
  '[role="radiogroup"]',
  '[data-tt-keys="off"]',
].join(',');

function keysBelongToControl(event: KeyboardEvent): boolean {
  // composedPath() sees inside widgets' shadow roots, where event.target
  // would only show the host element.
  return event.composedPath().some((node) => node instanceof Element && node.matches(OWNS_KEYS));
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
  if (keysBelongToControl(event)) return;
  if (document.querySelector('dialog[open], :popover-open')) return;

  if (event.key === '/' || event.key === 's') {
    event.preventDefault();
    openSearch();
    return;
  }
  if ((event.key === 'p' || event.key === 'P') && document.querySelector('[data-presenter-bar]')) {
    event.preventDefault();
    void import('./presenter.ts').then(({ toggle }) => toggle());
    return;
  }
  if (event.shiftKey || event.repeat) return;
  const rel = event.key === 'ArrowLeft' ? 'prev' : event.key === 'ArrowRight' ? 'next' : null;
  if (!rel) return;
  const link = document.querySelector<HTMLAnchorElement>(`a[rel="${rel}"]`);
  if (!link) return;
  event.preventDefault();
  if (rel === 'next') progress.markCurrentRead();
  location.assign(link.href);
});

// Presenter mode, when the URL asks for it (`?present`, or `?present=3` for the third screen).
const present = new URLSearchParams(location.search).get('present');
if (present !== null && document.querySelector('[data-presenter-bar]')) void import('./presenter.ts').then(({ enter }) => enter(present));

// In a workshop, a participant who joined tells the room which chapter they are on;
// everyone else sends nothing (src/scripts/workshop/report.ts).
reportPage();

// Hints that only make sense with JavaScript.
for (const element of document.querySelectorAll<HTMLElement>('[data-js-only]')) element.hidden = false;
