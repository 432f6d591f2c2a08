/**
 * What the gateway suites (the attack corpus, the Lambda events) need of the
 * gateway under test, in Node or in Chromium. The runner starts a gateway
 * that trusts `world.issuer` as the definition's "demo" pool (app clients
 * CLIENT_ID and OTHER_CLIENT_ID), serves the issuers' documents to it, and
 * gives it the issuer's clock, which stands still.
 */
import type { ApiDefinition } from '../../src/stack/api.ts';
import type { Trace } from '../../src/lib/trace/types.ts';
import type { TestClock } from '../helpers/clock.ts';
import type { Case, Suite } from './cases.ts';
import type { Transport } from './gateway-answers.ts';
import { createTestIssuer, newAlgorithmKey, newSigningKey, type RsaPublicJwk, type SigningKey, type TestIssuer } from './issuer.ts';

export interface CallInit {
  method?: string;
  /** Header lines in order; a name may repeat (on the wire, one line each; through fetch, joined with ", "). */
  headers?: Array<[string, string]>;
  body?: string;
}

/** Who the gateway is told the client is, for a call in process: its address, and the header lines as received. */
export interface CallClient {
  remoteAddress: string;
  rawHeaders?: readonly string[];
}

export interface GatewayWorld {
  /** The pool the gateway trusts. */
  issuer: TestIssuer;
  /** Another pool, with keys of its own, that the gateway does not trust. */
  otherPool: TestIssuer;
  /** A key pair nobody published. */
  attacker: SigningKey<RsaPublicJwk>;
  /** An ES256 key pair nobody published: the same algorithm family as none of the issuer's keys. */
  attackerEs256: SigningKey;
}

export interface GatewayTarget {
  /** Where the suite runs, for messages: "Node" or "Chromium". */
  runtime: string;
  world: GatewayWorld;
  /** A request as a client sends it (Node: a loopback socket; Chromium: the page's fetch, answered by a Service Worker), to a path under the gateway's base: `/rest/prod/hello`. */
  call(path: string, init?: CallInit): Promise<Response>;
  /** What the way back from the gateway adds to `call`'s answers. */
  transport: Transport;
  /** The gateway's handler called with this client, for what a request cannot show: another client address, header names spelled as given. */
  callInProcess(path: string, init: CallInit, client: CallClient): Promise<Response>;
  /** What the way back adds to `callInProcess`'s answers. */
  inProcessTransport: Transport;
  /** The trace of a request, read from the gateway's trace endpoint as the site reads it. */
  trace(requestId: string): Promise<Trace>;
  /** Every URL the gateway fetched so far, in order. */
  fetched(): Promise<string[]>;
}

export interface GatewaySuite extends Suite<GatewayTarget> {
  cases: readonly Case<GatewayTarget>[];
  /** The API the gateway serves; default: the checked-in one, src/stack/api.ts. */
  definition?: ApiDefinition;
  /** Where the issuer's clock stands, ms since the epoch; default: the real time when the suite starts. */
  clockStart?: number;
}

/** The issuers and the attacker's key, at base URLs the runner serves their documents under. */
export async function createGatewayWorld(bases: { issuer: string; otherPool: string }, clock: TestClock): Promise<GatewayWorld> {
  const [issuer, otherPool, attacker, attackerEs256] = await Promise.all([
    createTestIssuer({ baseUrl: bases.issuer, clock }),
    createTestIssuer({ baseUrl: bases.otherPool, clock }),
    newSigningKey(),
    newAlgorithmKey('ES256', 'attacker-es256'),
  ]);
  return { issuer, otherPool, attacker, attackerEs256 };
}

/** The request id a response carries, whichever API kind answered. */
export function requestIdOf(response: Response): string {
  const id = response.headers.get('x-amzn-requestid') ?? response.headers.get('apigw-requestid');
  if (!id) throw new Error('the response carries no request id');
  return id;
}
