/**
 * Presenter mode (`?present`, or P): the chapter one screen at a time — its
 * title, summary and objectives first, then one screen per section, then
 * its checkpoint with the answers open — in large type with the flow
 * diagram beside it. → (or Page Down, Space) moves on, into the next
 * chapter at the end of this one; ← (or Page Up) goes back; Home and End;
 * Esc leaves; N opens the speaker notes, which follow in a second window
 * over a BroadcastChannel (same browser, same origin). Nothing moves in
 * the DOM: screens are shown and hidden, so widgets keep their state.
 */
const CHANNEL = 'tt-presenter';

interface Screen {
  heading: HTMLElement | null;
  title: string;
  elements: HTMLElement[];
  notes: string[];
}

export interface PresenterMessage {
  type: 'screen';
  chapter: string;
  chapterTitle: string;
  screen: number;
  total: number;
  title: string;
  next: string;
  notes: string[];
  checkpoints: { question: string; answer: string }[];
}

let active = false;
let screens: Screen[] = [];
let index = 0;
let channel: BroadcastChannel | undefined;

const root = document.documentElement;
const bar = document.querySelector<HTMLElement>('[data-presenter-bar]');
const where = document.querySelector<HTMLElement>('[data-presenter-where]');

function collect(): Screen[] {
  const head = document.querySelector<HTMLElement>('.chapter-head');
  const prose = document.querySelector<HTMLElement>('.chapter-body .prose');
  const checkpoint = document.querySelector<HTMLElement>('[data-checkpoint]');
  const first: Screen = {
    heading: head?.querySelector('h1') ?? null,
    title: head?.querySelector('h1')?.textContent?.trim() ?? document.title,
    elements: head ? [head] : [],
    notes: [],
  };
  const list: Screen[] = [first];
  let current = first;
  for (const child of Array.from(prose?.children ?? []) as HTMLElement[]) {
    const heading = child.matches('h2') ? child : child.querySelector(':scope > h2');
    if (heading) {
      current = { heading: heading as HTMLElement, title: heading.textContent?.trim() ?? '', elements: [], notes: [] };
      list.push(current);
    }
    current.elements.push(child);
    for (const notes of child.matches('[data-speaker-notes]') ? [child] : Array.from(child.querySelectorAll<HTMLElement>('[data-speaker-notes]'))) {
      const paragraphs = Array.from(notes.querySelectorAll('p'), (paragraph) => paragraph.textContent?.trim() ?? '').filter(Boolean);
      current.notes.push(...(paragraphs.length > 0 ? paragraphs : [notes.textContent?.trim() ?? '']));
    }
  }
  if (checkpoint) list.push({ heading: checkpoint.querySelector('h2'), title: 'Checkpoint', elements: [checkpoint], notes: [] });
  return list;
}

function everything(): HTMLElement[] {
  return screens.flatMap((screen) => screen.elements);
}

function checkpoints(): { question: string; answer: string }[] {
  return Array.from(document.querySelectorAll('[data-checkpoint] li')).map((item) => ({
    question: item.querySelector('.checkpoint__question')?.textContent?.trim() ?? '',
    answer: item.querySelector('[data-checkpoint-answer] p')?.textContent?.trim() ?? '',
  }));
}

function message(): PresenterMessage {
  const screen = screens[index]!;
  return {
    type: 'screen',
    chapter: root.dataset.chapter ?? '',
    chapterTitle: screens[0]!.title,
    screen: index + 1,
    total: screens.length,
    title: screen.title,
    next: screens[index + 1]?.title ?? document.querySelector<HTMLAnchorElement>('a[rel="next"] .pager__title')?.textContent?.trim() ?? 'the end',
    notes: screen.notes,
    checkpoints: checkpoints(),
  };
}

function show(target: number, focus = true): void {
  index = Math.max(0, Math.min(target, screens.length - 1));
  const visible = new Set(screens[index]!.elements);
  for (const element of everything()) {
    if (visible.has(element)) element.removeAttribute('data-present-off');
    else element.setAttribute('data-present-off', '');
  }
  const screen = screens[index]!;
  if (where) where.textContent = `${screens[0]!.title} · screen ${index + 1} of ${screens.length}: ${screen.title}`;
  if (focus && screen.heading) {
    screen.heading.tabIndex = -1;
    screen.heading.focus({ preventScroll: true });
  }
  scrollTo({ top: 0 });
  const url = new URL(location.href);
  url.searchParams.set('present', String(index + 1));
  history.replaceState(history.state, '', url);
  channel?.postMessage(message());
}

function go(rel: 'next' | 'prev', screen: string): void {
  // Only into a chapter that can present itself: prose-only chapters ship no JavaScript.
  const link = document.querySelector<HTMLAnchorElement>(`a[rel="${rel}"][data-presentable]`);
  if (!link) {
    if (where) where.textContent = rel === 'next' ? 'The end of the presentation: Esc leaves presenter mode.' : 'The start of the presentation.';
    return;
  }
  const url = new URL(link.href);
  url.searchParams.set('present', screen);
  location.assign(url.href);
}

function next(): void {
  if (index < screens.length - 1) show(index + 1);
  else go('next', '1');
}

function previous(): void {
  if (index > 0) show(index - 1);
  else go('prev', 'last');
}

function openNotes(): void {
  const link = document.querySelector<HTMLAnchorElement>('[data-presenter-notes]');
  if (link) window.open(link.href, 'tt-speaker-notes', 'popup,width=720,height=640');
}

const OWNS_KEYS =
  'input, textarea, select, [contenteditable]:not([contenteditable="false"]), [role="textbox"], [role="tablist"], [role="tab"], [role="radiogroup"]';

function onKey(event: KeyboardEvent): void {
  if (!active || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.composedPath().some((node) => node instanceof Element && node.matches(OWNS_KEYS))) return;
  if (document.querySelector('dialog[open]')) return;
  const keys: Record<string, () => void> = {
    ArrowRight: next,
    PageDown: next,
    ' ': next,
    ArrowLeft: previous,
    PageUp: previous,
    Home: () => show(0),
    End: () => show(screens.length - 1),
    Escape: leave,
    n: openNotes,
    N: openNotes,
  };
  // Space on a button or a link is that control's own.
  if (event.key === ' ' && event.composedPath().some((node) => node instanceof Element && node.matches('button, a, summary'))) return;
  const action = keys[event.key];
  if (!action) return;
  // The shell's ← → move between chapters: in presenter mode they move between screens first.
  event.preventDefault();
  event.stopImmediatePropagation();
  action();
}

export function enter(start?: string | null): void {
  if (active) return;
  active = true;
  screens = collect();
  root.dataset.present = '';
  if (bar) bar.hidden = false;
  for (const answer of document.querySelectorAll<HTMLDetailsElement>('[data-checkpoint-answer]')) answer.open = true;
  channel = 'BroadcastChannel' in window ? new BroadcastChannel(CHANNEL) : undefined;
  channel?.addEventListener('message', (event: MessageEvent<{ type: string }>) => {
    if (event.data?.type === 'hello') channel?.postMessage(message());
    else if (event.data?.type === 'next') next();
    else if (event.data?.type === 'prev') previous();
  });
  const requested = start === 'last' ? screens.length : Number(start);
  show(Number.isInteger(requested) && requested >= 1 ? requested - 1 : 0);
}

export function leave(): void {
  if (!active) return;
  active = false;
  delete root.dataset.present;
  if (bar) bar.hidden = true;
  for (const element of everything()) element.removeAttribute('data-present-off');
  for (const answer of document.querySelectorAll<HTMLDetailsElement>('[data-checkpoint-answer]')) answer.open = false;
  channel?.close();
  channel = undefined;
  const url = new URL(location.href);
  url.searchParams.delete('present');
  history.replaceState(history.state, '', url);
}

export function toggle(): void {
  if (active) leave();
  else enter();
}

addEventListener('keydown', onKey, { capture: true });
