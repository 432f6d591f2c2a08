import { readCapped } from '../../http/read-capped.ts';
import { decodeUtf8 } from './bytes.ts';

/**
 * Fetches a small JSON document (a JWKS, an OpenID configuration) within API
 * Gateway's limits: 1500 ms and 150,000 bytes. Never throws: a failure comes
 * back as a reason the trace can show.
 */
export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export type FetchJsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

export async function fetchJson(fetchFn: typeof fetch, url: string, limits: FetchLimits): Promise<FetchJsonResult> {
  let bytes: Uint8Array | undefined;
  try {
    const response = await fetchFn(url, {
      headers: { accept: 'application/json, application/jwk-set+json' },
      redirect: 'error',
      signal: AbortSignal.timeout(limits.timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { ok: false, reason: `${url} answered HTTP ${response.status}` };
    }
    bytes = await readCapped(response.body, limits.maxBytes);
  } catch (error) {
    return { ok: false, reason: `${url} ${describeFailure(error, limits.timeoutMs)}` };
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
