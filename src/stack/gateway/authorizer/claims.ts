import type { ClaimCheck } from '../../../lib/trace/types.ts';

/**
 * The claim checks an authorizer can run after the signature verified. Each
 * returns what it expected and what it found, so the trace can show both.
 */
export type ClaimRule = (payload: Readonly<Record<string, unknown>>, nowSeconds: number) => ClaimCheck;

function present(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** `exp` is required and must be after now (less the allowed skew). */
export function notExpired(skewSeconds: number): ClaimRule {
  return (payload, now) => {
    const exp = payload.exp;
    return {
      check: 'exp',
      claim: 'exp',
      expected: `a number > ${now - skewSeconds} (now${skewText(-skewSeconds)})`,
      actual: present(exp),
      ok: typeof exp === 'number' && exp > now - skewSeconds,
    };
  };
}

/** `nbf`, when present, must not be after now (plus the allowed skew). */
export function notBefore(skewSeconds: number): ClaimRule {
  return (payload, now) => {
    const nbf = payload.nbf;
    return {
      check: 'nbf',
      claim: 'nbf',
      expected: `absent, or a number ≤ ${now + skewSeconds} (now${skewText(skewSeconds)})`,
      actual: present(nbf),
      ok: nbf === undefined || (typeof nbf === 'number' && nbf <= now + skewSeconds),
    };
  };
}

/** `iat` is required and must not be in the future (beyond the allowed skew). */
export function issuedInPast(skewSeconds: number): ClaimRule {
  return (payload, now) => {
    const iat = payload.iat;
    return {
      check: 'iat',
      claim: 'iat',
      expected: `a number ≤ ${now + skewSeconds} (now${skewText(skewSeconds)})`,
      actual: present(iat),
      ok: typeof iat === 'number' && iat <= now + skewSeconds,
    };
  };
}

function skewText(skew: number): string {
  if (skew === 0) return ', no skew allowed';
  return skew > 0 ? ` + ${skew} s skew` : ` − ${-skew} s skew`;
}

/** Cognito's `token_use`: `id` for ID tokens, `access` for access tokens. */
export function tokenUse(expected: 'id' | 'access'): ClaimRule {
  return (payload) => ({
    check: 'token_use',
    claim: 'token_use',
    expected: JSON.stringify(expected),
    actual: present(payload.token_use),
    ok: payload.token_use === expected,
  });
}

/** The scopes a token carries: `scope` (space-separated, as Cognito writes it) or `scp`. */
export function scopesOf(payload: Readonly<Record<string, unknown>>): string[] | null {
  const { scope, scp } = payload;
  const value = scope ?? scp;
  if (typeof value === 'string') return value.split(' ').filter((item) => item !== '');
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value];
  return null;
}

/** At least one of the route's scopes must be among the token's. */
export function anyScope(required: readonly string[]): ClaimRule {
  return (payload) => {
    const scopes = scopesOf(payload);
    return {
      check: 'scope',
      claim: payload.scope !== undefined || payload.scp === undefined ? 'scope' : 'scp',
      expected: `one of ${JSON.stringify(required)}`,
      actual: present(payload.scope ?? payload.scp),
      ok: scopes !== null && scopes.some((scope) => required.includes(scope)),
    };
  };
}

/**
 * HTTP API's audience rule: `aud` if the token has one, else `client_id`,
 * must be one of the accepted app clients.
 */
export function audienceOrClientId(clientIds: () => readonly string[]): ClaimRule {
  return (payload) => {
    const accepted = clientIds();
    const expected = `one of ${JSON.stringify(accepted)}`;
    if (payload.aud !== undefined) {
      const aud = payload.aud;
      const values = Array.isArray(aud) ? aud : [aud];
      return { check: 'aud', claim: 'aud', expected, actual: aud, ok: values.some((value) => typeof value === 'string' && accepted.includes(value)) };
    }
    const clientId = payload.client_id;
    return {
      check: 'aud',
      claim: 'client_id',
      expected: `${expected} (checked because the token has no aud)`,
      actual: present(clientId),
      ok: typeof clientId === 'string' && accepted.includes(clientId),
    };
  };
}

/** REST `identityValidationExpression`: the whole `aud` must match the pattern. */
export function audienceMatches(pattern: string): ClaimRule {
  const regex = new RegExp(`^(?:${pattern})$`);
  return (payload) => ({
    check: 'aud',
    claim: 'aud',
    expected: `matches /${pattern}/`,
    actual: present(payload.aud),
    ok: typeof payload.aud === 'string' && regex.test(payload.aud),
  });
}
