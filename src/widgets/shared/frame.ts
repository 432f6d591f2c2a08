import type { Backend } from '../../lib/backend.ts';
import { pageBackend } from '../../lib/page-backend.ts';
import { h, replace, uid } from './dom.ts';

/**
 * The frame every widget puts in place of its no-JavaScript fallback: a
 * title that names the group, the widget's body, and one live region where
 * results and errors are announced.
 */
export interface Frame {
  backend: Backend;
  body: HTMLElement;
  status: Status;
}

export interface Status {
  /** Shows and announces `text`; `tone` colours it (with words that say the same). */
  say(text: string, tone?: 'ok' | 'fail' | 'warn'): void;
  clear(): void;
}

export function mountFrame(host: HTMLElement, title: string, intro?: string | ((backend: Backend) => string)): Frame | undefined {
  const titleId = uid('tt-title');
  host.setAttribute('role', 'group');
  host.setAttribute('aria-labelledby', titleId);
  const status = h('p', { class: 'tt-w__status', attrs: { role: 'status' } });
  const heading = h('p', { class: 'tt-w__title', attrs: { id: titleId } }, title);
  let backend: Backend;
  try {
    backend = pageBackend();
  } catch {
    const message =
      'This page does not say which user pool and API to use (its #tt-backend settings are missing or unreadable), so this widget cannot run here.';
    replace(host, heading, h('p', { class: 'tt-w__status', attrs: { 'data-tone': 'fail' } }, message));
    return undefined;
  }
  const body = h('div', { class: 'tt-w__body' });
  const introText = typeof intro === 'function' ? intro(backend) : intro;
  replace(host, heading, introText ? h('p', { class: 'tt-w__intro' }, introText) : null, body, status);
  return { backend, body, status: statusLine(status) };
}

function statusLine(element: HTMLElement): Status {
  let latest = 0;
  return {
    say(text, tone) {
      // A live region announces changes: clear first, so that the same message said twice is heard twice.
      const said = ++latest;
      element.textContent = '';
      if (tone) element.dataset.tone = tone;
      else delete element.dataset.tone;
      requestAnimationFrame(() => {
        if (said === latest) element.textContent = text;
      });
    },
    clear() {
      latest++;
      element.textContent = '';
    },
  };
}
