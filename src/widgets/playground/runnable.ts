import { lazily } from '../shared/lazily.ts';

/**
 * <tt-runnable>: the button that turns a snippet into the playground. All the
 * rest (CodeMirror, the sandbox's frame, the libraries the snippet imports)
 * loads when the reader presses it, never with the page.
 */
class Runnable extends HTMLElement {
  connectedCallback(): void {
    const bar = this.querySelector<HTMLElement>('.tt-run__bar');
    const button = this.querySelector<HTMLButtonElement>('[data-open]');
    if (!bar || !button || this.dataset.enhanced) return;
    this.dataset.enhanced = 'true';
    bar.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const { openPlayground } = await lazily(() => import('./playground.ts'));
        openPlayground(this);
      } catch (error) {
        button.disabled = false;
        const note = document.createElement('p');
        note.className = 'tt-w__status';
        note.dataset.tone = 'fail';
        note.setAttribute('role', 'status');
        note.textContent = (error as Error).message;
        bar.after(note);
      }
    });
  }
}

customElements.define('tt-runnable', Runnable);
