import type { ClaimsDetail, DecodeDetail, HeaderDetail, JwksDetail, JwksHopDetail } from '../../../lib/trace/details.ts';
import type { CheckName, HopName } from '../../../lib/trace/hops.ts';
import type { JwtAlgorithm } from '../../api.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { ClaimRule } from './claims.ts';
import type { JwksSource, KeyLookup } from './jwks.ts';
import { verifySignature } from './signature.ts';
import { decodeToken, type DecodeResult, type DecodedToken } from './token.ts';
import type { VerifiedToken, VerifiedTokens } from './verified-tokens.ts';

/**
 * The checks every authorizer shares, in the order the tutorial teaches
 * them: the header, the token's shape, the issuer and its keys, the
 * signature, then the claims. The first failure refuses the token; the trace
 * records every hop up to it and names the check. What a hop shows that
 * takes work to write (the claim checks' words) is written only when the
 * trace is read. A token verified before with the same key is taken from
 * the authorizer's cache (verified-tokens.ts) instead of being decoded and
 * verified again; every other check runs as for a new token.
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
  /** Tokens decoded and verified before, shared by the authorizer's routes; none: every token is decoded and verified. */
  verified?: VerifiedTokens;
}

export type Verification = { ok: true; payload: Record<string, unknown> } | { ok: false; check: CheckName; reason: string; payload?: Record<string, unknown> };

const BEARER = 'Bearer ';
const RS256_ONLY: readonly JwtAlgorithm[] = ['RS256'];
const NO_RULES: readonly ClaimRule[] = [];

/**
 * Verifies the token the identity source holds. The answer is synchronous
 * when the issuer's key is cached and node:crypto verifies, as it is for
 * nearly every request: a promise only when keys must be fetched or
 * WebCrypto verifies, so that a request waits on nothing it need not.
 */
export function verifyToken(
  identity: { name: string; value: string | null },
  options: VerifierOptions,
  trace: TraceRecorder,
): Verification | Promise<Verification> {
  let since = trace.mark();
  const value = identity.value ?? '';
  const bearer = options.bearer !== false && value.startsWith(BEARER);
  const token = bearer ? value.slice(BEARER.length) : value;
  const headerDetail: HeaderDetail = { identitySource: identity.name, present: value !== '', scheme: bearer ? 'Bearer' : 'none', tokenBytes: token.length };
  if (options.headerInferred !== undefined) headerDetail.inferred = options.headerInferred;
  if (value === '') {
    trace.hop('header', since, false, headerDetail);
    return refuse(trace, 'header', 'identity-source', `the ${identity.name} header is ${identity.value === null ? 'missing' : 'empty'}`);
  }
  if (token.length > options.maxTokenBytes) {
    trace.hop('header', since, false, headerDetail);
    return refuse(trace, 'header', 'token-size', `the token has ${token.length} bytes, more than the cap of ${options.maxTokenBytes}`);
  }
  since = trace.hop('header', since, true, headerDetail);

  const known = options.verified?.get(token, Math.floor(options.now() / 1000));
  const decoded: DecodeResult = known ? { ok: true, token: known.token } : decodeToken(token);
  if (!decoded.ok) {
    trace.hop('decode', since, false, { token });
    return refuse(trace, 'decode', decoded.check, decoded.reason);
  }
  const { header, payload, segments } = decoded.token;
  const headerProblem = checkHeader(header, options.algorithms ?? RS256_ONLY);
  since = trace.hop('decode', since, headerProblem === undefined, headerProblem ? { header, payload, segments } : decodeLater(token));
  if (headerProblem) return refuse(trace, 'decode', headerProblem.check, headerProblem.reason, payload);

  const issuer = typeof payload.iss === 'string' ? payload.iss : undefined;
  const source = issuer === undefined ? undefined : options.issuers.get(issuer);
  if (!source || issuer === undefined) {
    trace.hop('jwks', since, false, { issuer: payload.iss ?? null, trusted: [...options.issuers.keys()] });
    return refuse(
      trace,
      'jwks',
      'iss',
      `the issuer ${JSON.stringify(payload.iss ?? null)} is not ${options.trusts === 'issuer' ? 'an issuer' : 'a user pool'} this authorizer trusts`,
      payload,
    );
  }
  const checked: Checked = { raw: token, token: decoded.token, kid: header.kid as string, alg: header.alg as JwtAlgorithm, issuer, since, known };
  const lookup = source.getKey(checked.kid, checked.alg);
  return lookup instanceof Promise ? lookup.then((found) => withKey(found, checked, options, trace)) : withKey(lookup, checked, options, trace);
}

/** What the checks up to the key lookup established. */
interface Checked {
  /** The token as received. */
  raw: string;
  token: DecodedToken;
  kid: string;
  alg: JwtAlgorithm;
  issuer: string;
  /** When the key lookup began. */
  since: number;
  /** The same string as decoded and verified before, if the cache has it. */
  known: VerifiedToken | undefined;
}

function withKey(lookup: KeyLookup, checked: Checked, options: VerifierOptions, trace: TraceRecorder): Verification | Promise<Verification> {
  const { token, kid, alg, issuer } = checked;
  const since = trace.hop('jwks', checked.since, lookup.ok, jwksLater(issuer, kid, lookup.detail));
  if (!lookup.ok) {
    if (checked.known) options.verified?.delete(checked.raw);
    return refuse(trace, 'jwks', lookup.check, lookup.reason, token.payload);
  }
  // The same string verified with this very key before: the same bytes, the same key, the same answer.
  if (checked.known?.key === lookup.key) return withSignature(true, since, checked, options, trace);
  const verified = verifySignature(token, lookup.key, alg);
  const remember = (valid: boolean) => {
    if (valid) options.verified?.remember(checked.raw, token, lookup.key, Math.floor(options.now() / 1000));
    else if (checked.known) options.verified?.delete(checked.raw);
    return withSignature(valid, since, checked, options, trace);
  };
  return typeof verified === 'boolean' ? remember(verified) : verified.then(remember);
}

function withSignature(valid: boolean, since: number, checked: Checked, options: VerifierOptions, trace: TraceRecorder): Verification {
  const { token, kid, alg, issuer } = checked;
  const { payload } = token;
  const claimsSince = trace.hop('signature', since, valid, { alg, kid, valid });
  if (!valid) {
    const owner = options.trusts === 'issuer' ? "issuer's" : "pool's";
    return refuse(
      trace,
      'signature',
      'signature',
      token.segments.signature === '' ? 'the signature is missing' : `the signature does not verify with the ${owner} key`,
      payload,
    );
  }

  const nowSeconds = Math.floor(options.now() / 1000);
  const rules = Array.isArray(options.claimRules)
    ? (options.claimRules as readonly ClaimRule[])
    : ((options.claimRules as ReadonlyMap<string, readonly ClaimRule[]>).get(issuer) ?? NO_RULES);
  for (let i = 0; i < rules.length; i++) {
    if (!rules[i]!.passes(payload, nowSeconds)) {
      const checks = rules.slice(0, i + 1).map((rule) => rule(payload, nowSeconds));
      trace.hop('claims', claimsSince, false, { checks });
      const failed = checks[i]!;
      const found = failed.actual === null && !Object.hasOwn(payload, failed.claim) ? 'missing' : JSON.stringify(failed.actual);
      return refuse(trace, 'claims', failed.check, `${failed.claim} is ${found}, expected ${failed.expected}`, payload);
    }
  }
  trace.hop('claims', claimsSince, true, checksLater(checked.raw, rules, nowSeconds));
  return { ok: true, payload };
}

// The details of an accepted token's hops, written when the trace is read.
// What a trace keeps until then is the token as received (which its
// `received` hop keeps anyway) and a few names: the token is decoded again,
// the same, rather than kept decoded. Each is made by a function of its own,
// so that it holds on to nothing else of the request.

function decodeLater(token: string): () => DecodeDetail {
  return () => decodedDetail(token);
}

function jwksLater(issuer: string, kid: string, detail: JwksDetail): () => JwksHopDetail {
  return () => ({ issuer, kid, ...detail });
}

function checksLater(token: string, rules: readonly ClaimRule[], nowSeconds: number): () => ClaimsDetail {
  return () => {
    const { payload } = decodedDetail(token);
    return { checks: payload ? rules.map((rule) => rule(payload, nowSeconds)) : [] };
  };
}

function decodedDetail(token: string): DecodeDetail {
  const decoded = decodeToken(token);
  return decoded.ok ? { header: decoded.token.header, payload: decoded.token.payload, segments: decoded.token.segments } : { token };
}

/** Names the check that refused the token in the trace, and says so. */
function refuse(trace: TraceRecorder, hop: HopName, check: CheckName, reason: string, payload?: Record<string, unknown>): Verification {
  trace.fail(hop, check, reason);
  return { ok: false, check, reason, payload };
}

/** An accepted algorithm, no critical extension (the gateway understands none), and a key id. */
function checkHeader(header: Record<string, unknown>, algorithms: readonly JwtAlgorithm[]): { check: CheckName; reason: string } | undefined {
  if (!algorithms.includes(header.alg as JwtAlgorithm)) {
    const accepted = algorithms.length === 1 ? algorithms[0] : `one of ${JSON.stringify(algorithms)}`;
    return { check: 'alg', reason: `the algorithm ${JSON.stringify(header.alg ?? null)} is not ${accepted}` };
  }
  if (header.crit !== undefined)
    return { check: 'crit', reason: `the header marks ${JSON.stringify(header.crit)} as critical, and the gateway understands no extension` };
  if (typeof header.kid !== 'string' || header.kid === '') return { check: 'kid', reason: 'the header has no key id (kid)' };
  return undefined;
}
