import type { InspectedToken, PartRole } from '../../lib/jwt/inspect.ts';
import { h } from './dom.ts';

/**
 * A token as text with each part coloured, and a legend that names the parts
 * in words: colour is never the only cue.
 */
const PARTS: Record<PartRole, { name: string; colour: 'header' | 'payload' | 'signature' | 'extra'; about: string }> = {
  header: { name: 'Header', colour: 'header', about: 'which algorithm and key' },
  payload: { name: 'Payload', colour: 'payload', about: 'the claims' },
  signature: { name: 'Signature', colour: 'signature', about: 'proof the pool wrote it' },
  'encrypted-key': { name: 'Encrypted key', colour: 'payload', about: 'a content key, encrypted to the pool' },
  iv: { name: 'IV', colour: 'signature', about: 'initialisation vector' },
  ciphertext: { name: 'Ciphertext', colour: 'payload', about: 'the encrypted content' },
  tag: { name: 'Tag', colour: 'signature', about: 'detects tampering' },
  extra: { name: 'Extra part', colour: 'extra', about: 'does not belong' },
};

export function jwtParts(inspected: InspectedToken): HTMLElement[] {
  const seen = new Set<PartRole>();
  const legend = h('ul', { class: 'tt-jwt__legend' });
  const token = h('p', { class: 'tt-jwt', attrs: { 'data-form': inspected.form } });
  inspected.parts.forEach((part, index) => {
    const info = PARTS[part.role];
    if (index > 0) token.append(h('span', { class: 'tt-jwt__dot', attrs: { 'aria-hidden': 'true' } }, '.'));
    token.append(
      h('span', { class: 'tt-sr-only' }, `${info.name}: `),
      h('span', { class: `tt-jwt__part tt-jwt__part--${info.colour}`, attrs: { 'data-part': part.role } }, part.text || '(empty)'),
      h('span', { class: 'tt-sr-only' }, '. '),
    );
    if (!seen.has(part.role)) {
      seen.add(part.role);
      legend.append(h('li', { class: `tt-jwt__key--${info.colour}` }, h('strong', null, info.name), ` — ${info.about}`));
    }
  });
  return [token, legend];
}
