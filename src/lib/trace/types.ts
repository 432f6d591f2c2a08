import type { CheckName, HopName } from './hops.ts';

/**
 * One request's path through the local gateway, as the trace endpoints serve
 * it (JSON) and as the site's diagram and waterfall read it.
 */
export interface Trace {
  /** The request id AWS would send back: `x-amzn-RequestId` (REST) or `apigw-requestid` (HTTP API). */
  requestId: string;
  api: 'rest' | 'http';
  method: string;
  /** Path and query as received, without the local `/rest` or `/http` prefix. */
  path: string;
  /** Wall-clock start, ms since the epoch. */
  startedAt: number;
  durationMs: number;
  status: number;
  hops: Hop[];
  /** Present when the request was refused or failed: the one check that decided it. */
  failure?: Failure;
}

export interface Failure {
  hop: HopName;
  check: CheckName;
  /** Why, in words a reader understands. */
  reason: string;
}

export interface Hop {
  name: HopName;
  /** Offset from the start of the request, ms. */
  startMs: number;
  durationMs: number;
  ok: boolean;
  detail: Record<string, unknown>;
}

/** One claim check of the `claims` hop. */
export interface ClaimCheck {
  check: CheckName;
  claim: string;
  /** The rule, e.g. `> 1764124800 (now − 0 s skew)` or `one of [abc]`. */
  expected: string;
  /** The value found in the token, or `null` when the claim is absent. */
  actual: unknown;
  ok: boolean;
}
