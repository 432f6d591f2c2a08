import { emitFlow } from '../../lib/flow-events.ts';
import { field, h, replace, uid, type Child } from '../shared/dom.ts';
import { poolError } from '../shared/explain.ts';
import { lazily } from '../shared/lazily.ts';
import { mountFrame, type Frame } from '../shared/frame.ts';
import { currentTokens, onTokens } from '../shared/token-store.ts';
import type { SignInOutcome } from './session.ts';
import type { Exchange } from './wire-recorder.ts';

type Session = typeof import('./session.ts');
type View = 'signedOut' | 'newPassword' | 'signedIn';

/**
 * <tt-sign-in>: signs in to the page's user pool with the real Amplify
 * (loaded when the reader acts) and shows every HTTP exchange it makes.
 * Also sign-up with the code from the local mailbox, the new-password
 * challenge, refresh, sign-out and global sign-out.
 */
class SignIn extends HTMLElement {
  #frame?: Frame;
  #log = h('ol', { class: 'tt-wire' });
  #exchanges = 0;
  #views: Record<View, HTMLElement> = { signedOut: h('div'), newPassword: h('div'), signedIn: h('div') };
  #who = h('strong');
  #busy = false;

  connectedCallback(): void {
    if (this.#frame) return;
    const frame = mountFrame(this, 'Sign in to the user pool', (backend) =>
      backend.kind === 'browser'
        ? `Runs Amplify's signIn, the code a production app runs, against the demo pool ${backend.userPoolId}, which runs in your browser at ${backend.userPoolEndpoint}. Every request it makes is shown below.`
        : backend.kind === 'local'
          ? `Runs Amplify's signIn, the code a production app runs, against the local demo pool ${backend.userPoolId} at ${backend.userPoolEndpoint}. Every request it makes is shown below.`
          : `Runs Amplify's signIn against your AWS user pool ${backend.userPoolId}. Every request it makes is shown below. If you ran npm run aws:seed, alice, bob and carol are there with their published passwords.`,
    );
    if (!frame) return;
    this.#frame = frame;
    this.#views.signedOut = this.#signedOutView();
    this.#views.newPassword = this.#newPasswordView();
    this.#views.signedIn = this.#signedInView();
    replace(
      frame.body,
      this.#views.signedOut,
      this.#views.newPassword,
      this.#views.signedIn,
      h('p', { class: 'tt-w__heading' }, 'What went over the wire'),
      h('p', { class: 'tt-w__note tt-wire__empty' }, 'Nothing yet: sign in, and each request to the pool appears here.'),
      this.#log,
    );
    onTokens(() => this.#show());
    this.#show();
  }

  /** Which view fits the stored tokens; the new-password view is shown explicitly. */
  #show(view?: View): void {
    const tokens = currentTokens();
    const current = view ?? (tokens ? 'signedIn' : 'signedOut');
    for (const [name, element] of Object.entries(this.#views)) element.hidden = name !== current;
    this.#who.textContent = tokens?.username ?? '';
  }

  #signedOutView(): HTMLElement {
    const backend = this.#frame!.backend;
    const users = backend.local?.demoUsers ?? [];
    const username = input('Username', { autocomplete: 'username', value: users[0]?.username ?? '' });
    const password = input('Password', { type: 'password', autocomplete: 'current-password', value: users[0]?.password ?? '' });
    const group = uid('tt-user');
    const choices = users.length
      ? h(
          'fieldset',
          { class: 'tt-w__choices tt-signin__users' },
          h('legend', { class: 'tt-w__legend' }, 'Demo users (their passwords are published)'),
          users.map((user, index) =>
            h(
              'label',
              null,
              h('input', {
                attrs: { type: 'radio', name: group, value: user.username, checked: index === 0 },
                on: {
                  change: () => {
                    username.control.value = user.username;
                    password.control.value = user.password;
                  },
                },
              }),
              h('span', null, h('strong', null, user.username), ` / ${user.password} — ${user.note}`),
            ),
          ),
        )
      : null;
    const signInButton = button('Sign in');
    const form = h('form', { class: 'tt-signin__form' }, choices, h('div', { class: 'tt-w__row' }, username.field, password.field), signInButton);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = username.control.value.trim();
      this.#run(`Signing in as ${name}`, password.control.value, (session) => session.startSignIn(backend, name, password.control.value), {
        step: 1,
        label: 'Signing in with SRP',
      });
    });
    return h('div', null, form, this.#signUpView());
  }

  #signUpView(): HTMLElement {
    const backend = this.#frame!.backend;
    const username = input("New user's name", { autocomplete: 'off', value: `reader-${Math.random().toString(36).slice(2, 7)}` });
    const email = input("New user's email", { type: 'email', autocomplete: 'off', value: 'reader@example.com' });
    const password = input("New user's password", { type: 'password', autocomplete: 'new-password', value: 'Reader-demo-1' });
    const code = input('Confirmation code', { autocomplete: 'one-time-code', inputmode: 'numeric' });
    const mail = h('div', { class: 'tt-signin__mail' });
    const confirmStep = h('form', { class: 'tt-signin__confirm' }, mail, h('div', { class: 'tt-w__row' }, code.field), button('Confirm and sign in'));
    confirmStep.hidden = true;
    const signUpForm = h('form', null, h('div', { class: 'tt-w__row' }, username.field, email.field, password.field), button('Sign up'));
    signUpForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = username.control.value.trim();
      this.#run(
        `Signing up ${name}`,
        password.control.value,
        async (session) => {
          await session.startSignUp(backend, name, email.control.value.trim(), password.control.value);
          confirmStep.hidden = false;
          if (!backend.local) {
            replace(mail, h('p', null, `The pool emailed a code to ${email.control.value}. Type it below.`));
            return;
          }
          const { latestMail } = await import('./mailbox.ts');
          const message = await latestMail(backend.local, name);
          code.control.value = message?.code ?? '';
          replace(
            mail,
            message
              ? h(
                  'div',
                  { class: 'tt-w__panel' },
                  h('p', { class: 'tt-w__heading' }, `The local mailbox: what the pool would have emailed to ${message.destination}`),
                  h('p', null, h('strong', null, message.subject)),
                  h('p', null, message.body),
                )
              : h('p', { class: 'tt-w__warn' }, 'The local mailbox has no message for this user yet.'),
          );
          return 'The pool sent a confirmation code; it is filled in below.';
        },
        { step: 1, label: 'Signing up' },
      );
    });
    confirmStep.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = username.control.value.trim();
      this.#run(
        `Confirming ${name}`,
        password.control.value,
        async (session) => {
          await session.finishSignUp(backend, name, code.control.value.trim());
          confirmStep.hidden = true;
          return session.startSignIn(backend, name, password.control.value);
        },
        { step: 1, label: 'Confirming the sign-up' },
      );
    });
    return h(
      'details',
      { class: 'tt-signin__signup' },
      h('summary', null, 'Or sign up a new user'),
      h(
        'p',
        { class: 'tt-w__note' },
        backend.local
          ? 'The pool "emails" a confirmation code; on the demo stack it lands in a local mailbox, which this widget reads for you.'
          : 'The pool emails you a confirmation code.',
      ),
      signUpForm,
      confirmStep,
    );
  }

  #newPasswordView(): HTMLElement {
    const backend = this.#frame!.backend;
    const password = input('New password', { type: 'password', autocomplete: 'new-password', value: 'Carol-demo-2' });
    const form = h(
      'form',
      null,
      h(
        'p',
        null,
        'An administrator created this user with a temporary password, so the pool answered with the challenge ',
        h('code', null, 'NEW_PASSWORD_REQUIRED'),
        ' instead of tokens. Choose a new password (from now on the user signs in with it):',
      ),
      h('div', { class: 'tt-w__row' }, password.field),
      button('Set the password and sign in'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#run('Setting the new password', password.control.value, (session) => session.setNewPassword(backend, password.control.value), {
        step: 1,
        label: 'Answering NEW_PASSWORD_REQUIRED',
      });
    });
    return form;
  }

  #signedInView(): HTMLElement {
    const backend = this.#frame!.backend;
    const refresh = button('Refresh the tokens', 'button');
    const signOut = button('Sign out', 'button');
    const globalSignOut = button('Sign out everywhere', 'button');
    refresh.addEventListener('click', () =>
      this.#run(
        'Refreshing the tokens',
        undefined,
        async (session) => {
          await session.refreshTokens(backend);
          return 'New ID and access tokens, for the same refresh token: the same origin_jti, a new jti and exp.';
        },
        { step: 2, label: 'Refreshing tokens' },
      ),
    );
    signOut.addEventListener('click', () =>
      this.#run(
        'Signing out',
        undefined,
        async (session) => {
          await session.endSession(backend, false);
          return 'Signed out: Amplify revoked the refresh token (RevokeToken). Tokens copied before still pass API Gateway until they expire: it does not check revocation.';
        },
        { step: 1, label: 'Signing out' },
      ),
    );
    globalSignOut.addEventListener('click', () =>
      this.#run(
        'Signing out everywhere',
        undefined,
        async (session) => {
          await session.endSession(backend, true);
          return 'Signed out everywhere: GlobalSignOut revoked every refresh token of the user. Their JWTs still pass API Gateway until they expire.';
        },
        { step: 1, label: 'Signing out everywhere' },
      ),
    );
    return h(
      'div',
      { class: 'tt-signin__session' },
      h('p', null, 'Signed in as ', this.#who, '. The pool issued an ID token, an access token and a refresh token; the other widgets on the site use them.'),
      h('div', { class: 'tt-w__row' }, refresh, signOut, globalSignOut),
    );
  }

  /** Runs one Amplify action while recording its exchanges; reports the outcome in words. */
  #run(
    label: string,
    secret: string | undefined,
    action: (session: Session) => Promise<SignInOutcome | string | undefined>,
    flow: { step: 1 | 2; label: string },
  ): void {
    const frame = this.#frame!;
    if (this.#busy) return;
    this.#busy = true;
    for (const control of this.querySelectorAll('button')) control.disabled = true;
    frame.status.say(`${label}…`);
    emitFlow({ step: flow.step, state: 'active', label: flow.label });
    void (async () => {
      try {
        const [session, recorder, log] = await lazily(() => Promise.all([import('./session.ts'), import('./wire-recorder.ts'), import('./wire-log.ts')]));
        const seen = { requests: 0, withSecret: 0 };
        const result = await recorder.recordingExchanges(
          (exchange) => {
            seen.requests += 1;
            if (this.#append(log.exchangeView, exchange, secret)) seen.withSecret += 1;
          },
          () => action(session),
        );
        this.#report(result, seen);
      } catch (error) {
        frame.status.say(poolError(error, frame.backend), 'fail');
        emitFlow({ step: flow.step, state: 'failed', label: (error as Error).name });
      } finally {
        this.#busy = false;
        for (const control of this.querySelectorAll('button')) control.disabled = false;
      }
    })();
  }

  /** Adds an exchange to the log; says whether its request carried the secret. */
  #append(view: typeof import('./wire-log.ts').exchangeView, exchange: Exchange, secret: string | undefined): boolean {
    this.#exchanges += 1;
    this.querySelector('.tt-wire__empty')?.remove();
    const item = h('li', null, view(exchange, this.#exchanges, secret));
    this.#log.append(item);
    return item.querySelector('[data-password="sent"]') !== null;
  }

  #report(result: SignInOutcome | string | undefined, seen: { requests: number; withSecret: number }): void {
    const { status } = this.#frame!;
    if (typeof result === 'string') {
      status.say(result, 'ok');
      emitFlow({ step: 1, state: 'ok' });
      return;
    }
    if (!result) return;
    if (result.step === 'new-password') {
      this.#show('newPassword');
      status.say('The pool wants a new password for this user (NEW_PASSWORD_REQUIRED).', 'warn');
      return;
    }
    if (result.step === 'confirm-sign-up') {
      status.say('This user has not confirmed the sign-up code yet. Use “Or sign up a new user” to confirm it.', 'warn');
      return;
    }
    if (result.step === 'unsupported') {
      status.say(`The pool asked for ${result.name}, which this demo does not handle.`, 'warn');
      return;
    }
    this.#show();
    status.say(
      `Signed in as ${currentTokens()?.username}. ${seen.requests} requests to the pool${seen.withSecret ? '' : ', and the password was in none of them'}: the pool issued an ID, an access and a refresh token.`,
      'ok',
    );
    emitFlow({ step: 1, state: 'ok', label: 'Password proven' });
    emitFlow({ step: 2, state: 'ok', label: 'Tokens issued' });
  }
}

function input(label: string, attrs: Record<string, string>): { field: HTMLElement; control: HTMLInputElement } {
  const { value, ...rest } = attrs;
  const control = h('input', { attrs: { type: 'text', spellcheck: 'false', ...rest } });
  control.value = value ?? '';
  return { field: field(label, control), control };
}

function button(label: Child, type: 'submit' | 'button' = 'submit'): HTMLButtonElement {
  return h('button', { class: type === 'submit' ? 'tt-w__button' : 'tt-w__button tt-w__button--quiet', attrs: { type } }, label);
}

customElements.define('tt-sign-in', SignIn);
