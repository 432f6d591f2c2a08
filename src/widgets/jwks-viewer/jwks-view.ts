import { JWK_FIELDS } from '../../lib/jwt/glossary.ts';
import { inspectToken } from '../../lib/jwt/inspect.ts';
import { h } from '../shared/dom.ts';
import { jsonBlock } from '../shared/highlight/json-block.ts';
import { keyBits, type PublicJwk } from '../shared/jwks.ts';
import { currentTokens } from '../shared/token-store.ts';

/**
 * The pool's keys as cards, the fields explained once, and each key that
 * signed one of the reader's current tokens marked as such. After a rotation
 * the new and the retiring keys are told apart.
 */
export interface KeyRoles {
  /** kids that sign new tokens since a rotation. */
  fresh?: Set<string>;
  /** kids that were published before the rotation. */
  retiring?: Set<string>;
}

const FIELD_ORDER = ['kid', 'alg', 'kty', 'use', 'n', 'e'];

export function jwksView(keys: PublicJwk[], jwksUri: string, roles: KeyRoles = {}): HTMLElement[] {
  const signers = tokenSigners();
  return [
    h(
      'p',
      null,
      `${keys.length} key${keys.length === 1 ? '' : 's'} at `,
      h('code', null, jwksUri),
      '. Cognito signs ID tokens and access tokens with different keys.',
    ),
    h(
      'div',
      { class: 'tt-jwks__keys' },
      keys.map((key, index) => keyCard(key, index, signers, roles)),
    ),
    h(
      'details',
      { class: 'tt-jwks__glossary' },
      h('summary', null, 'What each field means'),
      h(
        'dl',
        { class: 'tt-w__dl' },
        FIELD_ORDER.flatMap((field) => [
          h('dt', null, h('code', null, field), ` — ${JWK_FIELDS[field]!.label}`),
          h('dd', null, JWK_FIELDS[field]!.description),
        ]),
      ),
    ),
    h('details', null, h('summary', null, 'The JWKS as JSON'), jsonBlock({ keys }, 'The JWKS as JSON')),
  ];
}

/** Which of the reader's tokens each kid signed. */
function tokenSigners(): Map<string, string[]> {
  const signers = new Map<string, string[]>();
  const tokens = currentTokens();
  if (!tokens) return signers;
  for (const [name, token] of [
    ['your ID token', tokens.idToken],
    ['your access token', tokens.accessToken],
  ] as const) {
    const kid = inspectToken(token).header?.kid;
    if (typeof kid === 'string') signers.set(kid, [...(signers.get(kid) ?? []), name]);
  }
  return signers;
}

function keyCard(key: PublicJwk, index: number, signers: Map<string, string[]>, roles: KeyRoles): HTMLElement {
  const kid = String(key.kid ?? '(no kid)');
  const signs = signers.get(kid);
  const role = roles.fresh?.has(kid)
    ? 'new: signs every token issued from now on'
    : roles.retiring?.has(kid)
      ? 'old: still published during the grace period, so tokens it signed keep verifying'
      : undefined;
  const bits = keyBits(key);
  const rows: [string, HTMLElement | string][] = [
    ['kid', h('code', null, kid)],
    ['alg', h('code', null, String(key.alg ?? '—'))],
    ['kty', h('code', null, String(key.kty ?? '—'))],
    ['use', h('code', null, String(key.use ?? '—'))],
    ['n', h('span', null, h('code', null, `${String(key.n ?? '').slice(0, 32)}…`), bits ? ` (${bits}-bit modulus)` : '')],
    ['e', h('span', null, h('code', null, String(key.e ?? '—')), key.e === 'AQAB' ? ' (65537)' : '')],
  ];
  return h(
    'section',
    { class: 'tt-jwks__key', attrs: { 'data-kid': kid, 'data-signs': signs ? 'yes' : undefined, 'aria-label': `Key ${index + 1}` } },
    h('p', { class: 'tt-jwks__key-title' }, h('strong', null, `Key ${index + 1}`), role ? ` — ${role}` : ''),
    signs ? h('p', { class: 'tt-jwks__match' }, `✓ This key signed ${signs.join(' and ')}: its kid matches the token's header.`) : null,
    h(
      'dl',
      { class: 'tt-w__dl' },
      rows.flatMap(([field, value]) => [h('dt', null, field), h('dd', null, value)]),
    ),
  );
}
