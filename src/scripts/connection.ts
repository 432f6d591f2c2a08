import type { Backend } from '../lib/backend.ts';
import {
  backendReady,
  NO_SERVICE_WORKERS,
  resetBrowserStack,
  serviceWorkersAvailable,
  stackControlsPage,
  type BrowserStackEvent,
} from '../lib/browser-stack-client.ts';
import { pageBackend } from '../lib/page-backend.ts';
import { forgetAllTokens } from '../widgets/shared/token-store.ts';

/**
 * Whether the backend answers: the user pool's JWKS and the REST API's
 * public route, both plain GETs that need no token. The result is shown on
 * the header's badge, as a notice when something is down, and told to
 * widgets as `<html data-backend-status="up|down|idle">` plus a
 * `tt:backend-status` event ({ status, down: string[] }).
 *
 * The stack in the browser is not asked when the page loads unless its
 * worker already runs this page: registering it is the reader's first
 * action's job (src/lib/browser-stack-client.ts). Until then the badge says
 * it starts on first use (`idle`).
 */
const TIMEOUT_MS = 4000;

/**
 * `opaqueCounts`: on AWS, a request CORS keeps from the page is asked again
 * in `no-cors` mode, whose opaque answer still says that the server answered:
 * a real pool's JWKS may send no CORS headers (src/widgets/shared/jwks.ts).
 */
async function answers(url: string, opaqueCounts = false): Promise<boolean> {
  try {
    const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
    return response.status < 500;
  } catch {
    if (!opaqueCounts) return false;
    try {
      await fetch(url, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
      return true;
    } catch {
      return false;
    }
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

type Status = 'up' | 'down' | 'idle';

const STATE_WORDS: Record<Status, string> = { up: ' · connected', down: ' · not answering', idle: ' · starts when you use a widget' };

function showStatus(status: Status, words = STATE_WORDS[status], down: string[] = []): void {
  const badge = document.querySelector<HTMLElement>('[data-backend-badge]');
  const badgeState = badge?.querySelector<HTMLElement>('[data-backend-state]');
  document.documentElement.dataset.backendStatus = status;
  document.dispatchEvent(new CustomEvent('tt:backend-status', { detail: { status, down } }));
  if (badge) badge.dataset.status = status;
  if (badgeState) badgeState.textContent = words;
}

/**
 * `registerIfNeeded`: a reader's action (Check again) may start the stack in
 * the browser; the check a page runs by itself never does.
 */
export async function checkConnection(registerIfNeeded = false): Promise<boolean> {
  const backend = pageBackend();
  const region = document.querySelector<HTMLElement>('[data-connection-region]');
  const badge = document.querySelector<HTMLElement>('[data-backend-badge]');

  if (backend.kind === 'browser') {
    if (!serviceWorkersAvailable()) {
      showStatus('down', ' · cannot run here');
      showNotice(region, unavailableNotice(NO_SERVICE_WORKERS));
      return false;
    }
    if (!registerIfNeeded && !stackControlsPage()) {
      showStatus('idle');
      return false;
    }
    try {
      await backendReady(backend);
    } catch (error) {
      showStatus('down', ' · cannot run here');
      showNotice(region, unavailableNotice((error as Error).message));
      return false;
    }
  }

  if (badge) badge.dataset.status = 'checking';
  const targets = [
    { name: 'user pool', url: backend.jwksUri, origin: new URL(backend.jwksUri).origin },
    { name: 'API gateway', url: `${backend.apis.rest}/public`, origin: new URL(backend.apis.rest).origin },
  ];
  const results = await Promise.all(targets.map((target) => answers(target.url, backend.kind === 'aws')));
  const down = targets.filter((_, index) => !results[index]);
  const up = down.length === 0;
  showStatus(
    up ? 'up' : 'down',
    undefined,
    down.map((target) => target.name),
  );

  if (region) {
    const hadNotice = region.querySelector('.connection-notice') !== null;
    if (!up) showNotice(region, notice(backend, down));
    else if (hadNotice) {
      const focusWasInside = region.contains(document.activeElement);
      const ok = element('p', backend.kind === 'aws' ? 'Connected: your AWS backend answers now.' : 'Connected: the demo stack answers now.', 'connection-ok');
      ok.tabIndex = -1;
      region.replaceChildren(ok);
      if (focusWasInside) ok.focus();
    }
  }
  return up;
}

/** Puts `box` in the live region, keeping the focus in it if it was there. */
function showNotice(region: HTMLElement | null, box: HTMLElement): void {
  if (!region) return;
  const focusWasInside = region.contains(document.activeElement);
  region.replaceChildren(box);
  if (focusWasInside) box.querySelector('button')?.focus();
}

function unavailableNotice(message: string): HTMLElement {
  const box = element('div', undefined, 'connection-notice');
  box.append(element('h2', 'This browser cannot run the demo stack here'), element('p', message));
  const pre = element('pre');
  pre.append(element('code', 'npm start        # the site and the Node demo stack, on http://127.0.0.1:4321/'));
  box.append(pre);
  return box;
}

function notice(backend: Backend, down: { name: string; origin: string }[]): HTMLElement {
  const box = element('div', undefined, 'connection-notice');
  const what = down.map((target) => `the ${target.name} at ${target.origin}`).join(' and ');
  if (backend.kind === 'local') {
    box.append(
      element('h2', 'The demo stack is not running'),
      element('p', `The widgets on this page need the local demo stack, but ${what} did not answer. Start it from the project folder, in a terminal:`),
    );
    const pre = element('pre');
    pre.append(element('code', 'npm start        # the site and the stack together\nnpm run stack    # only the stack, if the site already runs'));
    box.append(pre, element('p', 'Then check again. The text of every chapter reads fine without it.'));
  } else if (backend.kind === 'browser') {
    box.append(
      element('h2', 'The demo stack in your browser is not answering'),
      element('p', `Its Service Worker runs this page, but ${what} did not answer. Reload the page, or reset the demo stack, then check again.`),
    );
  } else {
    box.append(
      element('h2', 'Your AWS backend is not answering'),
      element(
        'p',
        `The widgets on this page call your own AWS deployment, but ${what} did not answer. Check your network, and that the deployment the site was built for still exists: npm run aws:deploy writes .data/aws.json, and npm run aws:build builds against it (or the PUBLIC_* variables, when set).`,
      ),
    );
  }
  const retry = element('button', 'Check again', 'button');
  retry.type = 'button';
  retry.addEventListener('click', () => {
    retry.textContent = 'Checking…';
    void checkConnection(true);
  });
  box.append(retry);
  return box;
}

/**
 * The "Reset the demo stack" button of ConnectionCheck.astro: for the stack
 * in the browser, once the reader confirms (it cannot be undone), back to its
 * seed, then every stored token forgotten (they were signed by keys that no
 * longer exist, for sessions that no longer exist); for the Node stack, how
 * to reset it from its terminal.
 */
export function initStackTools(): void {
  const tools = document.querySelector<HTMLElement>('[data-stack-tools]');
  const button = tools?.querySelector<HTMLButtonElement>('[data-stack-reset]');
  const cancel = tools?.querySelector<HTMLButtonElement>('[data-stack-reset-cancel]');
  const outcome = tools?.querySelector<HTMLElement>('[data-stack-reset-outcome]');
  if (!tools || !button || !cancel || !outcome) return;
  tools.hidden = false;
  const label = button.textContent ?? '';
  /** Whether the button now asks for the confirmation (its second press resets). */
  let asking = false;
  const confirming = (ask: boolean) => {
    asking = ask;
    button.textContent = ask ? 'Yes, reset it' : label;
    cancel.hidden = !ask;
  };
  const say = (text: string, tone?: 'ok' | 'fail') => {
    // Cleared first, so that the same words said twice are announced twice.
    outcome.textContent = '';
    if (tone) outcome.dataset.tone = tone;
    else delete outcome.dataset.tone;
    requestAnimationFrame(() => (outcome.textContent = text));
  };
  button.addEventListener('click', async () => {
    const backend = pageBackend();
    if (backend.kind !== 'browser') {
      say(
        'The Node stack resets from its terminal: stop it with Ctrl-C, then start it again with npm start -- --reset (or npm run stack -- --reset). Every start already puts alice, bob and carol back to their published passwords.',
      );
      return;
    }
    if (!asking) {
      confirming(true);
      say(
        'Reset the demo stack? Every user you signed up, every session and the signing keys go, and you are signed out in every tab of the site. It cannot be undone.',
      );
      return;
    }
    confirming(false);
    button.disabled = true;
    say('Resetting the demo stack…');
    try {
      const names = backend.local?.demoUsers.map((user) => user.username) ?? [];
      const users = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'The demo users');
      await resetBrowserStack(backend);
      forgetAllTokens();
      say(
        `Done: the demo stack is back to its seed. ${users} have their published passwords again (carol must choose a new one at her next sign-in), the pool signs with new keys, and every user you signed up and every session are gone. You are signed out in every tab of the site.`,
        'ok',
      );
      showStatus('up');
    } catch (error) {
      say((error as Error).message, 'fail');
    } finally {
      button.disabled = false;
    }
  });
  cancel.addEventListener('click', () => {
    confirming(false);
    say('Nothing was reset.');
    button.focus();
  });
}

// The widgets' first action starts the stack in the browser: the badge follows.
document.addEventListener('tt:browser-stack', (event) => {
  const detail = (event as CustomEvent<BrowserStackEvent>).detail;
  if (detail.status === 'up') showStatus('up');
  else {
    showStatus('down', ' · cannot run here');
    showNotice(document.querySelector<HTMLElement>('[data-connection-region]'), unavailableNotice(detail.message));
  }
});
