import type { FunctionDefinition } from '../../api.ts';

export type Handler = (event: unknown, context: LambdaContext) => unknown;

/**
 * How the gateway gets a function's handler: called once per function when
 * the gateway is made, it returns what each invocation awaits. The default,
 * `loadHandler`, imports the definition's `entry` file; a bundle that cannot
 * import files (the stack in a Service Worker) passes `staticHandlerLoader`
 * over the modules it bundled.
 */
export type HandlerLoader = (definition: FunctionDefinition) => () => Promise<Handler>;

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

/**
 * Imports a function's handler once. A module that fails to load, or lacks
 * the handler, fails every invocation the way Lambda does (`Runtime.*Error`).
 */
export const loadHandler: HandlerLoader = (definition) => {
  let loaded: Promise<Handler> | undefined;
  return () =>
    (loaded ??= import(new URL(definition.entry, new URL('../../../../', import.meta.url)).href).then(
      (module: Record<string, unknown>) => handlerOf(definition, module),
      (error: unknown) => {
        throw new LambdaError('Runtime.ImportModuleError', `Error: Cannot load ${definition.entry}: ${(error as Error).message}`);
      },
    ));
};

/**
 * Handlers from modules already loaded, by `entry`: what a bundle passes. An
 * entry missing from `modules` fails as a module that cannot be loaded.
 */
export function staticHandlerLoader(modules: ReadonlyMap<string, Readonly<Record<string, unknown>>>): HandlerLoader {
  return (definition) => () => {
    const module = modules.get(definition.entry);
    if (!module) return Promise.reject(new LambdaError('Runtime.ImportModuleError', `Error: Cannot load ${definition.entry}: it is not bundled`));
    try {
      return Promise.resolve(handlerOf(definition, module));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

function handlerOf(definition: FunctionDefinition, module: Readonly<Record<string, unknown>>): Handler {
  const handler = Object.hasOwn(module, definition.handler) ? module[definition.handler] : undefined;
  if (typeof handler !== 'function') {
    throw new LambdaError('Runtime.HandlerNotFound', `${definition.entry}.${definition.handler} is undefined or not exported`);
  }
  return handler as Handler;
}

/** An invocation error as Lambda reports it. */
export class LambdaError extends Error {
  readonly errorType: string;
  constructor(errorType: string, message: string) {
    super(message);
    this.errorType = errorType;
  }
}
