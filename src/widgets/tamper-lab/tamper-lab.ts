import { h, replace } from '../shared/dom.ts';
import { lazily } from '../shared/lazily.ts';
import { mountFrame } from '../shared/frame.ts';
import { currentTokens } from '../shared/token-store.ts';

/**
 * <tt-tamper-lab>: the reader forges their own token (claims, header,
 * alg none, HS256 key confusion…) and sees which check at the gateway
 * refuses it. The lab loads when the reader starts it.
 */
class TamperLab extends HTMLElement {
  #started = false;

  connectedCallback(): void {
    if (this.#started) return;
    this.#started = true;
    const frame = mountFrame(
      this,
      'Tamper lab',
      'Change your token the way an attacker would, send it, and see which check at the gateway refuses it, and why.',
    );
    if (!frame) return;
    const lab = h('div', { class: 'tt-lab' });
    const start = (kind: 'id' | 'access') => async () => {
      const tokens = currentTokens();
      if (!tokens) {
        frame.status.say('Sign in first (step 1): the lab starts from your own token.', 'warn');
        return;
      }
      try {
        const { mountLab } = await lazily(() => import('./lab-view.ts'));
        mountLab(lab, {
          backend: frame.backend,
          status: frame.status,
          kind,
          token: kind === 'id' ? tokens.idToken : tokens.accessToken,
          otherToken: kind === 'id' ? tokens.accessToken : tokens.idToken,
        });
        frame.status.say(`The lab holds your ${kind === 'id' ? 'ID' : 'access'} token as the pool issued it. Pick an attack, or edit a part yourself.`);
      } catch (error) {
        frame.status.say((error as Error).message, 'fail');
      }
    };
    const startId = h('button', { class: 'tt-w__button', attrs: { type: 'button' } }, 'Start from my ID token');
    const startAccess = h('button', { class: 'tt-w__button tt-w__button--quiet', attrs: { type: 'button' } }, 'Start from my access token');
    startId.addEventListener('click', start('id'));
    startAccess.addEventListener('click', start('access'));
    replace(frame.body, h('div', { class: 'tt-w__row' }, startId, startAccess), lab);
  }
}

customElements.define('tt-tamper-lab', TamperLab);
