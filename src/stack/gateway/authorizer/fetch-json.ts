import { readCapped } from '../../http/read-capped.ts';
import type { Timers } from '../timers.ts';
import { decodeUtf8 } from './bytes.ts';

/**
 * Fetches a small JSON document (a JWKS, an OpenID configuration) within API
 * Gateway's limits: 1500 ms and 150,000 bytes, the time limit waiting on
 * `timers`. Never throws: a failure comes back as a reason the trace can show.
 */
export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export type FetchJsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

export async function fetchJson(fetchFn: typeof fetch, url: string, limits: FetchLimits, timers: Timers): Promise<FetchJsonResult> {
  // The time limit covers the whole exchange, body included, as AbortSignal.timeout would.
  const controller = new AbortController();
  const timeout = timers.setTimeout(() => controller.abort(new DOMException(`${url} did not answer in time`, 'TimeoutError')), limits.timeoutMs);
  let bytes: Uint8Array | undefined;
  try {
    const response = await fetchFn(url, {
      headers: { accept: 'application/json, application/jwk-set+json' },
      redirect: 'error',
      signal: controller.signal,
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { ok: false, reason: `${url} answered HTTP ${response.status}` };
    }
    bytes = await readCapped(response.body, limits.maxBytes);
  } catch (error) {
    return { ok: false, reason: `${url} ${describeFailure(error, limits.timeoutMs)}` };
  } finally {
    timers.clearTimeout(timeout);
  }
  if (bytes === undefined) return { ok: false, reason: `${url} sent more than ${limits.maxBytes} bytes` };
  try {
    return { ok: true, value: JSON.parse(decodeUtf8(bytes)) };
  } catch {
    return { ok: false, reason: `${url} did not send UTF-8 JSON` };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `did not answer within ${timeoutMs} ms`;
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === 'string' ? `is unreachable (${code})` : `could not be fetched (${String(error)})`;
}
