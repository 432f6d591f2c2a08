/**
 * The facilitator's console (src/pages/workshop/console.astro): every call
 * to the facilitator's API carries the token in the Authorization header,
 * the live events included (read with fetch, since EventSource cannot send
 * a header), and the token never goes into a URL. Everything shown is set as
 * text (src/widgets/shared/dom.ts).
 */
import { pageBackend } from '../../lib/page-backend.ts';
import type { Trace } from '../../lib/trace/types.ts';
import { SseSplitter } from '../../lib/sse.ts';
import { h, replace } from '../../widgets/shared/dom.ts';
import { verdict, waterfall } from '../../widgets/shared/gateway/trace-view.ts';

interface Participant {
  id: string;
  name: string;
  chapter: string;
  step: number | null;
  furthestStep: number | null;
  joinedAt: number;
  updatedAt: number;
}
interface TraceSummary {
  requestId: string;
  api: string;
  method: string;
  path: string;
  status: number;
  startedAt: number;
  sourceIp: string;
  failure: { check: string; reason: string } | null;
}
interface Faults {
  jwksUnreachable: boolean;
  functionThrows: boolean;
  latencyMs: number;
  functionTimeout: boolean;
}
interface Lifetimes {
  idTokenMinutes: number;
  accessTokenMinutes: number;
}

/** sessionStorage: this tab only, gone when it closes. */
const TOKEN_KEY = 'tt-facilitator-token';
const MAX_FEED = 100;
const API_LABELS: Record<string, string> = { rest: 'REST', http: 'HTTP', restJwt: 'REST JWT' };

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector);
const unlockForm = $<HTMLFormElement>('[data-console-unlock]');
const consoleRoot = $<HTMLElement>('[data-console]');
const status = $<HTMLElement>('[data-console-status]');
const base = pageBackend().local?.workshop?.facilitator ?? null;
const chapterInfo = JSON.parse($('#tt-chapters')?.textContent ?? '{}') as Record<string, { title: string; step: number | null }>;

const participants = new Map<string, Participant>();
let token: string | null = null;
let stream: AbortController | null = null;

function say(text: string): void {
  if (status) status.textContent = text;
}

class Refused extends Error {}

/** One call to the facilitator's API; a 401 locks the console again. */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  if (!base || !token) throw new Refused('The console is locked.');
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as T & { message?: string }) : ({} as T & { message?: string });
  if (response.status === 401) {
    lock('The facilitator token was refused: it is wrong, or was revoked. Paste the current one.');
    throw new Refused(parsed.message ?? 'Refused.');
  }
  if (!response.ok) throw new Error(parsed.message ?? `${response.status} ${response.statusText}`);
  return parsed;
}

function lock(message: string): void {
  token = null;
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {}
  stream?.abort();
  stream = null;
  if (consoleRoot) consoleRoot.hidden = true;
  if (unlockForm) unlockForm.hidden = false;
  say(message);
}

async function unlock(candidate: string): Promise<void> {
  token = candidate.trim();
  say('Checking the token…');
  try {
    const state = await api<{ room: Participant[]; faults: Faults; lifetimes: Lifetimes; traces: TraceSummary[] }>('GET', '/state');
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {}
    if (unlockForm) {
      unlockForm.hidden = true;
      unlockForm.reset();
    }
    if (consoleRoot) consoleRoot.hidden = false;
    say('');
    participants.clear();
    for (const participant of state.room) participants.set(participant.id, participant);
    renderRoom();
    showFaults(state.faults);
    showLifetimes(state.lifetimes);
    replace($('[data-feed-list]')!);
    for (const summary of state.traces) addTrace(summary);
    void refreshMailbox();
    void refreshAccountCount();
    listen();
  } catch (error) {
    if (!(error instanceof Refused)) lock(`The facilitator's API did not answer: ${(error as Error).message}`);
  }
}

// ---------- Live events: fetch with the token in a header, read as server-sent events. ----------

function listen(): void {
  stream?.abort();
  const controller = new AbortController();
  stream = controller;
  const live = $<HTMLElement>('[data-console-live]');
  const run = async (attempt: number): Promise<void> => {
    if (controller.signal.aborted || !token || !base) return;
    try {
      const response = await fetch(`${base}/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401) return lock('The facilitator token was refused: it is wrong, or was revoked. Paste the current one.');
      if (!response.ok || !response.body) throw new Error(String(response.status));
      if (live) live.textContent = '● Live';
      attempt = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const splitter = new SseSplitter();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const { event, data } of splitter.push(value)) if (event && data) onEvent(event, JSON.parse(data));
      }
    } catch {
      if (controller.signal.aborted) return;
    }
    if (live) live.textContent = '○ Reconnecting…';
    // Back off up to 10 s between attempts, then try again: the stack may be restarting.
    setTimeout(() => void run(attempt + 1), Math.min(10_000, 500 * 2 ** attempt));
  };
  void run(0);
}

/** The room's live events, as the facilitator's API sends them (src/stack/workshop/facilitator.ts). */
function onEvent(event: string, data: unknown): void {
  if (event === 'state') {
    const state = data as { room: Participant[]; faults: Faults };
    participants.clear();
    for (const participant of state.room) participants.set(participant.id, participant);
    renderRoom();
    showFaults(state.faults);
  } else if (event === 'participant') {
    const participant = data as Participant;
    participants.set(participant.id, participant);
    renderRoom();
  } else if (event === 'trace') {
    addTrace(data as TraceSummary);
  } else if (event === 'faults') {
    showFaults(data as Faults);
  } else if (event === 'lifetimes') {
    showLifetimes(data as Lifetimes);
  } else if (event === 'reset') {
    void refreshMailbox();
    void refreshAccountCount();
  }
}

// ---------- The room. ----------

function chapterLabel(chapter: string): string {
  if (chapter === 'joined') return 'Joined';
  const info = chapterInfo[chapter];
  return info ? `${info.step ? `Step ${info.step}: ` : ''}${info.title}` : chapter;
}

function renderRoom(): void {
  const list = [...participants.values()].sort((a, b) => (b.furthestStep ?? 0) - (a.furthestStep ?? 0) || a.name.localeCompare(b.name));
  const count = list.length;
  $('[data-room-summary]')!.textContent = count === 0 ? 'Nobody has joined yet.' : `${count} ${count === 1 ? 'participant has' : 'participants have'} joined.`;
  for (let step = 1; step <= 7; step++) {
    const reached = list.filter((participant) => (participant.furthestStep ?? 0) >= step).length;
    const meter = $<HTMLMeterElement>(`[data-room-meter="${step}"]`);
    if (meter) {
      meter.max = Math.max(count, 1);
      meter.value = reached;
    }
    const label = $(`[data-room-count="${step}"]`);
    if (label) label.textContent = String(reached);
  }
  replace(
    $('[data-room-rows]')!,
    list.map((participant) =>
      h(
        'tr',
        { attrs: { 'data-participant': participant.id } },
        h('td', null, participant.name || `(no name) ${participant.id.slice(2, 8)}`),
        h('td', null, chapterLabel(participant.chapter)),
        h('td', { attrs: { 'data-furthest': participant.furthestStep ?? '' } }, participant.furthestStep ? `Step ${participant.furthestStep}` : '—'),
        h('td', null, new Date(participant.updatedAt).toLocaleTimeString()),
      ),
    ),
  );
}

// ---------- Accounts and credential cards. ----------

async function refreshAccountCount(): Promise<void> {
  try {
    const { users } = await api<{ users: { username: string }[] }>('GET', '/accounts');
    $('[data-accounts-count]')!.textContent = `The pool has ${users.length} accounts now.`;
  } catch {}
}

const joinUrl = new URL('../join/', location.href).href;

function renderCards(accounts: { username: string; password: string }[]): void {
  const sheets: { username: string; password: string }[][] = [];
  for (let i = 0; i < accounts.length; i += 8) sheets.push(accounts.slice(i, i + 8));
  replace(
    $('[data-cards-sheets]')!,
    sheets.map((sheet) =>
      h(
        'div',
        { class: 'cards__sheet' },
        sheet.map((account) =>
          h(
            'article',
            { class: 'card', attrs: { 'data-card': account.username } },
            h('p', { class: 'card__title' }, 'Token Trail workshop'),
            h('dl', null, h('dt', null, 'Username'), h('dd', null, account.username), h('dt', null, 'Password'), h('dd', null, account.password)),
            h('p', { class: 'card__where' }, `Join at ${joinUrl}, then sign in at step 1.`),
          ),
        ),
      ),
    ),
  );
  $('[data-cards-summary]')!.textContent =
    `${accounts.length} new ${accounts.length === 1 ? 'account' : 'accounts'}, ${sheets.length} ${sheets.length === 1 ? 'page' : 'pages'} of cards.`;
  $<HTMLElement>('[data-cards]')!.hidden = false;
}

$<HTMLFormElement>('[data-accounts-form]')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const data = new FormData(form);
  say('Creating accounts…');
  try {
    const { accounts } = await api<{ accounts: { username: string; password: string }[] }>('POST', '/accounts', {
      count: Number(data.get('count')),
      prefix: String(data.get('prefix') ?? ''),
    });
    renderCards(accounts);
    say(`Created ${accounts.length} accounts: ${accounts[0]?.username} to ${accounts.at(-1)?.username}.`);
    void refreshAccountCount();
  } catch (error) {
    if (!(error instanceof Refused)) say(`Not created: ${(error as Error).message}`);
  }
});
$('[data-cards-print]')?.addEventListener('click', () => print());

// ---------- The stack's controls. ----------

const controlsStatus = $<HTMLElement>('[data-controls-status]');
function sayControl(text: string): void {
  if (controlsStatus) controlsStatus.textContent = text;
}
async function control(what: string, run: () => Promise<string>): Promise<void> {
  sayControl(`${what}…`);
  try {
    sayControl(await run());
  } catch (error) {
    if (!(error instanceof Refused)) sayControl(`${what} failed: ${(error as Error).message}`);
  }
}

function showFaults(faults: Faults): void {
  document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-fault]').forEach((input) => {
    const name = input.dataset.fault as keyof Faults;
    if (input instanceof HTMLInputElement) input.checked = Boolean(faults[name]);
    else input.value = String(faults[name]);
  });
}

function showLifetimes(lifetimes: Lifetimes): void {
  const label = $('[data-lifetimes]');
  if (label) label.textContent = lifetimes.idTokenMinutes === 60 ? '1 hour (the default)' : `${lifetimes.idTokenMinutes} minutes`;
}

document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-fault]').forEach((input) => {
  input.addEventListener('change', () => {
    const name = input.dataset.fault!;
    const value = input instanceof HTMLInputElement ? input.checked : Number(input.value);
    void control('Switching', async () => {
      const faults = await api<Faults>('PUT', '/faults', { [name]: value });
      showFaults(faults);
      const on = [
        faults.jwksUnreachable && 'the JWKS is unreachable',
        faults.functionThrows && 'functions throw',
        faults.functionTimeout && 'functions time out',
        faults.latencyMs > 0 && `${faults.latencyMs} ms latency`,
      ].filter(Boolean);
      return on.length === 0 ? 'Every fault is off: the stack serves as usual.' : `Faults on: ${on.join(', ')}.`;
    });
  });
});

$('[data-lifetimes-apply]')?.addEventListener('click', () => {
  const minutes = Number($<HTMLSelectElement>('[data-lifetime-minutes]')!.value);
  void control('Changing the lifetimes', async () => {
    showLifetimes(await api<Lifetimes>('PUT', '/lifetimes', { minutes }));
    return `Tokens issued from now on live ${minutes === 60 ? 'an hour' : `${minutes} minutes`}.`;
  });
});

$('[data-rotate]')?.addEventListener('click', () => {
  const graceSeconds = Number($<HTMLSelectElement>('[data-rotate-grace]')!.value);
  void control('Rotating the keys', async () => {
    const { signing } = await api<{ signing: { use: string; kid: string }[] }>('POST', '/rotate-keys', { graceSeconds });
    return `New signing keys: ${signing.map((key) => `${key.use} ${key.kid}`).join(', ')}.`;
  });
});

let resetArmed = false;
$('[data-reset]')?.addEventListener('click', () => {
  const confirm = $<HTMLElement>('[data-reset-confirm]')!;
  if (!resetArmed) {
    resetArmed = true;
    confirm.hidden = false;
    return;
  }
  resetArmed = false;
  confirm.hidden = true;
  void control('Resetting the pool', async () => {
    const { lifetimes } = await api<{ lifetimes: Lifetimes }>('POST', '/reset', {});
    showLifetimes(lifetimes);
    $<HTMLElement>('[data-cards]')!.hidden = true;
    return 'The pool is back to its seed: only the demo users are left.';
  });
});

$('[data-revoke]')?.addEventListener('click', () => {
  void control('Revoking the token', async () => {
    const { message } = await api<{ message: string }>('POST', '/token/revoke', {});
    lock(message);
    return message;
  });
});

// ---------- Mailbox. ----------

async function refreshMailbox(): Promise<void> {
  try {
    const { messages } = await api<{ messages: { createdAt: number; username: string; destination: string; subject: string; code: string | null }[] }>(
      'GET',
      '/mailbox?limit=200',
    );
    replace(
      $('[data-mailbox-rows]')!,
      messages
        .slice()
        .reverse()
        .map((message) =>
          h(
            'tr',
            null,
            h('td', null, new Date(message.createdAt).toLocaleTimeString()),
            h('td', null, `${message.username} (${message.destination})`),
            h('td', null, message.subject),
            h('td', null, message.code ?? '—'),
          ),
        ),
    );
  } catch {}
}
$('[data-mailbox-refresh]')?.addEventListener('click', () => void refreshMailbox());

// ---------- Live traces and the projector. ----------

function addTrace(summary: TraceSummary): void {
  const list = $('[data-feed-list]')!;
  $<HTMLElement>('[data-feed-empty]')!.hidden = true;
  const ok = summary.status < 400;
  list.prepend(
    h(
      'li',
      { class: 'feed__row', attrs: { 'data-request-id': summary.requestId } },
      h('span', { class: ok ? 'feed__status--ok' : 'feed__status--fail' }, String(summary.status)),
      h('span', null, API_LABELS[summary.api] ?? summary.api),
      h('span', { class: 'feed__path' }, `${summary.method} ${summary.path}`),
      h(
        'button',
        {
          class: 'link-button',
          attrs: { type: 'button', 'aria-label': `Project ${summary.method} ${summary.path} (${summary.status})` },
          on: { click: () => void project(summary.requestId) },
        },
        'Project',
      ),
      h(
        'span',
        { class: 'feed__why' },
        `${new Date(summary.startedAt).toLocaleTimeString()} from ${summary.sourceIp}${summary.failure ? ` · refused at ${summary.failure.check}: ${summary.failure.reason}` : ''}`,
      ),
    ),
  );
  while (list.children.length > MAX_FEED) list.lastElementChild?.remove();
}

async function project(requestId: string): Promise<void> {
  const body = $('[data-projector-body]')!;
  try {
    const trace = await api<Trace>('GET', `/traces/${encodeURIComponent(requestId)}`);
    replace(
      body,
      h('p', { class: 'feed__path' }, `${API_LABELS[trace.api] ?? trace.api} ${trace.method} ${trace.path}`),
      verdict({
        url: trace.path,
        requestHeaders: [],
        status: trace.status,
        statusText: '',
        responseHeaders: [],
        body: '',
        ms: trace.durationMs,
        requestId,
        trace,
      }),
      waterfall(trace),
    );
  } catch (error) {
    if (!(error instanceof Refused)) replace(body, h('p', null, `That trace is gone: ${(error as Error).message}`));
  }
}

$('[data-projector-full]')?.addEventListener('click', () => {
  const projector = $<HTMLElement>('[data-projector]')!;
  if (document.fullscreenElement) void document.exitFullscreen();
  else void projector.requestFullscreen?.();
});

// ---------- Unlock and lock. ----------

unlockForm?.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = unlockForm.querySelector<HTMLInputElement>('input[name="token"]')!;
  void unlock(input.value);
});
$('[data-console-lock]')?.addEventListener('click', () => lock('The console is locked. Paste the token to open it again.'));

let remembered: string | null = null;
try {
  remembered = sessionStorage.getItem(TOKEN_KEY);
} catch {}
if (remembered && base) void unlock(remembered);
