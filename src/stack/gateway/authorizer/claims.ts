import type { JwtAdditionalClaim } from '../../api.ts';
import type { CheckName } from '../../../lib/trace/hops.ts';
import type { ClaimCheck } from '../../../lib/trace/types.ts';

type Payload = Readonly<Record<string, unknown>>;

/**
 * A claim check an authorizer runs after the signature verified. Called, it
 * returns what it expected and what it found, for the trace; `passes` gives
 * the verdict alone, which is all a request needs while nobody reads its
 * trace.
 */
export interface ClaimRule {
  (payload: Payload, nowSeconds: number): ClaimCheck;
  passes(payload: Payload, nowSeconds: number): boolean;
  readonly check: CheckName;
}

function claimRule(
  check: CheckName,
  passes: (payload: Payload, nowSeconds: number) => boolean,
  describe: (payload: Payload, nowSeconds: number) => Omit<ClaimCheck, 'check' | 'ok'>,
): ClaimRule {
  const rule = (payload: Payload, nowSeconds: number): ClaimCheck => {
    const { claim, expected, actual, ...more } = describe(payload, nowSeconds);
    return { check, claim, expected, actual, ok: passes(payload, nowSeconds), ...more };
  };
  return Object.assign(rule, { passes, check });
}

function present(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** `exp` is required and must be after now (less the allowed skew). */
export function notExpired(skewSeconds: number): ClaimRule {
  return claimRule(
    'exp',
    (payload, now) => typeof payload.exp === 'number' && payload.exp > now - skewSeconds,
    (payload, now) => ({ claim: 'exp', expected: `a number > ${now - skewSeconds} (now${skewText(-skewSeconds)})`, actual: present(payload.exp) }),
  );
}

/** `nbf`, when present, must not be after now (plus the allowed skew). */
export function notBefore(skewSeconds: number): ClaimRule {
  return claimRule(
    'nbf',
    (payload, now) => payload.nbf === undefined || (typeof payload.nbf === 'number' && payload.nbf <= now + skewSeconds),
    (payload, now) => ({ claim: 'nbf', expected: `absent, or a number ≤ ${now + skewSeconds} (now${skewText(skewSeconds)})`, actual: present(payload.nbf) }),
  );
}

/** `iat` is required and must not be in the future (beyond the allowed skew). */
export function issuedInPast(skewSeconds: number): ClaimRule {
  return claimRule(
    'iat',
    (payload, now) => typeof payload.iat === 'number' && payload.iat <= now + skewSeconds,
    (payload, now) => ({ claim: 'iat', expected: `a number ≤ ${now + skewSeconds} (now${skewText(skewSeconds)})`, actual: present(payload.iat) }),
  );
}

function skewText(skew: number): string {
  if (skew === 0) return ', no skew allowed';
  return skew > 0 ? ` + ${skew} s skew` : ` − ${-skew} s skew`;
}

/** Cognito's `token_use`: `id` for ID tokens, `access` for access tokens. */
export function tokenUse(expected: 'id' | 'access'): ClaimRule {
  return claimRule(
    'token_use',
    (payload) => payload.token_use === expected,
    (payload) => ({ claim: 'token_use', expected: JSON.stringify(expected), actual: present(payload.token_use) }),
  );
}

/** The scopes a token carries: `scope` (space-separated, as Cognito writes it) or `scp`. */
export function scopesOf(payload: Payload): string[] | null {
  const { scope, scp } = payload;
  const value = scope ?? scp;
  if (typeof value === 'string') return value.split(' ').filter((item) => item !== '');
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value];
  return null;
}

/** At least one of the route's scopes must be among the token's. */
export function anyScope(required: readonly string[]): ClaimRule {
  return claimRule(
    'scope',
    (payload) => scopesOf(payload)?.some((scope) => required.includes(scope)) ?? false,
    (payload) => ({
      claim: payload.scope !== undefined || payload.scp === undefined ? 'scope' : 'scp',
      expected: `one of ${JSON.stringify(required)}`,
      actual: present(payload.scope ?? payload.scp),
    }),
  );
}

/**
 * The audience: `aud` if the token has one (a string, or a list holding an
 * accepted value), else `client_id`, must be one of `accepted`. The HTTP
 * API's rule as documented; the REST API's JWT authorizer documents only
 * `aud`, so there the `client_id` fallback is a choice, which `inferred`
 * names in the trace whenever it decides.
 */
export function audienceOrClientId(accepted: () => readonly string[], options: { clientIdFallback?: boolean; inferred?: string } = {}): ClaimRule {
  const fallback = options.clientIdFallback ?? true;
  const passes = (payload: Payload) => {
    const { aud } = payload;
    if (aud !== undefined)
      return typeof aud === 'string'
        ? accepted().includes(aud)
        : Array.isArray(aud) && aud.some((value) => typeof value === 'string' && accepted().includes(value));
    return fallback && typeof payload.client_id === 'string' && accepted().includes(payload.client_id);
  };
  return claimRule('aud', passes, (payload) => {
    const expected = `one of ${JSON.stringify(accepted())}`;
    if (payload.aud !== undefined || !fallback) return { claim: 'aud', expected, actual: present(payload.aud) };
    const checked = { claim: 'client_id', expected: `${expected} (checked because the token has no aud)`, actual: present(payload.client_id) };
    return options.inferred === undefined ? checked : { ...checked, inferred: options.inferred };
  });
}

/** REST `identityValidationExpression`: the whole `aud` must match the pattern. */
export function audienceMatches(pattern: string): ClaimRule {
  const regex = new RegExp(`^(?:${pattern})$`);
  return claimRule(
    'aud',
    (payload) => typeof payload.aud === 'string' && regex.test(payload.aud),
    (payload) => ({ claim: 'aud', expected: `matches /${pattern}/`, actual: present(payload.aud) }),
  );
}

/**
 * A REST JWT authorizer's `additionalClaims` entry: a `SINGLE_STRING` claim
 * equal to one of `expectedValues` (any string without them), and a token
 * without it refused only when `required`.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_JwtAdditionalClaim.html
 * AWS does not say whether one value of several suffices, nor what a value
 * that is not a string gets: here one suffices, and a non-string is refused.
 */
export function additionalClaim(definition: JwtAdditionalClaim): ClaimRule {
  const { claimName, expectedValues, required = false } = definition;
  const expectedText = `${expectedValues ? `a string, one of ${JSON.stringify(expectedValues)}` : 'a string'}${required ? '' : ', or absent'}`;
  return claimRule(
    'additional-claim',
    (payload) => {
      const value = Object.hasOwn(payload, claimName) ? payload[claimName] : undefined;
      if (value === undefined) return !required;
      return typeof value === 'string' && (expectedValues === undefined || expectedValues.includes(value));
    },
    (payload) => ({ claim: claimName, expected: expectedText, actual: present(Object.hasOwn(payload, claimName) ? payload[claimName] : undefined) }),
  );
}
