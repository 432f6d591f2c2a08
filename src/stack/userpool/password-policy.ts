import { invalidPassword } from './errors.ts';
import type { PasswordPolicy } from './store.ts';

/** Cognito's default policy for a new pool. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** The special characters Cognito counts as symbols (a space counts too, when not leading or trailing). */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

/**
 * Throws InvalidPasswordException with Cognito's wording for the first rule
 * the password breaks.
 */
export function assertPasswordConforms(password: string, policy: PasswordPolicy): void {
  const fail = (reason: string) => invalidPassword(`Password did not conform with policy: ${reason}`);
  if (password.length < policy.MinimumLength) throw fail('Password not long enough');
  if (password.length > 256) throw fail('Password is too long');
  if (password !== password.trim()) throw fail('Password must not have leading or trailing whitespace');
  if (policy.RequireLowercase && !/[a-z]/.test(password)) throw fail('Password must have lowercase characters');
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) throw fail('Password must have uppercase characters');
  if (policy.RequireNumbers && !/[0-9]/.test(password)) throw fail('Password must have numeric characters');
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.has(c))) throw fail('Password must have symbol characters');
}
