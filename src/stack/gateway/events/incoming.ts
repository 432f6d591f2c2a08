import type { ClientInfo } from '../../http/types.ts';

/** What the gateway knows about a client beyond the Request; without `rawHeaders`, header names arrive lower case. */
export type GatewayClientInfo = ClientInfo;

/** A request as the event builders need it, independent of the API kind. */
export interface Incoming {
  method: string;
  /** The path after the local prefix (`/rest` or `/http`), still percent-encoded. */
  rawPath: string;
  /** The query string without `?`, as sent. */
  rawQuery: string;
  /** Header names and values in the order received. */
  headers: Array<[string, string]>;
  sourceIp: string;
  userAgent: string | null;
  /** Host name, port and protocol the client reached the gateway on. */
  hostname: string;
  port: string;
  protocol: string;
  /** Arrival time, ms since the epoch. */
  receivedAt: number;
}

export function readIncoming(request: Request, client: GatewayClientInfo, prefix: string, receivedAt: number): Incoming {
  const url = new URL(request.url);
  const headers = headerPairs(request, client);
  return {
    method: request.method,
    rawPath: url.pathname.slice(prefix.length) || '/',
    rawQuery: url.search.slice(1),
    headers,
    sourceIp: client.remoteAddress.replace(/^::ffff:/, ''),
    // From the same lines as the event's headers, so that the two always agree:
    // a browser's Request never carries User-Agent, while the lines as received may.
    userAgent: headerValue(headers, 'user-agent'),
    hostname: url.hostname,
    port: url.port || (url.protocol === 'https:' ? '443' : '80'),
    protocol: url.protocol.slice(0, -1),
    receivedAt,
  };
}

function headerPairs(request: Request, client: GatewayClientInfo): Array<[string, string]> {
  const raw = client.rawHeaders;
  if (!raw) return [...request.headers];
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

/** The values of a header among the lines, joined with ", " as `Headers.get` joins them; null when there is none. */
function headerValue(headers: Array<[string, string]>, name: string): string | null {
  const values = headers.filter(([line]) => line.toLowerCase() === name).map(([, value]) => value);
  return values.length === 0 ? null : values.join(', ');
}

/** Query parameters with every value, decoded as API Gateway decodes them (`+` is a space). */
export function queryValues(rawQuery: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  return values;
}
