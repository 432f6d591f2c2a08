/**
 * Reading progress, kept in this browser only (localStorage). A chapter
 * counts as read once the reader reaches its end, or moves on from it to
 * another chapter: the second rule covers prose-only chapters, which ship no
 * JavaScript and so cannot record anything themselves.
 */
import { withoutBase } from '../lib/base-path.ts';

const KEY = 'tt-progress';

function load(): Set<string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return new Set(Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

function save(read: Set<string>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify([...read]));
  } catch {}
}

/** The chapter id of a same-site chapter URL, e.g. <base>steps/tokens/ → steps/tokens. */
function chapterIdOf(url: string): string | null {
  try {
    const parsed = new URL(url, location.href);
    if (parsed.origin !== location.origin) return null;
    const path = withoutBase(parsed.pathname);
    if (path === undefined) return null;
    const id = path.replace(/^\/|\/$/g, '');
    return document.querySelector(`[data-progress-for="${CSS.escape(id)}"]`) ? id : null;
  } catch {
    return null;
  }
}

export function initProgress() {
  const read = load();
  const current = document.documentElement.dataset.chapter;

  const render = () => {
    document.querySelectorAll<HTMLElement>('[data-progress-for]').forEach((element) => {
      const isRead = read.has(element.dataset.progressFor!);
      let mark = element.querySelector<HTMLElement>('.progress-mark');
      if (isRead && !mark) {
        mark = document.createElement('span');
        mark.className = 'progress-mark';
        mark.append('✓');
        const words = document.createElement('span');
        words.className = 'visually-hidden';
        words.textContent = ' (read)';
        mark.append(words);
        (element.querySelector('[data-progress-slot]') ?? element).append(mark);
      } else if (!isRead && mark) {
        mark.remove();
      }
    });
    document.querySelectorAll<HTMLElement>('[data-progress-summary]').forEach((summary) => {
      const total = document.querySelectorAll('[data-progress-total] [data-progress-for]').length || summary.dataset.total;
      const count = [...read].filter((id) => document.querySelector(`[data-progress-total] [data-progress-for="${CSS.escape(id)}"]`)).length;
      const text = summary.querySelector('[data-progress-text]');
      const meter = summary.querySelector('meter');
      if (text) text.textContent = count === 0 ? 'You have not read any chapter yet.' : `You have read ${count} of ${total} chapters.`;
      if (meter) {
        meter.max = Number(total);
        meter.value = count;
      }
      const reset = summary.querySelector<HTMLElement>('[data-progress-reset]');
      if (reset) reset.hidden = count === 0;
      summary.hidden = false;
    });
  };

  const mark = (id: string | null | undefined) => {
    if (!id || read.has(id)) return;
    read.add(id);
    save(read);
    render();
  };

  // Arriving from another chapter marks that one read.
  if (document.referrer) {
    const from = chapterIdOf(document.referrer);
    if (from && from !== current) mark(from);
  }

  // Reaching the end of this chapter marks it read.
  const end = document.querySelector('[data-chapter-end]');
  if (current && end && 'IntersectionObserver' in window) {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        mark(current);
        observer.disconnect();
      }
    });
    observer.observe(end);
  }

  // Another tab may read on.
  window.addEventListener('storage', (event) => {
    if (event.key !== KEY) return;
    read.clear();
    for (const id of load()) read.add(id);
    render();
  });

  render();
  return {
    markCurrentRead: () => mark(current),
    reset: () => {
      read.clear();
      save(read);
      render();
    },
  };
}
