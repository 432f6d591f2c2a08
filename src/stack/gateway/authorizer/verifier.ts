import type { HeaderDetail } from '../../../lib/trace/details.ts';
import type { CheckName, HopName } from '../../../lib/trace/hops.ts';
import type { JwtAlgorithm } from '../../api.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { ClaimRule } from './claims.ts';
import type { JwksSource } from './jwks.ts';
import { verifySignature } from './signature.ts';
import { decodeToken } from './token.ts';

/**
 * The checks every authorizer shares, in the order the tutorial teaches
 * them: the header, the token's shape, the issuer and its keys, the
 * signature, then the claims. The first failure refuses the token; the trace
 * records every hop up to it and names the check. What a hop shows that
 * takes work to write (the claim checks' words) is written only when the
 * trace is read.
 */
export interface VerifierOptions {
  /** Trusted issuers and where their keys come from. Keys are never fetched for any other issuer. */
  issuers: ReadonlyMap<string, JwksSource>;
  /** The claim rules, in order: the same for every issuer, or each issuer's own (by `iss`). */
  claimRules: readonly ClaimRule[] | ReadonlyMap<string, readonly ClaimRule[]>;
  maxTokenBytes: number;
  now: () => number;
  /** The signing algorithms accepted. Default: RS256 alone, the one Cognito signs with. */
  algorithms?: readonly JwtAlgorithm[];
  /** What the authorizer trusts, as its refusals name it. Default: user pools. */
  trusts?: 'user pool' | 'issuer';
  /** Whether `Bearer ` before the token is taken off. Default: yes. */
  bearer?: boolean;
  /** Said in the header hop when how the header is read is this gateway's choice, not AWS's documented behaviour. */
  headerInferred?: string;
}

export type Verification =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; check: CheckName; reason: string; payload?: Record<string, unknown> };

const BEARER = 'Bearer ';
const RS256_ONLY: readonly JwtAlgorithm[] = ['RS256'];
const NO_RULES: readonly ClaimRule[] = [];

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
  const bearer = options.bearer !== false && value.startsWith(BEARER);
  const token = bearer ? value.slice(BEARER.length) : value;
  const headerDetail: HeaderDetail = { identitySource: identity.name, present: value !== '', scheme: bearer ? 'Bearer' : 'none', tokenBytes: token.length };
  if (options.headerInferred !== undefined) headerDetail.inferred = options.headerInferred;
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
  const algorithms = options.algorithms ?? RS256_ONLY;
  const headerProblem = checkHeader(header, algorithms);
  trace.hop('decode', since, headerProblem === undefined, { header, payload, segments });
  if (headerProblem) return refuse('decode', headerProblem.check, headerProblem.reason, payload);
  const kid = header.kid as string;
  const alg = header.alg as JwtAlgorithm;

  since = trace.mark();
  const issuer = typeof payload.iss === 'string' ? payload.iss : undefined;
  const source = issuer === undefined ? undefined : options.issuers.get(issuer);
  if (!source || issuer === undefined) {
    trace.hop('jwks', since, false, { issuer: payload.iss ?? null, trusted: [...options.issuers.keys()] });
    return refuse('jwks', 'iss', `the issuer ${JSON.stringify(payload.iss ?? null)} is not ${options.trusts === 'issuer' ? 'an issuer' : 'a user pool'} this authorizer trusts`, payload);
  }
  const pending = source.getKey(kid, alg);
  const lookup = pending instanceof Promise ? await pending : pending;
  trace.hop('jwks', since, lookup.ok, () => ({ issuer, kid, ...lookup.detail }));
  if (!lookup.ok) return refuse('jwks', lookup.check, lookup.reason, payload);

  since = trace.mark();
  const verified = verifySignature(decoded.token, lookup.key, alg);
  const valid = typeof verified === 'boolean' ? verified : await verified;
  trace.hop('signature', since, valid, { alg, kid, valid });
  if (!valid) {
    const owner = options.trusts === 'issuer' ? "issuer's" : "pool's";
    return refuse('signature', 'signature', segments.signature === '' ? 'the signature is missing' : `the signature does not verify with the ${owner} key`, payload);
  }

  since = trace.mark();
  const nowSeconds = Math.floor(options.now() / 1000);
  const rules = Array.isArray(options.claimRules) ? (options.claimRules as readonly ClaimRule[]) : ((options.claimRules as ReadonlyMap<string, readonly ClaimRule[]>).get(issuer) ?? NO_RULES);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!rule.passes(payload, nowSeconds)) {
      const checks = rules.slice(0, i + 1).map((each) => each(payload, nowSeconds));
      trace.hop('claims', since, false, { checks });
      const failed = checks[i]!;
      return refuse('claims', failed.check, `${failed.claim} is ${JSON.stringify(failed.actual)}, expected ${failed.expected}`, payload);
    }
  }
  trace.hop('claims', since, true, () => ({ checks: rules.map((rule) => rule(payload, nowSeconds)) }));
  return { ok: true, payload };
}

/** An accepted algorithm, no critical extension (the gateway understands none), and a key id. */
function checkHeader(header: Record<string, unknown>, algorithms: readonly JwtAlgorithm[]): { check: CheckName; reason: string } | undefined {
  if (!algorithms.includes(header.alg as JwtAlgorithm)) {
    const accepted = algorithms.length === 1 ? algorithms[0] : `one of ${JSON.stringify(algorithms)}`;
    return { check: 'alg', reason: `the algorithm ${JSON.stringify(header.alg ?? null)} is not ${accepted}` };
  }
  if (header.crit !== undefined) return { check: 'crit', reason: `the header marks ${JSON.stringify(header.crit)} as critical, and the gateway understands no extension` };
  if (typeof header.kid !== 'string' || header.kid === '') return { check: 'kid', reason: 'the header has no key id (kid)' };
  return undefined;
}
