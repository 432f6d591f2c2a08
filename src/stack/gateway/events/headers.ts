import type { Incoming } from './incoming.ts';

// Request headers that never reach Lambda (LocalStack's AWS-validated list).
const DROPPED = new Set([
  'connection',
  'content-length',
  'content-md5',
  'expect',
  'max-forwards',
  'proxy-authenticate',
  'server',
  'te',
  'transfer-encoding',
  'trailer',
  'upgrade',
  'www-authenticate',
  'keep-alive',
]);

/**
 * The headers Lambda sees: the client's, less those API Gateway drops, plus
 * those it adds (`X-Forwarded-*`, `X-Amzn-Trace-Id`). `keep` decides per API
 * kind (an HTTP API keeps `content-length`).
 */
export function forwardedHeaders(incoming: Incoming, traceHeader: string, keep: ReadonlySet<string>): Array<[string, string]> {
  const pairs = incoming.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    return (!DROPPED.has(lower) || keep.has(lower)) && !ADDED.has(lower);
  });
  const forwardedFor = incoming.headers.find(([name]) => name.toLowerCase() === 'x-forwarded-for')?.[1];
  const clientTrace = incoming.headers.find(([name]) => name.toLowerCase() === 'x-amzn-trace-id')?.[1];
  pairs.push(
    ['X-Amzn-Trace-Id', clientTrace ?? traceHeader],
    ['X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${incoming.sourceIp}` : incoming.sourceIp],
    ['X-Forwarded-Port', incoming.port],
    ['X-Forwarded-Proto', incoming.protocol],
  );
  return pairs;
}

const ADDED = new Set(['x-amzn-trace-id', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);
