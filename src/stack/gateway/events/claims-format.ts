/**
 * How API Gateway hands verified claims to Lambda. The two older authorizers
 * stringify every value, in formats that differ between the two API kinds
 * (observed, not documented); functions that parse `exp` or `cognito:groups`
 * break on AWS when a local emulator passes the token's JSON types instead.
 * The REST API's JWT authorizer keeps each claim's JSON type:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-claims.html
 */

type Payload = Readonly<Record<string, unknown>>;

/**
 * REST API (v1), Cognito authorizer: the registered dates become Java
 * `Date.toString()` in UTC, other numbers decimal strings, booleans
 * "true"/"false", arrays joined with commas, objects JSON text. `null` claims
 * are left out.
 */
export function restClaims(payload: Payload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const name of Object.keys(payload)) {
    const value = payload[name];
    if (value === null || value === undefined) continue;
    put(
      claims,
      name,
      typeof value === 'number' && JAVA_DATE_CLAIMS.has(name) ? javaDate(value) : Array.isArray(value) ? value.map(scalarText).join(',') : scalarText(value),
    );
  }
  return claims;
}

// Claims the authorizer's JWT library reads as dates. Cognito tokens carry
// exp and iat; auth_time stays a number.
const JAVA_DATE_CLAIMS = new Set(['exp', 'iat', 'nbf']);

/**
 * HTTP API (payload 2.0): numbers as decimal strings (epoch seconds for
 * dates), booleans "true"/"false", arrays in brackets separated by spaces,
 * objects JSON text. `null` claims are left out.
 */
export function httpClaims(payload: Payload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const name of Object.keys(payload)) {
    const value = payload[name];
    if (value === null || value === undefined) continue;
    put(claims, name, Array.isArray(value) ? `[${value.map(scalarText).join(' ')}]` : scalarText(value));
  }
  return claims;
}

/**
 * REST API, JWT authorizer: every claim with its JSON type, `null` included.
 * A copy: Lambda gets the event as fresh JSON, so what the function does to
 * it cannot reach the gateway's record of the token.
 */
export function typedClaims(payload: Payload): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const name of Object.keys(payload)) {
    const value = payload[name];
    put(claims, name, copyJson(value));
  }
  return claims;
}

/** A copy of a JSON value (what JSON.parse made: lists, plain objects, scalars), cheaper than structuredClone. */
function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(value)) put(copy, name, copyJson((value as Record<string, unknown>)[name]));
  return copy;
}

/** Sets a claim as an own property, also one a token calls `__proto__`, which plain assignment would take for the prototype. */
function put<T>(claims: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(claims, name, { value, enumerable: true, writable: true, configurable: true });
  else claims[name] = value;
}

function scalarText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/**
 * Java's `Date.toString()` in UTC, e.g. `Wed Nov 26 03:40:00 UTC 2025`. A
 * time no date can hold (past the year 275760) stays a decimal number.
 */
export function javaDate(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  if (Number.isNaN(date.getTime())) return String(epochSeconds);
  const time = `${TWO_DIGITS[date.getUTCHours()]}:${TWO_DIGITS[date.getUTCMinutes()]}:${TWO_DIGITS[date.getUTCSeconds()]}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${TWO_DIGITS[date.getUTCDate()]} ${time} UTC ${date.getUTCFullYear()}`;
}
