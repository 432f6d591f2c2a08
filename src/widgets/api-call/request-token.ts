import { inspectToken } from '../../lib/jwt/inspect.ts';
import { withClaims } from '../../lib/jwt/tamper.ts';
import { utcTime } from '../../lib/jwt/times.ts';

/**
 * The token the API call widget sends, and one honest sentence about it.
 * A tampered token is the reader's own with a claim changed and the original
 * signature kept. An expired token cannot be made: only the pool can sign
 * one, so it is a real token from an earlier sign-in that has since expired,
 * or, when there is none yet, the reader's token with `exp` edited, which the
 * gateway refuses at the signature before it ever reads `exp`.
 */
export type TokenChoice = 'id' | 'access' | 'none' | 'tampered' | 'expired';

export type RequestToken = { ok: true; token: string | null; note: string } | { ok: false; note: string };

/** The reader's tokens of one kind: the current one, and earlier ones (newest first). */
export interface TokensOfKind {
  kind: 'id' | 'access';
  current: string | undefined;
  earlier: string[];
}

/**
 * `tokens` are of the kind the choice needs: the kind itself for 'id' and
 * 'access', and the route's kind for a tampered or expired one.
 */
export function requestToken(choice: TokenChoice, tokens: TokensOfKind, nowMs = Date.now()): RequestToken {
  if (choice === 'none') return { ok: true, token: null, note: 'No Authorization header at all.' };
  const own = tokens.current;
  const name = tokens.kind === 'id' ? 'ID token' : 'access token';
  if (choice === 'expired') {
    const expired = tokens.earlier.find((token) => expOf(token) !== undefined && expOf(token)! * 1000 < nowMs);
    if (expired) return { ok: true, token: expired, note: `A real ${name} from an earlier sign-in in this tab, which expired at ${utcTime(expOf(expired)!)}.` };
  }
  if (!own) return { ok: false, note: `There is no ${name} yet: sign in first (step 1).` };
  if (choice === 'id' || choice === 'access') return { ok: true, token: own, note: `Your ${name}, exactly as the pool issued it.` };
  if (choice === 'expired') {
    return {
      ok: true,
      token: withClaims(own, { exp: Math.floor(nowMs / 1000) - 3600 }),
      note: `Only the pool can sign a token, so nobody can make an expired one; and yours has not expired yet (tokens live an hour, and this tab keeps earlier ones). This sends your ${name} with exp moved an hour back and the original signature: the gateway refuses it at the signature check, before it reads exp. Come back after your token expires to see the real “The incoming token has expired”.`,
    };
  }
  const payload = inspectToken(own).payload ?? {};
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
  const change: Record<string, unknown> = groups.includes('admin') ? { 'cognito:groups': [...groups, 'superuser'] } : { 'cognito:groups': ['admin'] };
  return {
    ok: true,
    token: withClaims(own, change),
    note: `Your ${name} with ${Object.entries(change)
      .map(([claim, value]) => `${claim} set to ${JSON.stringify(value)}`)
      .join(', ')}, re-encoded, and the original signature kept.`,
  };
}

function expOf(token: string): number | undefined {
  const exp = inspectToken(token).payload?.exp;
  return typeof exp === 'number' ? exp : undefined;
}
