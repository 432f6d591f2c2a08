import { WIRE_FIELDS } from '../../lib/cognito/wire-glossary.ts';
import { h } from '../shared/dom.ts';
import { jsonBlock } from '../shared/highlight/json-block.ts';
import type { Exchange } from './wire-recorder.ts';

/**
 * One HTTP exchange with the user pool, as the reader sees it: a one-line
 * summary, then each field of the request and the response with what it
 * means, then the raw bodies.
 */
export function exchangeView(exchange: Exchange, index: number, secret: string | undefined): HTMLElement {
  const request = parse(exchange.requestBody);
  const response = parse(exchange.responseBody);
  const carriesSecret = secret !== undefined && secret !== '' && exchange.requestBody.includes(JSON.stringify(secret).slice(1, -1));
  return h(
    'details',
    { class: 'tt-wire__exchange', attrs: { 'data-operation': exchange.operation } },
    h(
      'summary',
      null,
      h('strong', null, `${index}. ${exchange.operation}`),
      [describeRequest(request), '→', exchange.status, describeResponse(response)]
        .filter((part) => part !== '')
        .map((part) => ` ${part}`)
        .join(''),
    ),
    h('p', null, h('code', null, `POST ${exchange.url}`), h('br', null), h('code', null, `x-amz-target: ${exchange.requestHeaders['x-amz-target'] ?? ''}`)),
    secret !== undefined
      ? h(
          'p',
          { class: carriesSecret ? 'tt-w__warn' : 'tt-w__ok', attrs: { 'data-password': carriesSecret ? 'sent' : 'absent' } },
          carriesSecret ? 'This request carries the password.' : '✓ The password is not in this request.',
        )
      : null,
    fieldsTable('Request fields', request),
    h('p', { class: 'tt-w__heading' }, `Response: ${exchange.status} (${Math.round(exchange.ms)} ms)`),
    fieldsTable('Response fields', response),
    h(
      'details',
      null,
      h('summary', null, 'Raw request and response bodies'),
      jsonBlock(request ?? exchange.requestBody, 'Request body'),
      jsonBlock(response ?? exchange.responseBody, 'Response body'),
    ),
  );
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describeRequest(body: Record<string, unknown> | undefined): string {
  const detail = body?.AuthFlow ?? body?.ChallengeName;
  return typeof detail === 'string' ? `(${detail})` : '';
}

function describeResponse(body: Record<string, unknown> | undefined): string {
  if (!body) return '';
  if (typeof body.__type === 'string') return `${body.__type}: ${String(body.message ?? '')}`;
  if (typeof body.ChallengeName === 'string') return `challenge ${body.ChallengeName}`;
  if (body.AuthenticationResult) return 'tokens';
  return '';
}

/** Top-level fields, with the parameter maps (AuthParameters, ChallengeParameters…) opened one level. */
function fieldsTable(caption: string, body: Record<string, unknown> | undefined): HTMLElement | null {
  if (!body || Object.keys(body).length === 0) return null;
  const rows: HTMLElement[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) rows.push(fieldRow(`${name}.${inner}`, inner, innerValue));
    } else rows.push(fieldRow(name, name, value));
  }
  return h(
    'div',
    { class: 'tt-w__scroll' },
    h(
      'table',
      { class: 'tt-w__table tt-wire__fields' },
      h('caption', { class: 'tt-w__heading' }, caption),
      h('thead', null, h('tr', null, h('th', { attrs: { scope: 'col' } }, 'Field'), h('th', { attrs: { scope: 'col' } }, 'Value, and what it is'))),
      h('tbody', null, rows),
    ),
  );
}

function fieldRow(path: string, name: string, value: unknown): HTMLElement {
  return h(
    'tr',
    { attrs: { 'data-field': name } },
    h('th', { attrs: { scope: 'row' } }, h('code', null, path)),
    h(
      'td',
      null,
      h('code', null, shorten(typeof value === 'string' ? value : JSON.stringify(value))),
      Object.hasOwn(WIRE_FIELDS, name) ? h('div', { class: 'tt-w__muted' }, WIRE_FIELDS[name]) : null,
    ),
  );
}

/** Long values (SRP numbers, tokens) as their start and end, with their length. */
function shorten(text: string): string {
  return text.length <= 48 ? text : `${text.slice(0, 20)}…${text.slice(-8)} (${text.length} characters)`;
}
