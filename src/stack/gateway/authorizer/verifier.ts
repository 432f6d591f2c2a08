import type { CheckName, HopName } from '../../../lib/trace/hops.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { ClaimRule } from './claims.ts';
import type { JwksSource } from './jwks.ts';
import { verifyRs256 } from './signature.ts';
import { decodeToken } from './token.ts';

/**
 * The checks both kinds of authorizer share, in the order the tutorial
 * teaches them: the header, the token's shape, the issuer and its keys, the
 * signature, then the claims. The first failure refuses the token; the trace
 * records every hop up to it and names the check.
 */
export interface VerifierOptions {
  /** Trusted issuers and where their keys come from. Keys are never fetched for any other issuer. */
  issuers: ReadonlyMap<string, JwksSource>;
  claimRules: readonly ClaimRule[];
  maxTokenBytes: number;
  now: () => number;
}

export type Verification =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; check: CheckName; reason: string; payload?: Record<string, unknown> };

const BEARER = 'Bearer ';

export async function verifyToken(
  identity: { name: string; value: string | null },
  options: VerifierOptions,
  trace: TraceRecorder,
): Promise<Verification> {
  const refuse = (hop: HopName, check: CheckName, reason: string, payload?: Record<string, unknown>): Verification => {
    trace.fail(hop, check, reason);
    return { ok: false, check, reason, payload };
  };

  let since = trace.mark();
  const value = identity.value ?? '';
  const bearer = value.startsWith(BEARER);
  const token = bearer ? value.slice(BEARER.length) : value;
  const headerDetail = { identitySource: identity.name, present: value !== '', scheme: bearer ? 'Bearer' : 'none', tokenBytes: token.length };
  if (value === '') {
    trace.hop('header', since, false, headerDetail);
    return refuse('header', 'identity-source', `the ${identity.name} header is ${identity.value === null ? 'missing' : 'empty'}`);
  }
  if (token.length > options.maxTokenBytes) {
    trace.hop('header', since, false, headerDetail);
    return refuse('header', 'token-size', `the token has ${token.length} bytes, more than the cap of ${options.maxTokenBytes}`);
  }
  trace.hop('header', since, true, headerDetail);

  since = trace.mark();
  const decoded = decodeToken(token);
  if (!decoded.ok) {
    trace.hop('decode', since, false, { token });
    return refuse('decode', decoded.check, decoded.reason);
  }
  const { header, payload, segments } = decoded.token;
  const headerProblem = checkHeader(header);
  trace.hop('decode', since, headerProblem === undefined, { header, payload, segments });
  if (headerProblem) return refuse('decode', headerProblem.check, headerProblem.reason, payload);
  const kid = header.kid as string;

  since = trace.mark();
  const source = typeof payload.iss === 'string' ? options.issuers.get(payload.iss) : undefined;
  if (!source) {
    trace.hop('jwks', since, false, { issuer: payload.iss ?? null, trusted: [...options.issuers.keys()] });
    return refuse('jwks', 'iss', `the issuer ${JSON.stringify(payload.iss ?? null)} is not a user pool this authorizer trusts`, payload);
  }
  const lookup = await source.getKey(kid);
  trace.hop('jwks', since, lookup.ok, { issuer: payload.iss, kid, ...lookup.detail });
  if (!lookup.ok) return refuse('jwks', lookup.check, lookup.reason, payload);

  since = trace.mark();
  const valid = await verifyRs256(decoded.token, lookup.key);
  trace.hop('signature', since, valid, { alg: header.alg, kid, valid });
  if (!valid) {
    const reason = segments.signature === '' ? 'the signature is missing' : "the signature does not verify with the pool's key";
    return refuse('signature', 'signature', reason, payload);
  }

  since = trace.mark();
  const nowSeconds = Math.floor(options.now() / 1000);
  const checks = [];
  for (const rule of options.claimRules) {
    const check = rule(payload, nowSeconds);
    checks.push(check);
    if (!check.ok) {
      trace.hop('claims', since, false, { checks });
      return refuse('claims', check.check, `${check.claim} is ${JSON.stringify(check.actual)}, expected ${check.expected}`, payload);
    }
  }
  trace.hop('claims', since, true, { checks });
  return { ok: true, payload };
}

/** RS256 only, a key id, and no critical extension: the gateway understands none. */
function checkHeader(header: Record<string, unknown>): { check: CheckName; reason: string } | undefined {
  if (header.alg !== 'RS256') return { check: 'alg', reason: `the algorithm ${JSON.stringify(header.alg ?? null)} is not RS256` };
  if (header.crit !== undefined) return { check: 'crit', reason: `the header marks ${JSON.stringify(header.crit)} as critical, and the gateway understands no extension` };
  if (typeof header.kid !== 'string' || header.kid === '') return { check: 'kid', reason: 'the header has no key id (kid)' };
  return undefined;
}
