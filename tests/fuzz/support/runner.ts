/**
 * What every fuzz property shares: how many cases to run, how to replay a
 * failure, and the watch for crashes of the process.
 *
 * Run size
 * --------
 * `npm test` runs each property with its base number of cases (a few thousand
 * in all, well under a minute). `npm run fuzz` runs the same properties with
 * FUZZ_SCALE=50, fifty times as many cases; set FUZZ_SCALE yourself for any
 * other multiple (`FUZZ_SCALE=5 node --test tests/fuzz/*.test.ts`).
 *
 * Replaying a failure
 * -------------------
 * A failing property prints fast-check's report: the counterexample it shrank
 * to, and a line such as
 *
 *     Property failed after 12 tests
 *     { seed: -1817195310, path: "11:2:0:1", endOnFailure: true }
 *
 * and, under it, the command that replays exactly that counterexample (the
 * same seed and path, the failing property alone), without generating or
 * shrinking anything else:
 *
 *     FUZZ_SEED=-1817195310 FUZZ_PATH="11:2:0:1" \
 *       node --test --test-name-pattern='^InitiateAuth$' tests/fuzz/userpool.test.ts
 *
 * With FUZZ_SEED alone (no FUZZ_PATH, and the FUZZ_SCALE of the failing run)
 * the whole run is regenerated from that seed and shrunk again. The seed and
 * path only mean something to the property that printed them: filter the run
 * down to it with --test-name-pattern. A replay starts from a fresh stack, so
 * a failure that needed the state earlier cases left behind may need the
 * seed-only replay. FUZZ_VERBOSE=1 prints every case fast-check tried while
 * shrinking (in fast-check's own, unshortened format).
 */
import fc from 'fast-check';

const scale = positiveNumber('FUZZ_SCALE') ?? 1;

/** The number of cases for a property whose bounded run makes `base`. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * scale));
}

/**
 * fast-check's parameters for one property: its run count, the replay
 * settings from the environment, and a report that prints the seed and path
 * with a counterexample whose long strings are cut short.
 */
export function parameters<T>(base: number, where: { test: string; file: string }): fc.Parameters<T> {
  const seed = process.env.FUZZ_SEED;
  const path = process.env.FUZZ_PATH;
  const verbose = process.env.FUZZ_VERBOSE === '1';
  return {
    numRuns: runs(base),
    ...(seed !== undefined && seed !== '' && { seed: Number(seed) }),
    ...(path !== undefined && path !== '' && { path, endOnFailure: true }),
    ...(verbose ? { verbose: fc.VerbosityLevel.VeryVerbose } : { reporter: (details: fc.RunDetails<T>) => report(details, where) }),
  };
}

/** Throws fast-check's usual failure report, with the counterexample printed by `show` and the command that replays it. */
function report<T>(details: fc.RunDetails<T>, where: { test: string; file: string }): void {
  if (!details.failed) return;
  const replay = `{ seed: ${details.seed}, path: "${details.counterexamplePath}", endOnFailure: true }`;
  const pattern = `^${where.test.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const lines = [
    details.interrupted ? 'Property interrupted' : `Property failed after ${details.numRuns} tests`,
    replay,
    `replay: FUZZ_SEED=${details.seed} FUZZ_PATH="${details.counterexamplePath}" node --test --test-name-pattern='${pattern}' ${where.file}`,
    `Counterexample: ${show(details.counterexample)}`,
    `Shrunk ${details.numShrinks} time(s)`,
    `Got: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`,
  ];
  throw new Error(lines.join('\n'));
}

/** fast-check's printing of a value, with every string longer than 160 characters cut to its start and its length. */
export function show(value: unknown): string {
  return fc.stringify(shorten(value));
}

function shorten(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > 160 ? new Shortened(value) : value;
  if (value instanceof Uint8Array) return value.length > 64 ? new Shortened(Buffer.from(value).toString('hex')) : value;
  if (depth > 8 || value === null || typeof value !== 'object' || fc.hasToStringMethod(value)) return value;
  if (Array.isArray(value)) return value.map((item) => shorten(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.length > 160 ? `${key.slice(0, 40)}…` : key, shorten(item, depth + 1)]));
}

class Shortened {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  [fc.toStringMethod](): string {
    return `${JSON.stringify(this.#text.slice(0, 60))}…(${this.#text.length} chars)`;
  }
}

function positiveNumber(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${JSON.stringify(text)}`);
  return value;
}

/**
 * Records every unhandled rejection and uncaught exception while the suite
 * runs. The servers run in this process, so a crash of theirs lands here: a
 * property checks after each case that nothing was recorded.
 */
export class CrashWatch {
  readonly #seen: string[] = [];
  readonly #onRejection = (reason: unknown) => this.#seen.push(`unhandled rejection: ${describe(reason)}`);
  readonly #onException = (error: unknown) => this.#seen.push(`uncaught exception: ${describe(error)}`);

  start(): this {
    process.on('unhandledRejection', this.#onRejection);
    process.on('uncaughtException', this.#onException);
    return this;
  }

  stop(): void {
    process.off('unhandledRejection', this.#onRejection);
    process.off('uncaughtException', this.#onException);
  }

  /** What crashed since the last call, after letting pending callbacks and rejections surface. */
  async take(): Promise<string[]> {
    await settle();
    return this.#seen.splice(0);
  }
}

/**
 * Lets the event loop run the callbacks already queued (a rejection is
 * reported as unhandled once the microtask queue drains). No timer, no sleep.
 */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

export function describe(value: unknown): string {
  if (value instanceof Error) {
    const text = value.stack ?? `${value.name}: ${value.message}`;
    return value.cause === undefined ? text : `${text}\ncaused by: ${describe(value.cause)}`;
  }
  return String(value);
}

/**
 * The promise's outcome, or a rejection once `ms` have passed without one: a
 * case that hangs fails, with its counterexample, instead of stalling the run.
 * (A guard, not a wait: the timer is cleared as soon as the case settles.)
 */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: no outcome within ${ms} ms`), { code: 'FUZZ_DEADLINE' })), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a client saw when a request got no answer, in words. */
export function noAnswer(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (code === 'HPE_HEADER_OVERFLOW')
    return "the request got no readable answer: the answer's headers exceed 16 KiB, more than Node's HTTP clients (fetch, the AWS SDK) accept";
  if (code === 'ECONNRESET') return 'the request got no answer: the server reset the connection';
  if (code === 'FUZZ_DEADLINE') return 'the case hung: no answer in time';
  return 'the request got no answer';
}

/** A long text cut to something a failure message can show. */
export function clip(text: string, max = 600): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
