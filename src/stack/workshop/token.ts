import { constantTimeEqual } from '../userpool/constant-time.ts';
import { randomString } from './random.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A prefix that says what the token is wherever it turns up (a paste, a screenshot), so that it is recognised and revoked. */
const PREFIX = 'ttf_';
/** 43 base64url characters: 258 bits. */
const RANDOM_CHARACTERS = 43;
// The scheme is case-insensitive (RFC 9110, section 11.1).
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/i;

export type TokenCheck = 'ok' | 'missing' | 'invalid';

/**
 * The facilitator's credential: one random bearer token at a time, sent in
 * `Authorization: Bearer <token>` (RFC 6750, section 2.1) and never in a URL
 * (RFC 6750, section 5.3: "Don't pass bearer tokens in page URLs"). Revoking
 * it issues another, which `onIssued` hands to whoever keeps it (the Node
 * stack: a file only its user can read); the old one is refused from then on.
 */
export class FacilitatorToken {
  #current: string;
  readonly #onIssued: (token: string) => void;

  constructor(onIssued: (token: string) => void = () => {}) {
    this.#onIssued = onIssued;
    this.#current = this.#mint();
  }

  /** The token now valid: for the process that prints it once, and for tests. */
  get value(): string {
    return this.#current;
  }

  /** Replaces the token: the old one is refused from now on. */
  revoke(): void {
    this.#current = this.#mint();
  }

  check(authorization: string | null): TokenCheck {
    if (authorization === null || authorization === '') return 'missing';
    const match = BEARER.exec(authorization);
    if (!match) return 'invalid';
    return constantTimeEqual(match[1]!, this.#current) ? 'ok' : 'invalid';
  }

  #mint(): string {
    const token = PREFIX + randomString(RANDOM_CHARACTERS, ALPHABET);
    this.#onIssued(token);
    return token;
  }
}
