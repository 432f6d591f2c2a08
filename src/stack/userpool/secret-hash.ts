import { bytesToBase64, utf8 } from '../../lib/bytes.ts';
import { constantTimeEqual } from './constant-time.ts';
import { notAuthorized } from './errors.ts';
import type { CryptoPrimitives } from './primitives.ts';
import type { ClientRecord } from './store.ts';

/**
 * Clients with a secret must prove they hold it on every unauthenticated
 * call: SECRET_HASH = base64(HMAC-SHA256(secret, username ‖ client id)),
 * over the name the request carries.
 */
export class SecretHash {
  readonly #primitives: CryptoPrimitives;

  constructor(primitives: CryptoPrimitives) {
    this.#primitives = primitives;
  }

  /**
   * Refuses the call unless `given` is the client's SECRET_HASH over one of
   * `names`; a client without a secret needs none. Where a user typed an
   * alias (an email address in a pool that signs in with one), the hash may
   * be over either what they typed or their username: `names` lists the
   * names accepted.
   */
  assert(client: ClientRecord, names: string | readonly (string | undefined)[], given: string | undefined): void {
    if (client.secret === null) return;
    const secret = client.secret;
    const accepted = (typeof names === 'string' ? [names] : names).filter((name, i, all): name is string => name !== undefined && all.indexOf(name) === i);
    const matches =
      given !== undefined &&
      accepted.some((name) => constantTimeEqual(bytesToBase64(this.#primitives.hmacSha256(utf8(secret), utf8(name + client.id))), given));
    if (!matches) throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
  }
}
