/**
 * The trace contract, checked by the type checker (`npm run check`, which
 * runs `tsc` over this file) and never run. The gateway writes each hop's
 * details in the shape its name gives (src/lib/trace/details.ts); the
 * widgets read them by the same names. A key renamed on either side is a
 * type error: each `@ts-expect-error` below marks a line that must fail to
 * compile, and the check fails if it ever compiles.
 */
import type { ClaimCheck, Hop } from '../../src/lib/trace/types.ts';
import type { TraceRecorder } from '../../src/stack/gateway/trace/recorder.ts';

declare const recorder: TraceRecorder;
declare const hop: Hop;
declare const check: ClaimCheck;

// The gateway writes the details of a hop in that hop's shape…
const key = { issuer: 'https://issuer.test', kid: 'k1', url: 'https://issuer.test/jwks.json', fetchMs: 0, ageMs: 0 } as const;
recorder.hop('jwks', 0, true, { ...key, cache: 'hit', kids: ['k1'] });
recorder.hop('header', 0, true, { identitySource: 'Authorization', present: true, scheme: 'Bearer', tokenBytes: 812 });
recorder.hop('claims', 0, true, () => ({ checks: [check] }));
// @ts-expect-error `cache` renamed: the waterfall would print "undefined".
recorder.hop('jwks', 0, true, { ...key, cached: 'hit', kids: ['k1'] });
// @ts-expect-error `kids` renamed.
recorder.hop('jwks', 0, true, { ...key, cache: 'hit', keyIds: ['k1'] });
// @ts-expect-error `scheme` renamed.
recorder.hop('header', 0, true, { identitySource: 'Authorization', present: true, authScheme: 'Bearer', tokenBytes: 812 });
// @ts-expect-error A scheme the header hop does not know.
recorder.hop('header', 0, true, { identitySource: 'Authorization', present: true, scheme: 'bearer', tokenBytes: 812 });
// @ts-expect-error The details of another hop.
recorder.hop('header', 0, true, { checks: [check] });
// @ts-expect-error Details written later must be of the same shape.
recorder.hop('claims', 0, true, () => ({ check: [check] }));
// @ts-expect-error A hop the trace does not have.
recorder.hop('authorize', 0, true, {});

// …and a widget reads them by the names the gateway writes, once the hop's name says which hop it is.
export function waterfallSummary(): string {
  switch (hop.name) {
    case 'jwks': {
      const cache: 'hit' | 'miss' | 'refetch' | undefined = hop.detail.cache;
      const kids: string[] | undefined = hop.detail.kids;
      // @ts-expect-error A renamed key cannot be read.
      void hop.detail.cached;
      return `${cache} ${kids?.length}`;
    }
    case 'header': {
      const scheme: 'Bearer' | 'none' = hop.detail.scheme;
      // @ts-expect-error A renamed key cannot be read.
      void hop.detail.authScheme;
      return scheme;
    }
    case 'claims':
      // @ts-expect-error The claims hop has checks, not a check.
      void hop.detail.check;
      return String(hop.detail.checks.length);
    default:
      // @ts-expect-error Before its name is known, a hop's details are any hop's: none has every key.
      return String(hop.detail.cache);
  }
}
