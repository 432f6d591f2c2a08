import type { HopDetails, HopOf } from '../../../lib/trace/details.ts';
import { HOPS, type CheckName, type HopName } from '../../../lib/trace/hops.ts';
import { STEPS } from '../../../lib/trace/steps.ts';
import type { Hop, Trace } from '../../../lib/trace/types.ts';

/**
 * A hop's details, or a function that writes them. A trace is read for few
 * of the requests it records, so what takes work to write (words, copies) is
 * written when the trace is first read, from values that no longer change.
 */
export type DetailOf<N extends HopName> = HopDetails[N] | (() => HopDetails[N]);

/** A recorded hop: its details are written on first read, and then kept. */
class RecordedHop<N extends HopName> implements HopOf<N> {
  readonly name: N;
  readonly startMs: number;
  readonly durationMs: number;
  readonly ok: boolean;
  #detail: DetailOf<N>;

  constructor(name: N, startMs: number, durationMs: number, ok: boolean, detail: DetailOf<N>) {
    this.name = name;
    this.startMs = startMs;
    this.durationMs = durationMs;
    this.ok = ok;
    this.#detail = detail;
  }

  get detail(): HopDetails[N] {
    if (typeof this.#detail === 'function') this.#detail = this.#detail();
    return this.#detail;
  }

  toJSON(): HopOf<N> {
    return { name: this.name, startMs: this.startMs, durationMs: this.durationMs, ok: this.ok, detail: this.detail };
  }
}

/** Collects one request's hops, with timings relative to when it arrived. */
export class TraceRecorder {
  readonly #origin: number;
  readonly #trace: Trace;

  /** `origin`: `performance.now()` when the request arrived. */
  constructor(init: Pick<Trace, 'requestId' | 'api' | 'method' | 'path' | 'startedAt'>, origin: number) {
    this.#origin = origin;
    this.#trace = { ...init, durationMs: 0, status: 0, hops: [] };
  }

  /** A timestamp to pass to `hop` once the step is done. */
  mark(): number {
    return performance.now();
  }

  /** Records a hop that began at `since` and ends now; returns now, for the next hop to begin at. */
  hop<N extends HopName>(name: N, since: number, ok: boolean, detail: DetailOf<N>): number {
    const end = performance.now();
    this.#trace.hops.push(new RecordedHop(name, since - this.#origin, end - since, ok, detail) as HopOf<N> as Hop);
    return end;
  }

  /** Names the check that refused the request; the first call wins. */
  fail(hop: HopName, check: CheckName, reason: string): void {
    this.#trace.failure ??= { hop, check, reason };
  }

  finish(status: number): Trace {
    this.#trace.status = status;
    this.#trace.durationMs = performance.now() - this.#origin;
    return this.#trace;
  }

  /**
   * A `Server-Timing` value: one entry per step of the tutorial with the time
   * spent in its hops, and the request id to fetch the full trace with.
   */
  serverTiming(): string {
    // Sums by step, in the order the steps first appear (every request pays for this header: no Map, no arrays of entries).
    const sums: number[] = [];
    const order: number[] = [];
    for (const hop of this.#trace.hops) {
      const step = HOPS[hop.name].step;
      if (sums[step] === undefined) {
        order.push(step);
        sums[step] = hop.durationMs;
      } else sums[step] += hop.durationMs;
    }
    let value = '';
    for (const step of order) value += `step${step};dur=${sums[step]!.toFixed(3)};desc="${STEPS[step - 1]?.id}", `;
    return `${value}total;dur=${(performance.now() - this.#origin).toFixed(3)}, trace;desc="${this.#trace.requestId}"`;
  }
}
