import type { JwksSource } from './jwks.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { GatewayError } from '../responses.ts';
import type { Timers } from '../timers.ts';

/** What the gateway's options say about verification, shared by both kinds of authorizer. */
export interface VerificationSettings {
  fetch: typeof fetch;
  /** ms clock */
  now: () => number;
  /** What the JWKS fetch timeout waits on; default the global timers. */
  timers?: Timers;
  clockSkewSeconds: number;
  maxTokenBytes: number;
  jwks: { maxAgeMs: number; cooldownMs: number; timeoutMs: number; maxBytes: number };
  /** How many verified tokens each authorizer keeps (verified-tokens.ts); 0 keeps none. Default 1000. */
  verifiedTokens?: number;
  /** True while a fault switch makes every JWKS unreachable (gateway/faults.ts). */
  jwksUnreachable?: () => boolean;
  /** Every key cache the authorizers make, so that the gateway can empty them all (`Gateway.forgetKeys`). */
  sources?: { add(source: JwksSource): void };
}

export type Decision = { allowed: true; payload: Record<string, unknown> } | { allowed: false; refusal: GatewayError };

/** An authorizer as one route uses it (the route's scopes are built in); a promise only while it waits for keys or WebCrypto. */
export type RouteAuthorizer = (request: Request, trace: TraceRecorder) => Decision | Promise<Decision>;
