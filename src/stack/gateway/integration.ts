import type { FunctionDefinition } from '../api.ts';
import type { TraceRecorder } from './trace/recorder.ts';
import { invoke, type Invocation } from './lambda/invoke.ts';
import { loadHandler, type Handler } from './lambda/loader.ts';
import type { MappedResponse, ProxyMapping } from './lambda/proxy-response-v1.ts';
import type { Timers } from './timers.ts';

/** A function of the API definition, ready to invoke. */
export interface FunctionRuntime {
  name: string;
  definition: FunctionDefinition;
  handler: () => Promise<Handler>;
}

export function functionRuntimes(functions: Record<string, FunctionDefinition>): Map<string, FunctionRuntime> {
  return new Map(Object.entries(functions).map(([name, definition]) => [name, { name, definition, handler: loadHandler(definition) }]));
}

export interface IntegrationFailure {
  kind: 'error' | 'timeout';
  check: 'integration' | 'integration-timeout' | 'proxy-response';
  reason: string;
}

/**
 * Steps 5 and 6: hands the event to the function, then checks its answer
 * with the API kind's proxy format. Records the `lambda-event` and
 * `lambda-result` hops; the caller turns a failure into the API kind's 5xx.
 *
 * `buildEvent` must make an equal, new event each time it is called: the
 * function gets the first, and may change it as it likes, as a function on
 * Lambda may change the copy it parsed; the trace shows another, built only
 * if the trace is read.
 */
export async function integrate(
  fn: FunctionRuntime,
  buildEvent: () => Record<string, unknown>,
  options: {
    payloadVersion: '1.0' | '2.0';
    timeoutMs: number;
    region: string;
    accountId: string;
    requestId: string;
    log: (line: string) => void;
    timers: Timers;
    /** Said in the `lambda-event` hop when where the event puts something is this gateway's choice. */
    inferred?: string;
  },
  map: (payload: unknown) => ProxyMapping,
  trace: TraceRecorder,
  eventSince: number,
): Promise<{ ok: true; response: MappedResponse } | { ok: false; failure: IntegrationFailure }> {
  const event = buildEvent();
  const { payloadVersion, inferred } = options;
  const since = trace.hop('lambda-event', eventSince, true, () =>
    inferred === undefined ? { function: fn.name, payloadVersion, event: buildEvent() } : { function: fn.name, payloadVersion, event: buildEvent(), inferred },
  );

  const invocation = await invoke(event, {
    name: fn.name,
    definition: fn.definition,
    handler: fn.handler,
    region: options.region,
    accountId: options.accountId,
    requestId: options.requestId,
    gatewayTimeoutMs: options.timeoutMs,
    timers: options.timers,
    onLateResult: (late) => options.log(`${fn.name} (${options.requestId}) ${describeLate(late)} after the gateway had timed out`),
  });
  const detail = { function: fn.name, ...invocation };
  if (invocation.outcome === 'gateway-timeout') {
    trace.hop('lambda-result', since, false, detail);
    return fail(
      trace,
      'timeout',
      'integration-timeout',
      `the function did not answer within the ${invocation.timeoutMs} ms integration timeout (it goes on running)`,
    );
  }
  if (invocation.outcome === 'error') {
    trace.hop('lambda-result', since, false, detail);
    return fail(trace, 'error', 'integration', `the function failed: ${invocation.errorType}: ${invocation.errorMessage}`);
  }
  const mapping = map(invocation.payload);
  trace.hop('lambda-result', since, mapping.ok, mapping.ok ? detail : { ...detail, problem: mapping.problem });
  if (!mapping.ok) return fail(trace, 'error', 'proxy-response', mapping.problem);
  return { ok: true, response: mapping.response };
}

function fail(trace: TraceRecorder, kind: IntegrationFailure['kind'], check: IntegrationFailure['check'], reason: string) {
  trace.fail('lambda-result', check, reason);
  return { ok: false as const, failure: { kind, check, reason } };
}

function describeLate(invocation: Invocation): string {
  return invocation.outcome === 'error' ? `failed (${invocation.errorType})` : `returned ${Math.round(invocation.durationMs)} ms in`;
}
