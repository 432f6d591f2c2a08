import type { ApiName } from '../api.ts';
import { readIncoming, type GatewayClientInfo, type Incoming } from './events/incoming.ts';
import type { GatewayFaults } from './faults.ts';
import type { FunctionRuntime } from './integration.ts';
import { readCapped } from '../http/read-capped.ts';
import { TraceRecorder } from './trace/recorder.ts';
import type { TraceStore } from './trace/store.ts';
import type { Timers } from './timers.ts';

/** What every API shares at run time. */
export interface ApiServices {
  region: string;
  accountId: string;
  /** ms clock */
  now: () => number;
  log: (line: string) => void;
  /** What the integration timeouts wait on. */
  timers: Timers;
  store: TraceStore;
  maxBodyBytes: number;
  /** The fault switches, read at every request. */
  faults: GatewayFaults;
  /** The named function of the definition; throws for a name the definition lacks. */
  functionNamed(name: string): FunctionRuntime;
}

/** The request body, null when there is none, or 'too large' past `maxBytes`. */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array | null | 'too large'> {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  const bytes = await readCapped(request.body, maxBytes);
  if (bytes === undefined) return 'too large';
  return bytes.byteLength === 0 ? null : bytes;
}

/** Step 3 begins: reads the request as the event builders need it, and opens its trace with the `received` hop. */
export function receive(
  api: ApiName,
  requestId: string,
  request: Request,
  client: GatewayClientInfo,
  prefix: string,
  now: number,
): { incoming: Incoming; trace: TraceRecorder } {
  const arrived = performance.now();
  const incoming = readIncoming(request, client, prefix, now);
  const path = incoming.rawPath + (incoming.rawQuery ? `?${incoming.rawQuery}` : '');
  const trace = new TraceRecorder({ requestId, api, method: incoming.method, path, startedAt: now }, arrived);
  const { method, rawPath, rawQuery, sourceIp, headers } = incoming;
  trace.hop('received', arrived, true, { method, path: rawPath, query: rawQuery, sourceIp, headers });
  return { incoming, trace };
}
