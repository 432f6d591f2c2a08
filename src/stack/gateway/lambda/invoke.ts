import type { Invocation } from '../../../lib/trace/details.ts';
import type { FunctionDefinition } from '../../api.ts';
import type { Timers } from '../timers.ts';
import { LambdaError, type Handler, type LambdaContext } from './loader.ts';

export type { Invocation } from '../../../lib/trace/details.ts';

export interface InvokeOptions {
  name: string;
  definition: FunctionDefinition;
  handler: () => Promise<Handler>;
  region: string;
  accountId: string;
  requestId: string;
  /** The integration timeout: how long the gateway waits. */
  gatewayTimeoutMs: number;
  /** Called if the function settles after the gateway stopped waiting. */
  onLateResult?: (invocation: Invocation) => void;
  /** What both timeouts wait on. */
  timers: Timers;
}

/**
 * Invokes a handler in this process as Lambda would: the context carries the
 * request id and remaining time, and the result is serialised. The event must
 * be plain JSON data that the caller no longer uses, the equivalent of the
 * fresh copy Lambda parses for each invocation. Two clocks run: the function's own timeout, which
 * fails the invocation, and the gateway's integration timeout, after which
 * the gateway answers without the function.
 */
export async function invoke(event: unknown, options: InvokeOptions): Promise<Invocation> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const lambdaTimeoutMs = options.definition.timeoutSeconds * 1000;
  const handles: unknown[] = [];
  const after = <T>(ms: number, value: () => T) => new Promise<T>((resolve) => handles.push(options.timers.setTimeout(() => resolve(value()), ms)));

  const run: Promise<Invocation> = (async () => {
    const handler = await options.handler();
    const result = await handler(event, context(options, started, lambdaTimeoutMs));
    return { outcome: 'returned' as const, payload: serialise(result), durationMs: elapsed() };
  })().catch((error: unknown) => ({ outcome: 'error' as const, ...describeError(error), durationMs: elapsed() }));

  const lambdaTimeout = after<Invocation>(lambdaTimeoutMs, () => ({
    outcome: 'error',
    errorType: 'Sandbox.Timedout',
    errorMessage: `Task timed out after ${options.definition.timeoutSeconds.toFixed(2)} seconds`,
    durationMs: elapsed(),
  }));
  const gatewayTimeout = after<Invocation>(options.gatewayTimeoutMs, () => ({
    outcome: 'gateway-timeout',
    timeoutMs: options.gatewayTimeoutMs,
    durationMs: elapsed(),
  }));

  const first = await Promise.race([run, lambdaTimeout, gatewayTimeout]);
  for (const handle of handles) options.timers.clearTimeout(handle);
  if (first.outcome === 'gateway-timeout' && options.onLateResult) void run.then(options.onLateResult);
  return first;
}

function context(options: InvokeOptions, started: number, timeoutMs: number): LambdaContext {
  const arn = `arn:aws:lambda:${options.region}:${options.accountId}:function:${options.name}`;
  return {
    functionName: options.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: String(options.definition.memoryMb),
    awsRequestId: options.requestId,
    logGroupName: `/aws/lambda/${options.name}`,
    logStreamName: `local/[$LATEST]${options.requestId.replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, Math.round(timeoutMs - (performance.now() - started))),
  };
}

/** Lambda sends the result as JSON: undefined becomes null, and what JSON cannot hold is an error. */
function serialise(result: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch (error) {
    throw new LambdaError('Runtime.MarshalError', `Unable to stringify response body: ${(error as Error).message}`);
  }
  return text === undefined ? null : JSON.parse(text);
}

function describeError(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof LambdaError) return { errorType: error.errorType, errorMessage: error.message };
  if (error instanceof Error) return { errorType: error.name, errorMessage: error.message };
  return { errorType: typeof error, errorMessage: String(error) };
}
