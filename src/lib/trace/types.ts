import type { ApiName } from '../stack-urls.ts';
import type { HopOf } from './details.ts';
import type { CheckName, HopName } from './hops.ts';

export type { ClaimCheck, HopDetails, HopOf } from './details.ts';

/**
 * One request's path through the local gateway, as the trace endpoints serve
 * it (JSON) and as the site's diagram and waterfall read it.
 */
export interface Trace {
  /** The request id AWS would send back: `x-amzn-RequestId` (REST) or `apigw-requestid` (HTTP API). */
  requestId: string;
  api: ApiName;
  method: string;
  /** Path and query as received, without the API's local prefix (`/rest`, `/http`, `/rest-jwt`). */
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

/** A hop of any name: `hop.name` narrows `hop.detail`. */
export type Hop = { [N in HopName]: HopOf<N> }[HopName];

/** The hop of this name, for a type predicate: `(hop): hop is HopNamed<N> => hop.name === name`. */
export type HopNamed<N extends HopName> = Extract<Hop, { name: N }>;
