/**
 * The one place the widgets keep the reader's tokens: sessionStorage, so they
 * last while the tab is open and go when it closes, and never reach a URL or
 * a server the reader did not ask for. Every widget on the page hears of a
 * change (a DOM event), and so do the site's other tabs (a BroadcastChannel;
 * sessionStorage itself is per tab).
 *
 * Earlier tokens are kept (ID and access only, never refresh tokens), because
 * a token that really expired is the only honest "expired token" a reader can
 * send: nobody but the pool can mint one.
 */

export interface TokenSet {
  idToken: string;
  accessToken: string;
  /** Opaque to everyone but the pool; absent after a refresh that does not rotate it. */
  refreshToken?: string;
  username: string;
  /** ms since the epoch, when this set was stored. */
  storedAt: number;
}

export type TokenKind = 'id' | 'access' | 'refresh';

interface Stored {
  current: TokenSet | null;
  /** Newest first. */
  earlier: Pick<TokenSet, 'idToken' | 'accessToken' | 'storedAt'>[];
}

const KEY = 'tt:tokens';
const CHANGE_EVENT = 'tt:tokens';
const KEEP_EARLIER = 5;
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(KEY) : undefined;

/** What goes to the other tabs: the new store, and whether the stack was reset (every session gone). */
type Message = Stored & { reset?: true };

channel?.addEventListener('message', (event: MessageEvent<Message>) => {
  const { reset, ...stored } = event.data;
  if (reset) forgetAmplifySessions();
  write(stored);
  notify();
});

function read(): Stored {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Stored | null;
    if (stored && typeof stored === 'object' && Array.isArray(stored.earlier)) return stored;
  } catch {
    // Unreadable storage is no tokens.
  }
  return { current: null, earlier: [] };
}

function write(stored: Stored): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(stored));
  } catch {
    // Storage full or blocked: the page still works, it only forgets on reload.
  }
}

function notify(): void {
  document.dispatchEvent(new CustomEvent(CHANGE_EVENT));
}

export function currentTokens(): TokenSet | null {
  return read().current;
}

export function tokenOf(kind: TokenKind): string | undefined {
  const set = currentTokens();
  if (!set) return undefined;
  return kind === 'id' ? set.idToken : kind === 'access' ? set.accessToken : set.refreshToken;
}

/** Stores a new set (or none, after sign-out); the replaced set's ID and access tokens are kept as earlier ones. */
export function storeTokens(set: TokenSet | null): void {
  const stored = read();
  const earlier = stored.current
    ? [{ idToken: stored.current.idToken, accessToken: stored.current.accessToken, storedAt: stored.current.storedAt }, ...stored.earlier]
    : stored.earlier;
  const next: Stored = { current: set, earlier: earlier.slice(0, KEEP_EARLIER) };
  write(next);
  channel?.postMessage(next);
  notify();
}

/**
 * After the demo stack was reset: every token forgotten, earlier ones too
 * (their keys and sessions no longer exist), and so is the session Amplify
 * keeps in each tab's sessionStorage, here and in the site's other tabs.
 */
export function forgetAllTokens(): void {
  const next: Stored = { current: null, earlier: [] };
  forgetAmplifySessions();
  write(next);
  channel?.postMessage({ ...next, reset: true } satisfies Message);
  notify();
}

/** Amplify keeps its tokens under `CognitoIdentityServiceProvider.<clientId>.…` (src/widgets/sign-in/session.ts puts them in sessionStorage). */
function forgetAmplifySessions(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith('CognitoIdentityServiceProvider.')) sessionStorage.removeItem(key);
  } catch {
    // Blocked storage holds nothing.
  }
}

/** Earlier tokens of a kind, newest first, for the widgets that offer an expired one. */
export function earlierTokens(kind: 'id' | 'access'): string[] {
  return read().earlier.map((set) => (kind === 'id' ? set.idToken : set.accessToken));
}

/** Calls `listener` whenever the tokens change, here or in another tab; returns a function that stops it. */
export function onTokens(listener: (set: TokenSet | null) => void): () => void {
  const handler = () => listener(currentTokens());
  document.addEventListener(CHANGE_EVENT, handler);
  return () => document.removeEventListener(CHANGE_EVENT, handler);
}
