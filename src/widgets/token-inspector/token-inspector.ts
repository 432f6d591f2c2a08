import { field, h, replace, uid } from '../shared/dom.ts';
import { mountFrame } from '../shared/frame.ts';
import { onTokens, tokenOf, type TokenKind } from '../shared/token-store.ts';

type Source = TokenKind | 'paste';

const NAMES: Record<Source, string> = { id: 'ID token', access: 'access token', refresh: 'refresh token', paste: 'pasted token' };
const LABELS: Record<Source, string> = { id: 'ID token', access: 'Access token', refresh: 'Refresh token', paste: 'Paste a token' };

/**
 * <tt-token-inspector data-token="id|access|refresh">: shows one of the
 * reader's tokens, or any token they paste, taken apart and explained. The
 * view (and Shiki, and jose for verifying) load only when there is a token.
 * `inspect(token)` shows a token as if pasted: an embed's, from its URL's
 * fragment (src/embed/frame.ts).
 */
class TokenInspector extends HTMLElement {
  #stopView?: () => void;
  #stopListening?: () => void;
  #renders = 0;
  #paste?: (token: string) => void;

  inspect(token: string): void {
    this.#paste?.(token);
  }

  connectedCallback(): void {
    if (this.#stopListening) return;
    const frame = mountFrame(
      this,
      'Token inspector',
      "Takes a token apart in your browser: its parts, what each claim means, and whether the pool's key signed it.",
    );
    if (!frame) return;
    const group = uid('tt-source');
    const initial: Source = this.dataset.token === 'access' || this.dataset.token === 'refresh' ? this.dataset.token : 'id';
    const radios = (Object.keys(LABELS) as Source[]).map((source) =>
      h('label', null, h('input', { attrs: { type: 'radio', name: group, value: source, checked: source === initial } }), LABELS[source]),
    );
    const pasted = h('textarea', { attrs: { rows: 4, spellcheck: 'false', autocomplete: 'off', placeholder: 'eyJ…' } });
    const pasteField = field('Token to decode (stays in this page)', pasted);
    const output = h('div', { class: 'tt-inspector__output' });
    replace(frame.body, h('fieldset', { class: 'tt-w__choices' }, h('legend', { class: 'tt-w__legend' }, 'Show'), radios), pasteField, output);

    const selected = (): Source => (frame.body.querySelector<HTMLInputElement>(`input[name="${group}"]:checked`)?.value as Source) ?? initial;
    const render = async () => {
      const render = ++this.#renders;
      const source = selected();
      pasteField.hidden = source !== 'paste';
      const token = source === 'paste' ? pasted.value : tokenOf(source);
      if (!token?.trim()) {
        this.#stopView?.();
        replace(
          output,
          h(
            'p',
            { class: 'tt-w__note' },
            source === 'paste'
              ? 'Paste a JWT above to decode it. Decoding happens in this page: nothing is sent anywhere.'
              : `No ${NAMES[source]} yet: sign in with the sign-in widget (step 1), and it appears here. Or choose “Paste a token”.`,
          ),
        );
        return;
      }
      const { renderInspection } = await import('./inspection-view.ts');
      if (render !== this.#renders) return;
      this.#stopView?.();
      this.#stopView = renderInspection(output, token, { backend: frame.backend, status: frame.status, name: NAMES[source] });
    };

    frame.body.addEventListener('change', (event) => {
      if ((event.target as HTMLInputElement).name === group) void render();
    });
    pasted.addEventListener('input', () => void render());
    this.#paste = (token) => {
      frame.body.querySelector<HTMLInputElement>(`input[name="${group}"][value="paste"]`)!.checked = true;
      pasted.value = token;
      void render();
    };
    // Load the view before the paste, so that pasting itself makes no request at all.
    pasted.addEventListener('focus', () => void this.#prepare(), { once: true });
    this.#stopListening = onTokens(() => {
      if (selected() !== 'paste') void render();
    });
    void render();
  }

  async #prepare(): Promise<void> {
    await Promise.all([import('./inspection-view.ts'), import('../shared/highlight/shiki-json.ts')]);
    this.dataset.ready = 'true';
  }

  disconnectedCallback(): void {
    this.#stopView?.();
    this.#stopListening?.();
    this.#stopListening = undefined;
  }
}

customElements.define('tt-token-inspector', TokenInspector);
