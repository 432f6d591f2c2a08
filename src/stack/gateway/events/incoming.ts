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
  return {
    method: request.method,
    rawPath: url.pathname.slice(prefix.length) || '/',
    rawQuery: url.search.slice(1),
    headers: headerPairs(request, client),
    sourceIp: client.remoteAddress.replace(/^::ffff:/, ''),
    userAgent: request.headers.get('user-agent'),
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
