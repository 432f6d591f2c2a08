/**
 * The assertions of the conformance cases, in plain JavaScript so that the
 * same checks run in Node and in a Chromium page (node:assert exists only in
 * Node). Each throws a CheckFailure whose message says what was expected and
 * what was found; both runners report that message under the case's name.
 *
 * `deepEqual` is as strict as node:assert's `deepStrictEqual` on the values
 * the cases compare (primitives by SameValue, prototypes, exact own key sets,
 * arrays, dates, regular expressions, byte arrays, maps and sets);
 * tests/conformance/check.test.ts holds it to that, case by case.
 */

export class CheckFailure extends Error {
  override name = 'CheckFailure';
  readonly actual: unknown;
  readonly expected: unknown;

  constructor(message: string, actual?: unknown, expected?: unknown) {
    super(message);
    this.actual = actual;
    this.expected = expected;
  }
}

const MAX_RENDERED = 4000;

/** A value as the failure message shows it: JSON where JSON can say it, with undefined, bigints, regular expressions and dates spelled out. */
export function render(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'number' && Object.is(value, -0)) text = '-0';
  else if (value instanceof RegExp || typeof value === 'function' || typeof value === 'symbol') text = String(value);
  else {
    try {
      text =
        JSON.stringify(value, (_key, item: unknown) => {
          if (item === undefined) return '<undefined>';
          if (typeof item === 'bigint') return `${item}n`;
          if (item instanceof RegExp) return String(item);
          if (item instanceof Map) return { '<Map>': [...item] };
          if (item instanceof Set) return { '<Set>': [...item] };
          if (ArrayBuffer.isView(item)) return { [`<${item.constructor.name}>`]: [...new Uint8Array(item.buffer, item.byteOffset, item.byteLength)] };
          return item;
        }) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_RENDERED ? `${text.slice(0, MAX_RENDERED)}… (${text.length} characters)` : text;
}

const label = (what: string | undefined) => (what ? `${what}: ` : '');

export function ok(value: unknown, what = 'expected a truthy value'): asserts value {
  if (!value) throw new CheckFailure(`${what} (got ${render(value)})`, value, true);
}

export function fail(message: string): never {
  throw new CheckFailure(message);
}

/** SameValue: `Object.is`, as node:assert's strictEqual. */
export function equal<T>(actual: unknown, expected: T, what?: string): asserts actual is T {
  if (!Object.is(actual, expected)) throw new CheckFailure(`${label(what)}expected ${render(expected)}, got ${render(actual)}`, actual, expected);
}

export function notEqual(actual: unknown, unexpected: unknown, what?: string): void {
  if (Object.is(actual, unexpected)) throw new CheckFailure(`${label(what)}expected anything but ${render(unexpected)}`, actual, unexpected);
}

export function match(actual: unknown, pattern: RegExp, what?: string): void {
  if (typeof actual !== 'string') throw new CheckFailure(`${label(what)}expected a string matching ${pattern}, got ${render(actual)}`, actual, pattern);
  pattern.lastIndex = 0;
  if (!pattern.test(actual)) throw new CheckFailure(`${label(what)}expected a string matching ${pattern}, got ${render(actual)}`, actual, pattern);
}

export function deepEqual<T>(actual: unknown, expected: T, what?: string): asserts actual is T {
  const difference = differ(actual, expected, '', new Map());
  if (difference !== undefined) {
    const where = difference ? ` (first difference at ${difference})` : '';
    throw new CheckFailure(`${label(what)}expected ${render(expected)}, got ${render(actual)}${where}`, actual, expected);
  }
}

/** Resolves if `promise` rejects and `check` accepts the error (by returning or not throwing); fails otherwise. */
export async function rejects(promise: Promise<unknown>, check: (error: unknown) => void, what = 'expected a rejection'): Promise<void> {
  let settled: { value: unknown } | undefined;
  try {
    settled = { value: await promise };
  } catch (error) {
    check(error);
    return;
  }
  throw new CheckFailure(`${what}, but it resolved with ${render(settled.value)}`);
}

/**
 * Where `actual` and `expected` first differ (a path such as `.a[2].b`, `''`
 * at the top), or undefined when they are deeply and strictly equal.
 */
function differ(actual: unknown, expected: unknown, path: string, seen: Map<object, object>): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return path;
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return path;
  // A cycle compares equal where it closes the same way on both sides.
  if (seen.get(actual) === expected) return undefined;
  seen.set(actual, expected);

  if (actual instanceof Date) return Object.is((actual as Date).getTime(), (expected as Date).getTime()) ? keysDiffer(actual, expected, path, seen) : path;
  if (actual instanceof RegExp) {
    const e = expected as RegExp;
    return actual.source === e.source && actual.flags === e.flags && actual.lastIndex === e.lastIndex ? keysDiffer(actual, expected, path, seen) : path;
  }
  if (actual instanceof Error && (actual.message !== (expected as Error).message || actual.name !== (expected as Error).name)) return path;
  if (ArrayBuffer.isView(actual)) {
    const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
    const view = expected as ArrayBufferView;
    const e = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    if (a.length !== e.length || a.some((byte, i) => byte !== e[i])) return path;
    return keysDiffer(actual, expected, path, seen, true);
  }
  if (actual instanceof Map) {
    const e = expected as Map<unknown, unknown>;
    if (actual.size !== e.size) return `${path}.size`;
    for (const [key, value] of actual) {
      if (!e.has(key)) return `${path}<${render(key)}>`;
      const inner = differ(value, e.get(key), `${path}<${render(key)}>`, seen);
      if (inner !== undefined) return inner;
    }
    return keysDiffer(actual, expected, path, seen);
  }
  if (actual instanceof Set) {
    const e = expected as Set<unknown>;
    if (actual.size !== e.size) return `${path}.size`;
    for (const value of actual) {
      if (e.has(value)) continue;
      // An object member equals some deeply equal member of the other set.
      if (typeof value !== 'object' || value === null || ![...e].some((other) => differ(value, other, '', new Map()) === undefined))
        return `${path}{${render(value)}}`;
    }
    return keysDiffer(actual, expected, path, seen);
  }
  if (Array.isArray(actual)) {
    const e = expected as unknown[];
    if (actual.length !== e.length) return `${path}.length`;
  }
  return keysDiffer(actual, expected, path, seen);
}

/** Own enumerable string keys, the same set on both sides, and each value deeply equal. */
function keysDiffer(actual: object, expected: object, path: string, seen: Map<object, object>, skipIndexes = false): string | undefined {
  const indexed = skipIndexes ? (key: string) => !/^\d+$/.test(key) : () => true;
  const a = Object.keys(actual).filter(indexed).sort();
  const e = Object.keys(expected).filter(indexed).sort();
  if (a.length !== e.length || a.some((key, i) => key !== e[i])) {
    const extra = a.find((key) => !e.includes(key));
    const missing = e.find((key) => !a.includes(key));
    return extra !== undefined ? `${path}.${extra} (not expected)` : `${path}.${missing} (missing)`;
  }
  const symbolsA = Object.getOwnPropertySymbols(actual).filter((symbol) => Object.prototype.propertyIsEnumerable.call(actual, symbol));
  const symbolsE = Object.getOwnPropertySymbols(expected).filter((symbol) => Object.prototype.propertyIsEnumerable.call(expected, symbol));
  if (symbolsA.length !== symbolsE.length || symbolsA.some((symbol) => !symbolsE.includes(symbol))) return `${path} (symbol keys)`;
  for (const key of [...a, ...symbolsA] as (string | symbol)[]) {
    const step = typeof key === 'symbol' ? `${path}[${String(key)}]` : Array.isArray(actual) ? `${path}[${key}]` : `${path}.${key}`;
    const inner = differ((actual as Record<string | symbol, unknown>)[key], (expected as Record<string | symbol, unknown>)[key], step, seen);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
