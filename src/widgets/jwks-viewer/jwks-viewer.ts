import type { LocalExtras } from '../../lib/backend.ts';
import { h, replace, uid } from '../shared/dom.ts';
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
  /** Keys the reader pasted, when the pool's JWKS sends no CORS headers. */
  #pasted?: import('../shared/jwks.ts').PublicJwk[];

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
      if (this.#pasted) void this.#showPasted(this.#pasted);
      else if (this.#kids.length > 0) void this.#fetch(fetchButton, true);
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
      if ((error as Error).name === 'JwksWithoutCorsError') replace(this.#output, this.#withoutCors(backend.jwksUri));
      status.say((error as Error).message, 'fail');
    } finally {
      button.disabled = false;
    }
  }

  /**
   * A real pool's JWKS may come without CORS headers: the browser then keeps
   * the answer from the page. The keys are public, so the reader fetches
   * them another way and pastes them here; a pasted key set goes nowhere.
   */
  #withoutCors(url: string): HTMLElement {
    const id = uid('tt-jwks-paste');
    const area = h('textarea', { attrs: { id, rows: 6, spellcheck: 'false', autocomplete: 'off', placeholder: '{"keys": [ ... ]}' } });
    const show = h('button', { class: 'tt-w__button', attrs: { type: 'submit' } }, 'Show these keys');
    const form = h('form', { class: 'tt-jwks__paste' }, h('label', { attrs: { for: id } }, 'Paste the key set'), area, h('div', { class: 'tt-w__row' }, show));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      let keys: import('../shared/jwks.ts').PublicJwk[];
      try {
        keys = await keySetOf(area.value);
      } catch (error) {
        this.#frame!.status.say((error as Error).message, 'fail');
        return;
      }
      this.#pasted = keys;
      void this.#showPasted(keys);
    });
    return h(
      'div',
      { class: 'tt-w__panel', attrs: { 'data-jwks-without-cors': true } },
      h('p', { class: 'tt-w__heading' }, 'The pool answered, but this page may not read it'),
      h(
        'p',
        null,
        'Its JWKS came without a CORS header that admits this site (',
        h('code', null, 'Access-Control-Allow-Origin'),
        '), so the browser keeps the answer from this page. The keys are public all the same. To see them:',
      ),
      h(
        'ul',
        null,
        h(
          'li',
          null,
          h('a', { attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' } }, 'open the JWKS in a new tab'),
          ' (a page you open yourself needs no CORS), or',
        ),
        h('li', null, 'fetch it in a terminal: ', h('code', null, `curl ${url}`)),
      ),
      h('p', null, 'then paste what you see below. It stays in this page: nothing is sent anywhere.'),
      form,
    );
  }

  async #showPasted(keys: import('../shared/jwks.ts').PublicJwk[]): Promise<void> {
    const { backend, status } = this.#frame!;
    const { jwksView } = await lazily(() => import('./jwks-view.ts'));
    this.#kids = keys.map((key) => String(key.kid));
    replace(this.#output, jwksView(keys, `${backend.jwksUri} (pasted)`, this.#roles));
    status.say(`${keys.length} pasted keys shown.`, 'ok');
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
          h(
            'p',
            null,
            `The pool now signs with ${fresh.size} new keys. The old ones stay in the JWKS for ${GRACE_SECONDS / 60} minutes, so tokens they signed keep passing the gateway until they expire.`,
          ),
          typeof kid === 'string' && !fresh.has(kid)
            ? h(
                'p',
                null,
                'Your current tokens carry an old kid. Refresh them (sign-in widget): the new tokens name a new kid, and the gateway, seeing a kid it does not know, fetches the JWKS again.',
              )
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

/** The pasted text as a key set, or a sentence saying why not. */
async function keySetOf(text: string): Promise<import('../shared/jwks.ts').PublicJwk[]> {
  const { keySet } = await lazily(() => import('../shared/jwks.ts'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('That is not JSON: paste the whole page the JWKS URL showed, from { to }.');
  }
  return keySet(parsed);
}
