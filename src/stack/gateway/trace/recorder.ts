import { HOPS, type CheckName, type HopName } from '../../../lib/trace/hops.ts';
import { STEPS } from '../../../lib/trace/steps.ts';
import type { Trace } from '../../../lib/trace/types.ts';

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

  hop(name: HopName, since: number, ok: boolean, detail: Record<string, unknown>): void {
    const end = performance.now();
    this.#trace.hops.push({ name, startMs: since - this.#origin, durationMs: end - since, ok, detail });
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
    const byStep = new Map<number, number>();
    for (const hop of this.#trace.hops) {
      const step = HOPS[hop.name].step;
      byStep.set(step, (byStep.get(step) ?? 0) + hop.durationMs);
    }
    const entries = [...byStep].map(([step, ms]) => `step${step};dur=${ms.toFixed(3)};desc="${STEPS[step - 1]?.id}"`);
    entries.push(`total;dur=${(performance.now() - this.#origin).toFixed(3)}`, `trace;desc="${this.#trace.requestId}"`);
    return entries.join(', ');
  }
}
