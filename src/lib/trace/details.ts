import type { CheckName, HopName } from './hops.ts';

/**
 * What each hop of a trace records, by hop name: the contract between the
 * gateway, which writes it, and the widgets, which read it. A key renamed on
 * one side fails the type check on the other (tests/types/trace-contract.test-d.ts).
 */
export interface HopDetails {
  received: ReceivedDetail;
  route: RouteDetail;
  header: HeaderDetail;
  decode: DecodeDetail;
  jwks: JwksHopDetail;
  signature: SignatureDetail;
  claims: ClaimsDetail;
  decision: DecisionDetail;
  'lambda-event': LambdaEventDetail;
  'lambda-result': LambdaResultDetail;
  response: ResponseDetail;
}

export type HeaderPair = [name: string, value: string];

type KeysOf<U> = U extends unknown ? keyof U : never;
/**
 * A union whose variants each declare the others' keys as absent, so that a
 * reader may look for a key without narrowing first (and gets `undefined`
 * where the variant lacks it), while a key no variant has is an error.
 */
type Exclusive<U, K extends PropertyKey = KeysOf<U>> = U extends unknown ? U & { [P in Exclude<K, keyof U>]?: never } : never;

/** Claims or a JOSE header, as JSON.parse gave them. */
export type JsonObject = Record<string, unknown>;

export type ReceivedDetail = {
  method: string;
  /** The path after the local prefix, still percent-encoded. */
  path: string;
  query: string;
  sourceIp: string;
  /** Header lines in the order received. */
  headers: HeaderPair[];
};

export type RouteDetail = Exclusive<
  /** A CORS preflight the API answers itself, on the resource it names (null: any path of the API). */
  | { outcome: 'preflight'; resource: string | null }
  /** No route: `stage` is a REST API's (null when the path names another stage). */
  | { outcome: 'no-route'; method: string; path: string; stage?: string | null }
  | {
      outcome: 'matched';
      /** The resource path as defined, e.g. `/orders/{id}`. */
      resource: string;
      method: string;
      /** `GET /orders/{id}`, as an HTTP API names its routes. */
      routeKey: string;
      function: string;
      authorizer: string | null;
      authorizationScopes: string[];
      timeoutMs: number;
    }
>;

export type HeaderDetail = {
  /** The header the authorizer reads (its identity source). */
  identitySource: string;
  present: boolean;
  /** `Bearer`: the value began with `Bearer `, which was taken off. */
  scheme: 'Bearer' | 'none';
  tokenBytes: number;
  /** Where AWS documents nothing and the gateway chose (see the README, "What the gateway implements"). */
  inferred?: string;
};

export type DecodeDetail = Exclusive<
  /** The token could not be taken apart. */
  { token: string } | { header: JsonObject; payload: JsonObject; segments: { header: string; payload: string; signature: string } }
>;

/** Where an issuer's keys came from and how fresh they were. */
export type JwksDetail = {
  url: string;
  /** How the JWKS URL was found, when discovery was tried. */
  discovery?: string;
  /** `hit`: cached keys; `miss`: first fetch or past max age; `refetch`: unknown kid, fetched again. */
  cache: 'hit' | 'miss' | 'refetch';
  /** Ms spent fetching for this request (0 on a hit). */
  fetchMs: number;
  /** Age of the keys used, ms. */
  ageMs: number | null;
  kids: string[];
};

export type JwksHopDetail = Exclusive<
  /** The token's issuer is none the authorizer trusts: no key is looked up. */
  { issuer: unknown; trusted: string[] } | ({ issuer: string; kid: string } & JwksDetail)
>;

export type SignatureDetail = { alg: string; kid: string; valid: boolean };

/** One claim check of the `claims` hop. */
export type ClaimCheck = {
  check: CheckName;
  claim: string;
  /** The rule, e.g. `a number > 1764124800 (now, no skew allowed)` or `one of ["abc"]`. */
  expected: string;
  /** The value found in the token, or `null` when the claim is absent. */
  actual: unknown;
  ok: boolean;
  inferred?: string;
};

export type ClaimsDetail = { checks: ClaimCheck[] };

export type DecisionDetail = Exclusive<
  | { allowed: true; scopes: readonly string[]; tokenUse?: unknown }
  | {
      allowed: false;
      status: number;
      body: string;
      check: CheckName;
      /** HTTP APIs: the challenge, or null when they send none. */
      wwwAuthenticate?: string | null;
      inferred?: string;
    }
>;

export type LambdaEventDetail = { function: string; payloadVersion: '1.0' | '2.0'; event: unknown; inferred?: string };

/** How an invocation ended, as the gateway saw it. */
export type Invocation = Exclusive<
  /** The handler returned; `payload` is its result after a JSON round trip, as Lambda serialises it. */
  | { outcome: 'returned'; payload: unknown; durationMs: number }
  /** The handler threw, its result could not be serialised, or it ran past its own timeout. */
  | { outcome: 'error'; errorType: string; errorMessage: string; durationMs: number }
  /** The gateway stopped waiting; the function goes on running, as on AWS. */
  | { outcome: 'gateway-timeout'; timeoutMs: number; durationMs: number }
>;

export type LambdaResultDetail = Invocation & {
  function: string;
  /** Why the answer is not a proxy response. */
  problem?: string;
};

export type ResponseDetail = {
  status: number;
  headers: HeaderPair[];
  /** The body as text, at most the first 64 KiB. */
  body: string;
  bodyBytes: number;
};

/** One hop, its name deciding its details. */
export type HopOf<N extends HopName> = {
  name: N;
  /** Offset from the start of the request, ms. */
  startMs: number;
  durationMs: number;
  ok: boolean;
  detail: HopDetails[N];
};
