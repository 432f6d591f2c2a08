/** Random characters from `alphabet`, without modulo bias, from the runtime's Web Crypto (Node and browsers both have it). */
export function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Letters and digits a person reads off a card without mistaking one for another: no 0/O, 1/l/I. */
const READABLE_LOWER = 'abcdefghjkmnpqrstuvwxyz';
const READABLE_UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const READABLE_DIGITS = '23456789';

/**
 * A password for a credential card: three groups of four readable
 * characters joined by `-`, e.g. `Kx7p-Q3mz-9Rtw` (14 characters, about 67
 * bits). It has a lower-case letter, an upper-case letter, a digit and a
 * symbol, so Cognito's default password policy takes it
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_PasswordPolicyType.html).
 */
export function cardPassword(): string {
  const alphabet = READABLE_LOWER + READABLE_UPPER + READABLE_DIGITS;
  for (;;) {
    const raw = randomString(12, alphabet);
    if (/[a-z]/.test(raw) && /[A-Z]/.test(raw) && /[0-9]/.test(raw)) return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  }
}
