import type { Backend } from '../../lib/backend.ts';
import { glossaryEntry } from '../../lib/jwt/glossary.ts';
import { inspectToken, type Finding, type InspectedToken } from '../../lib/jwt/inspect.ts';
import { clockFace, expiryAnnouncement, relativeTime, utcTime } from '../../lib/jwt/times.ts';
import { h, replace } from '../shared/dom.ts';
import type { Status } from '../shared/frame.ts';
import { jsonBlock } from '../shared/highlight/json-block.ts';
import { jwtParts } from '../shared/jwt-parts.ts';
import type { SignatureCheck } from './verify-signature.ts';

/**
 * Everything the inspector shows about one token: its parts, what is wrong
 * with it, the decoded header and payload, a table that explains each field,
 * the expiry countdown, and signature verification on request.
 */
export interface InspectionContext {
  backend: Backend;
  status: Status;
  /** What the token is called in messages, e.g. "ID token" or "pasted token". */
  name: string;
}

/** Renders into `target`; returns a function that stops the countdown. */
export function renderInspection(target: HTMLElement, token: string, context: InspectionContext): () => void {
  const inspected = inspectToken(token);
  const countdown = expiryCountdown(inspected, context);
  replace(
    target,
    h('p', { class: 'tt-w__heading' }, 'Encoded'),
    jwtParts(inspected),
    findingsList(inspected.findings),
    countdown?.element,
    decodedParts(inspected),
    claimTables(inspected),
    inspected.form === 'jws' && inspected.header ? verification(inspected, context) : null,
  );
  return () => countdown?.stop();
}

const SEVERITY_WORDS: Record<Finding['severity'], string> = { error: 'Problem', warning: 'Warning', info: 'Note' };
const SEVERITY_CLASS: Record<Finding['severity'], string> = { error: 'tt-w__fail', warning: 'tt-w__warn', info: 'tt-w__muted' };

function findingsList(findings: Finding[]): HTMLElement | null {
  if (findings.length === 0) return null;
  return h(
    'ul',
    { class: 'tt-inspector__findings' },
    findings.map((finding) =>
      h(
        'li',
        { class: SEVERITY_CLASS[finding.severity], attrs: { 'data-finding': finding.code } },
        h('strong', null, `${SEVERITY_WORDS[finding.severity]}: `),
        finding.message,
      ),
    ),
  );
}

function decodedParts(inspected: InspectedToken): HTMLElement[] {
  const blocks: HTMLElement[] = [];
  const headerName = inspected.form === 'jwe' ? 'Protected header (decoded)' : 'Header (decoded)';
  if (inspected.headerText !== undefined)
    blocks.push(h('p', { class: 'tt-w__heading' }, headerName), jsonBlock(inspected.header ?? inspected.headerText, headerName));
  if (inspected.payloadText !== undefined)
    blocks.push(h('p', { class: 'tt-w__heading' }, 'Payload (decoded)'), jsonBlock(inspected.payload ?? inspected.payloadText, 'Payload (decoded)'));
  if (inspected.form === 'jws' && inspected.signatureBytes !== undefined) {
    blocks.push(
      h(
        'p',
        { class: 'tt-w__note' },
        `The signature is ${inspected.signatureBytes} bytes (${inspected.signatureBytes * 8} bits) of binary data: it cannot be decoded, only verified with the right key.`,
      ),
    );
  }
  return blocks;
}

function claimTables(inspected: InspectedToken): HTMLElement[] {
  const tables: HTMLElement[] = [];
  if (inspected.header) tables.push(claimTable('Header parameters', inspected.header, 'header'));
  if (inspected.payload) tables.push(claimTable('Payload claims', inspected.payload, 'payload'));
  return tables;
}

function claimTable(caption: string, fields: Record<string, unknown>, where: 'header' | 'payload'): HTMLElement {
  const now = Date.now();
  const rows = Object.entries(fields).map(([name, value]) => {
    const entry = glossaryEntry(name, where);
    const time = entry?.time && typeof value === 'number' ? describeTime(value, now) : undefined;
    return h(
      'tr',
      { attrs: { 'data-claim': name } },
      h('th', { attrs: { scope: 'row' } }, h('code', null, name)),
      h('td', null, h('code', null, displayValue(value)), time ? h('div', { class: 'tt-w__muted' }, time) : null),
      h('td', null, entry ? [h('strong', null, entry.label), ` — ${entry.description}`] : h('span', { class: 'tt-w__muted' }, 'Not a claim Cognito uses.')),
    );
  });
  return h(
    'div',
    { class: 'tt-w__scroll' },
    h(
      'table',
      { class: 'tt-w__table tt-inspector__claims' },
      h('caption', { class: 'tt-w__heading' }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { attrs: { scope: 'col' } }, 'Name'),
          h('th', { attrs: { scope: 'col' } }, 'Value'),
          h('th', { attrs: { scope: 'col' } }, 'Meaning'),
        ),
      ),
      h('tbody', null, rows),
    ),
  );
}

function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function describeTime(seconds: number, now: number): string {
  const utc = utcTime(seconds);
  return utc ? `${utc}, ${relativeTime(seconds, now)}` : 'not a date';
}

/** "Expires in 54:12", ticking; milestones announced through the status line, not every second. */
function expiryCountdown(inspected: InspectedToken, context: InspectionContext): { element: HTMLElement; stop(): void } | undefined {
  const exp = inspected.payload?.exp;
  if (typeof exp !== 'number' || !utcTime(exp)) return undefined;
  const face = h('strong', null);
  const element = h('p', { class: 'tt-inspector__expiry' }, face, ` (exp ${utcTime(exp)})`);
  let left = exp - Date.now() / 1000;
  const show = () => {
    element.dataset.state = left > 0 ? 'valid' : 'expired';
    face.className = left > 0 ? 'tt-w__ok' : 'tt-w__fail';
    face.textContent = left > 0 ? `Valid for another ${clockFace(left)}` : `Expired ${relativeTime(exp, Date.now())}`;
  };
  show();
  const timer = setInterval(() => {
    const before = left;
    left = exp - Date.now() / 1000;
    show();
    const announcement = expiryAnnouncement(before, left, context.name);
    if (announcement) context.status.say(announcement, left > 0 ? 'warn' : 'fail');
  }, 1000);
  return { element, stop: () => clearInterval(timer) };
}

function verification(inspected: InspectedToken, context: InspectionContext): HTMLElement {
  const result = h('div', { class: 'tt-inspector__verification', attrs: { 'aria-live': 'polite' } });
  const button = h('button', { class: 'tt-w__button tt-w__button--quiet', attrs: { type: 'button' } }, "Verify the signature with the pool's public keys");
  button.addEventListener('click', async () => {
    button.disabled = true;
    context.status.say(`Fetching the pool's public keys from ${context.backend.jwksUri}…`);
    try {
      const { checkSignature } = await import('./verify-signature.ts');
      const check = await checkSignature(inspected.token, inspected.header, context.backend);
      replace(result, verdict(check, context.backend));
      context.status.say(
        check.outcome === 'valid' ? `The ${context.name}'s signature is valid.` : `The ${context.name}'s signature did not verify.`,
        check.outcome === 'valid' ? 'ok' : 'fail',
      );
    } catch (error) {
      context.status.say((error as Error).message, 'fail');
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'div',
    { class: 'tt-w__panel' },
    h('p', { class: 'tt-w__note' }, 'Verifying fetches the public keys; the token itself is not sent anywhere.'),
    button,
    result,
  );
}

function verdict(check: SignatureCheck, backend: Backend): HTMLElement {
  const data = { attrs: { 'data-outcome': check.outcome } };
  if (check.outcome === 'valid' || check.outcome === 'invalid') {
    const keyLine = `key ${check.position} of ${check.keyCount} in ${backend.jwksUri} — kid ${check.kid}, ${check.key.kty ?? '?'} ${check.bits ?? '?'} bits, ${check.key.alg ?? 'no alg'}, modulus n = ${String(check.key.n).slice(0, 24)}…`;
    return h(
      'div',
      data,
      check.outcome === 'valid'
        ? h(
            'p',
            { class: 'tt-w__ok' },
            h('strong', null, '✓ Valid signature. '),
            'The pool signed exactly this header and payload. (Whether the token is still valid is another matter: see exp.)',
          )
        : h('p', { class: 'tt-w__fail' }, h('strong', null, '✗ Invalid signature. '), check.reason),
      h('p', null, 'Checked with ', keyLine),
    );
  }
  if (check.outcome === 'no-key') {
    return h(
      'div',
      data,
      h('p', { class: 'tt-w__fail' }, h('strong', null, '✗ No matching key. '), check.reason),
      h('p', null, `The JWKS has: ${check.kids.join(', ') || 'no keys'}.`),
    );
  }
  return h('div', data, h('p', { class: 'tt-w__fail' }, h('strong', null, '✗ Not verified. '), check.reason));
}
