/**
 * How a library script of the sandbox hands its exports to the runtime
 * (runtime.ts), which loads it as a classic script: a module script from an
 * opaque origin would be a CORS request, which a static host need not answer.
 */
export const DEFINE = '__ttPlaygroundDefine';

export function define(name: string, exports: object): void {
  (globalThis as unknown as Record<typeof DEFINE, (name: string, exports: object) => void>)[DEFINE](name, exports);
}
