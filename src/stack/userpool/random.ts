import type { CryptoPrimitives } from './primitives.ts';

/** Random ids and strings for records, codes and credentials. */
export class RandomSource {
  readonly #primitives: CryptoPrimitives;

  constructor(primitives: CryptoPrimitives) {
    this.#primitives = primitives;
  }

  /** A UUID v4 (a user's `sub`, a token's `jti`, a request id), from the runtime's Web Crypto: Node and browsers both have it. */
  id(): string {
    return crypto.randomUUID();
  }

  /** Random characters from `alphabet`, without modulo bias. */
  string(length: number, alphabet: string): string {
    let out = '';
    while (out.length < length) {
      for (const byte of this.#primitives.randomBytes(length)) {
        if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
        if (out.length === length) break;
      }
    }
    return out;
  }
}
