import { emitFlow } from '../../../lib/flow-events.ts';
import { CHECKS, HOPS, type HopName } from '../../../lib/trace/hops.ts';
import type { ClaimCheck, Hop, HopOf, Trace } from '../../../lib/trace/types.ts';
import { h } from '../dom.ts';
import { jsonBlock } from '../highlight/json-block.ts';
import type { GatewayExchange } from './call-gateway.ts';

/**
 * What the gateway did with one request: the verdict in a sentence, the hops
 * as a waterfall with timings (each opens to its details), the event Lambda
 * received, and the response as the browser got it.
 */

/** The outcome in one line, for the verdict and the live region: allowed, or which check refused the request. */
export function headline(exchange: GatewayExchange): string {
  const { trace, status } = exchange;
  const failure = trace?.failure;
  if (failure) return `✗ ${status}: refused by the check “${failure.check}” at “${HOPS[failure.hop].label}”, step ${HOPS[failure.hop].step}.`;
  if (status < 400) return `✓ ${status}: allowed.${trace ? ' Every check passed and the function answered.' : ''}`;
  const fromFunction = trace?.hops.some((hop) => hop.name === 'lambda-result' && hop.ok);
  return `${status}: ${fromFunction ? 'the gateway let the request through; the function itself said no.' : 'refused (this API keeps no trace that says by which check).'}`;
}

/** The headline, and for a refusal the rule that was broken and what the gateway found. */
export function verdict(exchange: GatewayExchange): HTMLElement {
  const failure = exchange.trace?.failure;
  const tone = failure ? 'tt-w__fail' : exchange.status < 400 ? 'tt-w__ok' : 'tt-w__warn';
  return h(
    'div',
    { class: `tt-trace__verdict ${tone}`, attrs: { 'data-check': failure?.check, 'data-status': exchange.status } },
    h('p', null, h('strong', null, headline(exchange))),
    failure ? [h('p', null, h('strong', null, 'Rule: '), `${CHECKS[failure.check]}.`), h('p', null, h('strong', null, 'Found: '), `${failure.reason}.`)] : null,
  );
}

export function waterfall(trace: Trace): HTMLElement {
  const total = Math.max(trace.durationMs, 0.001);
  return h(
    'ol',
    { class: 'tt-trace', attrs: { 'aria-label': `The gateway's hops, ${trace.durationMs.toFixed(2)} ms in all` } },
    trace.hops.map((hop) => hopRow(hop, total, trace)),
  );
}

function hopRow(hop: Hop, total: number, trace: Trace): HTMLElement {
  const start = (hop.startMs / total) * 100;
  const width = Math.max((hop.durationMs / total) * 100, 0.8);
  const refused = trace.failure?.hop === hop.name && !hop.ok;
  return h(
    'li',
    { class: 'tt-trace__hop', attrs: { 'data-hop': hop.name, 'data-ok': String(hop.ok) } },
    h(
      'details',
      null,
      h(
        'summary',
        null,
        h('span', { class: 'tt-trace__name' }, h('span', { class: hop.ok ? 'tt-w__ok' : 'tt-w__fail' }, hop.ok ? '✓ ' : '✗ '), HOPS[hop.name].label),
        h(
          'span',
          { class: 'tt-trace__track', attrs: { 'aria-hidden': 'true' } },
          h('span', { class: 'tt-trace__bar', vars: { '--start': `${Math.min(start, 99)}%`, '--width': `${Math.min(width, 100 - Math.min(start, 99))}%` } }),
        ),
        h('span', { class: 'tt-trace__ms' }, `${hop.durationMs.toFixed(2)} ms`),
        h('span', { class: 'tt-trace__summary' }, `step ${HOPS[hop.name].step} · ${refused ? `refused: ${trace.failure!.check}` : summarise(hop)}`),
      ),
      hop.name === 'claims' ? claimChecks(hop.detail.checks) : null,
      jsonBlock(hop.detail, `Details of the hop “${HOPS[hop.name].label}”`),
    ),
  );
}

/** A few words about a hop, from its details: `hop.name` says which details it has. */
function summarise(hop: Hop): string {
  switch (hop.name) {
    case 'received':
      return `${hop.detail.method} ${hop.detail.path}`;
    case 'route': {
      const d = hop.detail;
      if (d.outcome === 'preflight') return 'CORS preflight';
      if (d.outcome === 'no-route') return `no route for ${d.method} ${d.path}`;
      return `${d.resource}${d.authorizer ? ', with an authorizer' : ', no authorizer'}`;
    }
    case 'header': {
      const d = hop.detail;
      return d.present ? `${d.scheme === 'Bearer' ? 'Bearer token' : 'raw token'}, ${d.tokenBytes} bytes` : 'no token';
    }
    case 'decode': {
      const { header } = hop.detail;
      return header ? `alg ${String(header.alg)}, kid ${String(header.kid ?? '—').slice(0, 12)}…` : '';
    }
    case 'jwks': {
      const d = hop.detail;
      return d.cache === undefined ? 'issuer not trusted' : `cache ${d.cache}, ${d.kids.length} keys`;
    }
    case 'signature':
      return hop.detail.valid ? 'valid' : 'does not verify';
    case 'claims': {
      const { checks } = hop.detail;
      return `${checks.filter((check) => check.ok).length} of ${checks.length} checks passed`;
    }
    case 'decision':
      return hop.detail.allowed ? 'allow' : `deny, ${hop.detail.status}`;
    case 'lambda-event':
      return `payload ${hop.detail.payloadVersion} for ${hop.detail.function}`;
    case 'lambda-result':
      return hop.detail.outcome;
    case 'response':
      return `${hop.detail.status}, ${hop.detail.bodyBytes} bytes`;
  }
}

function claimChecks(checks: ClaimCheck[]): HTMLElement {
  return h(
    'div',
    { class: 'tt-w__scroll' },
    h(
      'table',
      { class: 'tt-w__table' },
      h('caption', { class: 'tt-w__heading' }, 'Claim checks, in order'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['Check', 'Expected', 'Found', 'Result'].map((name) => h('th', { attrs: { scope: 'col' } }, name)),
        ),
      ),
      h(
        'tbody',
        null,
        checks.map((check) =>
          h(
            'tr',
            { attrs: { 'data-check': check.check } },
            h('th', { attrs: { scope: 'row' } }, h('code', null, check.claim)),
            h('td', null, check.expected),
            // null: the token has no such claim (ClaimCheck.actual).
            h('td', null, check.actual === null ? h('em', null, 'missing') : h('code', null, JSON.stringify(check.actual))),
            h('td', { class: check.ok ? 'tt-w__ok' : 'tt-w__fail' }, check.ok ? '✓ pass' : '✗ fail'),
          ),
        ),
      ),
    ),
  );
}

/** The event the function received, when the request got that far. */
export function lambdaEvent(trace: Trace): HTMLElement[] {
  const hop = trace.hops.find((candidate): candidate is HopOf<'lambda-event'> => candidate.name === 'lambda-event');
  if (!hop) return [h('p', { class: 'tt-w__note' }, 'No Lambda event: the request never reached the function.')];
  return [
    h('p', { class: 'tt-w__note' }, `What the function ${hop.detail.function} received (payload format ${hop.detail.payloadVersion}):`),
    jsonBlock(hop.detail.event, 'The Lambda event'),
  ];
}

export function responseView(exchange: GatewayExchange): HTMLElement[] {
  const hop = exchange.trace?.hops.find((candidate): candidate is HopOf<'response'> => candidate.name === 'response');
  const headers = hop?.detail.headers ?? exchange.responseHeaders;
  return [
    h('p', null, h('code', null, `HTTP ${exchange.status}${exchange.statusText ? ` ${exchange.statusText}` : ''}`), ` in ${Math.round(exchange.ms)} ms`),
    h(
      'details',
      null,
      h('summary', null, `Headers (${headers.length})`),
      h('pre', { class: 'tt-code', attrs: { tabindex: 0, 'aria-label': 'Response headers' } }, headers.map(([name, value]) => `${name}: ${value}`).join('\n')),
    ),
    h('p', { class: 'tt-w__note' }, 'Body, as text:'),
    jsonBlock(exchange.body, 'Response body'),
  ];
}

/** Lights the diagram's steps and hops in order, a beat apart unless the reader prefers less motion. */
export async function replayFlow(trace: Trace): Promise<void> {
  const beat = matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 120;
  for (const hop of trace.hops) {
    emitFlow({ step: HOPS[hop.name].step, hop: hop.name, state: hop.ok ? 'ok' : 'failed', label: HOPS[hop.name].label });
    if (beat) await new Promise((resolve) => setTimeout(resolve, beat));
  }
}

/** What the local gateway's trace shows and API Gateway on AWS keeps to itself. */
const HIDDEN_ON_AWS: readonly HopName[] = ['route', 'header', 'decode', 'jwks', 'signature', 'claims', 'decision', 'lambda-event'];

/**
 * In place of the waterfall, against AWS: what API Gateway does not expose
 * to a page, and what the function echoes instead. The /hello function sends
 * back the whole event it received, so the claims the authorizer passed on
 * are there to read; a refusal by the gateway itself carries only its
 * status, body and error type.
 */
export function awsInstead(exchange: GatewayExchange): HTMLElement[] {
  const header = (name: string) => exchange.responseHeaders.find(([candidate]) => candidate.toLowerCase() === name)?.[1];
  const echoed = echoedEvent(exchange.body);
  const claims = echoed ? claimsOf(echoed) : undefined;
  const errorType = header('x-amzn-errortype');
  const challenge = header('www-authenticate');
  return [
    h(
      'div',
      { class: 'tt-w__panel tt-trace__aws', attrs: { 'data-aws-trace': true } },
      h('p', { class: 'tt-w__heading' }, 'What AWS does not show a page'),
      h(
        'p',
        null,
        'API Gateway on AWS checks the token the same way, but tells the caller only the outcome. These steps of the local trace have no counterpart a page can read: ',
        HIDDEN_ON_AWS.map((hop, index) => [index > 0 ? ', ' : '', h('strong', null, HOPS[hop].label)]),
        '; nor their timings. ',
        'The account owner sees part of it in CloudWatch: the REST API’s execution logs (when turned on for the stage) and the access logs of both APIs.',
      ),
      h(
        'p',
        null,
        'What AWS did send: ',
        h('code', null, `HTTP ${exchange.status}`),
        errorType ? [', ', h('code', null, `x-amzn-ErrorType: ${errorType}`)] : null,
        challenge ? [', ', h('code', null, `www-authenticate: ${challenge}`)] : null,
        exchange.requestId ? [', request id ', h('code', null, exchange.requestId), ' (the key to its log lines)'] : null,
        '.',
      ),
    ),
    echoed
      ? h(
          'div',
          null,
          h('p', { class: 'tt-w__heading' }, 'What the function echoes instead'),
          h(
            'p',
            { class: 'tt-w__note' },
            claims
              ? 'The claims the authorizer verified and handed to the function, as the function received them:'
              : 'The function received no claims: the route has no authorizer.',
          ),
          claims ? jsonBlock(claims, 'The claims the function received') : null,
          h('details', null, h('summary', null, 'The whole Lambda event'), jsonBlock(echoed, 'The Lambda event, as the function echoed it')),
        )
      : h(
          'p',
          { class: 'tt-w__note' },
          exchange.status < 400
            ? 'This function does not echo its event; GET /hello does.'
            : 'The function did not run, or did not answer in a form the page can read: the response above is all there is.',
        ),
  ];
}

type EchoedEvent = Record<string, unknown> & { requestContext?: { authorizer?: { claims?: unknown; jwt?: { claims?: unknown } } } };

function echoedEvent(body: string): EchoedEvent | undefined {
  try {
    const parsed = JSON.parse(body) as { event?: unknown };
    return typeof parsed.event === 'object' && parsed.event !== null ? (parsed.event as EchoedEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** REST APIs put the claims at requestContext.authorizer.claims, the HTTP API at requestContext.authorizer.jwt.claims. */
function claimsOf(event: EchoedEvent): unknown {
  const authorizer = event.requestContext?.authorizer;
  return authorizer?.jwt?.claims ?? authorizer?.claims ?? undefined;
}
