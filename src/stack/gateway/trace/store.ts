import type { Trace } from '../../../lib/trace/types.ts';

/**
 * The most recent traces, by request id. Memory stays bounded: past `limit`
 * the oldest trace is dropped. Subscribers (the live stream) hear of each
 * trace as it is stored.
 */
export class TraceStore {
  readonly #limit: number;
  readonly #traces = new Map<string, Trace>();
  readonly #subscribers = new Set<(trace: Trace) => void>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(trace: Trace): void {
    this.#traces.set(trace.requestId, trace);
    if (this.#traces.size > this.#limit) {
      const oldest = this.#traces.keys().next().value as string;
      this.#traces.delete(oldest);
    }
    for (const subscriber of this.#subscribers) subscriber(trace);
  }

  get(requestId: string): Trace | undefined {
    return this.#traces.get(requestId);
  }

  subscribe(subscriber: (trace: Trace) => void): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }
}
