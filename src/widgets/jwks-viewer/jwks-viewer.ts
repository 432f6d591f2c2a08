import type { LocalExtras } from '../../lib/backend.ts';
import { h, replace } from '../shared/dom.ts';
import { lazily } from '../shared/lazily.ts';
import { mountFrame, type Frame } from '../shared/frame.ts';
import { onTokens } from '../shared/token-store.ts';

// One hour, as after a real rotation: long enough to see old tokens still pass.
const GRACE_SECONDS = 3600;

/**
 * <tt-jwks-viewer data-rotation="true|false">: fetches the pool's public
 * keys when the reader asks, explains them, marks the key behind each of the
 * reader's tokens, and on the demo stacks rotates the keys to show what
 * happens to tokens already issued.
 */
class JwksViewer extends HTMLElement {
  #frame?: Frame;
  #output = h('div', { class: 'tt-jwks__output', attrs: { 'aria-live': 'polite' } });
  #kids: string[] = [];
  #roles: import('./jwks-view.ts').KeyRoles = {};

  connectedCallback(): void {
    if (this.#frame) return;
    const frame = mountFrame(this, "The pool's public keys (JWKS)", (backend) =>
      backend.kind !== 'aws'
        ? `Anyone can fetch them: they only check signatures. On AWS the URL is https://cognito-idp.{region}.amazonaws.com/{userPoolId}/.well-known/jwks.json; here it is ${backend.jwksUri}.`
        : `Anyone can fetch them: they only check signatures. Your pool publishes them at ${backend.jwksUri}.`,
    );
    if (!frame) return;
    this.#frame = frame;
    const fetchButton = h('button', { class: 'tt-w__button', attrs: { type: 'button' } }, 'Fetch the keys');
    fetchButton.addEventListener('click', () => void this.#fetch(fetchButton));
    const local = frame.backend.local;
    const rotation = local && this.dataset.rotation !== 'false' ? this.#rotationPanel(local) : null;
    replace(frame.body, h('div', { class: 'tt-w__row' }, fetchButton), this.#output, rotation);
    // Re-mark the keys when the reader signs in, refreshes or signs out.
    onTokens(() => {
      if (this.#kids.length > 0) void this.#fetch(fetchButton, true);
    });
  }

  async #fetch(button: HTMLButtonElement, quiet = false): Promise<void> {
    const { backend, status } = this.#frame!;
    button.disabled = true;
    if (!quiet) status.say(`Fetching ${backend.jwksUri}…`);
    try {
      const [{ fetchJwks }, { jwksView }] = await lazily(() => Promise.all([import('../shared/jwks.ts'), import('./jwks-view.ts')]));
      const keys = await fetchJwks(backend);
      this.#kids = keys.map((key) => String(key.kid));
      replace(this.#output, jwksView(keys, backend.jwksUri, this.#roles));
      const matched = this.#output.querySelectorAll('[data-signs]').length;
      if (!quiet) status.say(`${keys.length} keys fetched${matched ? `; ${matched === 1 ? 'one of them' : 'two of them'} signed your tokens` : ''}.`, 'ok');
    } catch (error) {
      status.say((error as Error).message, 'fail');
    } finally {
      button.disabled = false;
    }
  }

  #rotationPanel(local: LocalExtras): HTMLElement {
    const button = h('button', { class: 'tt-w__button tt-w__button--quiet', attrs: { type: 'button' } }, "Rotate the pool's keys");
    const outcome = h('div', { attrs: { 'aria-live': 'polite' } });
    button.addEventListener('click', async () => {
      const { backend, status } = this.#frame!;
      button.disabled = true;
      status.say('Rotating the keys…');
      try {
        const [{ rotateKeys }, { jwksView }, { inspectToken }, { currentTokens }] = await lazily(() =>
          Promise.all([import('./rotate-keys.ts'), import('./jwks-view.ts'), import('../../lib/jwt/inspect.ts'), import('../shared/token-store.ts')]),
        );
        const before = new Set(this.#kids);
        const rotation = await rotateKeys({ ...backend, local }, GRACE_SECONDS);
        const fresh = new Set(rotation.signing.map((key) => key.kid));
        this.#roles = { fresh, retiring: new Set([...before].filter((kid) => !fresh.has(kid))) };
        this.#kids = rotation.keys.map((key) => String(key.kid));
        replace(this.#output, jwksView(rotation.keys, backend.jwksUri, this.#roles));
        const tokens = currentTokens();
        const kid = tokens ? inspectToken(tokens.idToken).header?.kid : undefined;
        replace(
          outcome,
          h('p', null, `The pool now signs with ${fresh.size} new keys. The old ones stay in the JWKS for ${GRACE_SECONDS / 60} minutes, so tokens they signed keep passing the gateway until they expire.`),
          typeof kid === 'string' && !fresh.has(kid)
            ? h('p', null, 'Your current tokens carry an old kid. Refresh them (sign-in widget): the new tokens name a new kid, and the gateway, seeing a kid it does not know, fetches the JWKS again.')
            : null,
        );
        status.say('Keys rotated: new keys sign from now on, the old ones are still published.', 'ok');
      } catch (error) {
        status.say((error as Error).message, 'fail');
      } finally {
        button.disabled = false;
      }
    });
    return h(
      'div',
      { class: 'tt-w__panel tt-jwks__rotation' },
      h('p', { class: 'tt-w__heading' }, 'Key rotation (demo stack only)'),
      h('p', { class: 'tt-w__note' }, "Cognito may rotate a real pool's keys, on its own schedule and without asking; the demo stack lets you trigger it."),
      button,
      outcome,
    );
  }
}

customElements.define('tt-jwks-viewer', JwksViewer);
