/**
 * How API Gateway hands verified claims to Lambda: every value a string, in
 * formats that differ between the two API kinds (reference §3.2 and §3.3).
 * Functions that parse `exp` or `cognito:groups` break on AWS when a local
 * emulator passes the token's JSON types instead.
 */

type Payload = Readonly<Record<string, unknown>>;

/**
 * REST API (v1): the registered dates become Java `Date.toString()` in UTC,
 * other numbers decimal strings, booleans "true"/"false", arrays joined with
 * commas, objects JSON text. `null` claims are left out.
 */
export function restClaims(payload: Payload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]) => [name, JAVA_DATE_CLAIMS.has(name) && typeof value === 'number' ? javaDate(value) : restValue(value)]),
  );
}

// Claims the authorizer's JWT library reads as dates. Cognito tokens carry
// exp and iat; auth_time stays a number.
const JAVA_DATE_CLAIMS = new Set(['exp', 'iat', 'nbf']);

function restValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  return scalarText(value);
}

/**
 * HTTP API (payload 2.0): numbers as decimal strings (epoch seconds for
 * dates), booleans "true"/"false", arrays in brackets separated by spaces,
 * objects JSON text. `null` claims are left out.
 */
export function httpClaims(payload: Payload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([name, value]) => [name, Array.isArray(value) ? `[${value.map(scalarText).join(' ')}]` : scalarText(value)]),
  );
}

function scalarText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's `Date.toString()` in UTC, e.g. `Wed Nov 26 03:40:00 UTC 2025`. */
export function javaDate(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${two(date.getUTCDate())} ${time} UTC ${date.getUTCFullYear()}`;
}
