import * as admin from '../functions/admin.ts';
import * as faults from '../functions/faults.ts';
import * as hello from '../functions/hello.ts';
import * as publicRoute from '../functions/public.ts';
import { staticHandlerLoader } from '../gateway/lambda/loader.ts';

/**
 * The Lambda handlers of src/stack/functions/, by the `entry` the API
 * definition (src/stack/api.ts) gives them: a worker bundle cannot import a
 * file by its path, so it carries these modules and the gateway takes its
 * handlers from here. A function added to the definition must be added here
 * too (a test checks that every entry is).
 */
export const FUNCTION_MODULES: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map<string, Readonly<Record<string, unknown>>>([
  ['src/stack/functions/admin.ts', admin],
  ['src/stack/functions/faults.ts', faults],
  ['src/stack/functions/hello.ts', hello],
  ['src/stack/functions/public.ts', publicRoute],
]);

/** The gateway's `loadHandler` for the stack in a Service Worker. */
export const bundledHandlerLoader = staticHandlerLoader(FUNCTION_MODULES);
