/** Identifiers in the shapes API Gateway uses for them. */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Random bytes drawn from a pool: one getRandomValues call costs microseconds,
// and every request needs two ids.
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let used = 0;

function randomBytes(count: number): Uint8Array {
  if (used + count > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  used += count;
  return pool.subarray(used - count, used);
}

/** `x-amz-apigw-id`, `extendedRequestId` and HTTP API request ids: 15 characters and `=`, e.g. `KdujNGuqFiAFjXA=`. Kept URL-safe so a trace can be fetched by it. */
export function apigwId(): string {
  const bytes = randomBytes(15);
  let id = '';
  for (const byte of bytes) id += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return `${id}=`;
}

/** An `X-Amzn-Trace-Id` root: `Root=1-<epoch seconds, hex>-<96 random bits, hex>`. */
export function amznTraceId(nowMs: number): string {
  const random = [...randomBytes(12)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `Root=1-${Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')}-${random}`;
}

/**
 * A stable id derived from a name (FNV-1a), for the API, resource and
 * deployment ids that AWS would assign: the same definition gives the same ids
 * after every restart.
 */
export function stableId(name: string, length: number): string {
  let id = '';
  let hash = 0x811c9dc5;
  for (let round = 0; id.length < length; round++) {
    for (const char of `${round}:${name}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    id += hash.toString(36);
  }
  return id.slice(0, length);
}
