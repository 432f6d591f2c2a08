import type { FunctionDefinition } from '../../api.ts';

export type Handler = (event: unknown, context: LambdaContext) => unknown;

/** The context object the Node.js runtime passes a handler. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

const REPOSITORY_ROOT = new URL('../../../../', import.meta.url);

/**
 * Imports a function's handler once. A module that fails to load, or lacks
 * the handler, fails every invocation the way Lambda does (`Runtime.*Error`).
 */
export function loadHandler(definition: FunctionDefinition): () => Promise<Handler> {
  let loaded: Promise<Handler> | undefined;
  return () =>
    (loaded ??= import(new URL(definition.entry, REPOSITORY_ROOT).href).then(
      (module: Record<string, unknown>) => {
        const handler = module[definition.handler];
        if (typeof handler !== 'function') {
          throw new LambdaError('Runtime.HandlerNotFound', `${definition.entry}.${definition.handler} is undefined or not exported`);
        }
        return handler as Handler;
      },
      (error: unknown) => {
        throw new LambdaError('Runtime.ImportModuleError', `Error: Cannot load ${definition.entry}: ${(error as Error).message}`);
      },
    ));
}

/** An invocation error as Lambda reports it. */
export class LambdaError extends Error {
  readonly errorType: string;
  constructor(errorType: string, message: string) {
    super(message);
    this.errorType = errorType;
  }
}
