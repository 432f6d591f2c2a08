import type { DecisionDetail } from '../../../lib/trace/details.ts';
import type { GatewayError } from '../responses.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { Decision, RouteAuthorizer } from './types.ts';
import { verifyToken, type Verification, type VerifierOptions } from './verifier.ts';

/**
 * What one kind of authorizer decides for itself. Reading the header,
 * verifying the token and recording the decision are the same for all three
 * kinds; they differ in the rules they verify with and in how they refuse.
 */
export interface AuthorizerKind {
  /** The request header the identity source names. */
  header: string;
  /** How a route with these scopes verifies a token. */
  verifier(scopes: readonly string[]): VerifierOptions;
  /** The decision hop's details when the token is accepted. */
  allowed(payload: Record<string, unknown>, scopes: readonly string[]): Extract<DecisionDetail, { allowed: true }>;
  /** The gateway's answer to a refused token. */
  refusal(failure: Extract<Verification, { ok: false }>, scopes: readonly string[]): GatewayError;
  /** HTTP APIs explain a refusal in `www-authenticate`: the decision hop shows the challenge, or null. */
  challenges?: boolean;
  /** Said in the decision hop when the refusal's shape is this gateway's choice, not AWS's documented behaviour. */
  inferred?: string;
}

/** The header an identity source names: `method.request.header.Authorization` (REST), `$request.header.X-Token` (HTTP). */
export function identityHeader(identitySource: string): string {
  return identitySource.replace(/^(?:method\.request|\$request)\.header\./, '');
}

/** An authorizer as a route with these scopes uses it: synchronous whenever the verification is. */
export function tokenAuthorizer(kind: AuthorizerKind): (scopes: readonly string[]) => RouteAuthorizer {
  return (scopes) => {
    const options = kind.verifier(scopes);
    const decide = (verification: Verification, trace: TraceRecorder, since: number): Decision => {
      if (verification.ok) {
        trace.hop('decision', since, true, kind.allowed(verification.payload, scopes));
        return { allowed: true, payload: verification.payload };
      }
      const refusal = kind.refusal(verification, scopes);
      const detail: DecisionDetail = { allowed: false, status: refusal.status, body: refusal.body, check: verification.check };
      if (kind.challenges) detail.wwwAuthenticate = refusal.wwwAuthenticate ?? null;
      if (kind.inferred !== undefined) detail.inferred = kind.inferred;
      trace.hop('decision', since, false, detail);
      return { allowed: false, refusal };
    };
    return (request, trace) => {
      const verification = verifyToken({ name: kind.header, value: request.headers.get(kind.header) }, options, trace);
      if (verification instanceof Promise) return verification.then((settled) => decide(settled, trace, trace.mark()));
      return decide(verification, trace, trace.mark());
    };
  };
}
