import { pageBackend } from '../lib/page-backend.ts';

/**
 * Whether the backend answers: the user pool's JWKS and the REST API's
 * public route, both plain GETs that need no token. The result is shown on
 * the header's badge, as a notice when something is down, and told to
 * widgets as `<html data-backend-status="up|down">` plus a
 * `tt:backend-status` event ({ status, down: string[] }).
 */
const TIMEOUT_MS = 4000;

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
    return response.status < 500;
  } catch {
    return false;
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export async function checkConnection(): Promise<boolean> {
  const backend = pageBackend();
  const badge = document.querySelector<HTMLElement>('[data-backend-badge]');
  const badgeState = badge?.querySelector<HTMLElement>('[data-backend-state]');
  const region = document.querySelector<HTMLElement>('[data-connection-region]');
  if (badge) badge.dataset.status = 'checking';

  const targets = [
    { name: 'user pool', url: backend.jwksUri, origin: new URL(backend.jwksUri).origin },
    { name: 'API gateway', url: `${backend.apis.rest}/public`, origin: new URL(backend.apis.rest).origin },
  ];
  const results = await Promise.all(targets.map((target) => answers(target.url)));
  const down = targets.filter((_, index) => !results[index]);
  const up = down.length === 0;

  document.documentElement.dataset.backendStatus = up ? 'up' : 'down';
  document.dispatchEvent(new CustomEvent('tt:backend-status', { detail: { status: up ? 'up' : 'down', down: down.map((target) => target.name) } }));
  if (badge) badge.dataset.status = up ? 'up' : 'down';
  if (badgeState) badgeState.textContent = up ? ' · connected' : ' · not answering';

  if (region) {
    const hadNotice = region.querySelector('.connection-notice') !== null;
    const focusWasInside = region.contains(document.activeElement);
    region.replaceChildren();
    if (!up) {
      const box = notice(backend.kind, down);
      region.append(box);
      if (focusWasInside) box.querySelector('button')?.focus();
    } else if (hadNotice) {
      const ok = element('p', backend.kind === 'local' ? 'Connected: the demo stack answers now.' : 'Connected: your AWS backend answers now.', 'connection-ok');
      ok.tabIndex = -1;
      region.append(ok);
      if (focusWasInside) ok.focus();
    }
  }
  return up;
}

function notice(kind: 'local' | 'aws', down: { name: string; origin: string }[]): HTMLElement {
  const box = element('div', undefined, 'connection-notice');
  const what = down.map((target) => `the ${target.name} at ${target.origin}`).join(' and ');
  if (kind === 'local') {
    box.append(
      element('h2', 'The demo stack is not running'),
      element('p', `The widgets on this page need the local demo stack, but ${what} did not answer. Start it from the project folder, in a terminal:`),
    );
    const pre = element('pre');
    pre.append(element('code', 'npm start        # the site and the stack together\nnpm run stack    # only the stack, if the site already runs'));
    box.append(pre, element('p', 'Then check again. The text of every chapter reads fine without it.'));
  } else {
    box.append(
      element('h2', 'Your AWS backend is not answering'),
      element('p', `The widgets on this page call your own AWS deployment, but ${what} did not answer. Check your network, and the PUBLIC_COGNITO_* and PUBLIC_*_API_URL settings the site was built with.`),
    );
  }
  const retry = element('button', 'Check again', 'button');
  retry.type = 'button';
  retry.addEventListener('click', () => {
    retry.textContent = 'Checking…';
    void checkConnection();
  });
  box.append(retry);
  return box;
}
