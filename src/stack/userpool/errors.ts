/**
 * A client mistake, answered as Cognito answers it: HTTP 400 with
 * `{"__type": type, "message": message}` and the `x-amzn-ErrorType` header.
 */
export class CognitoError extends Error {
  readonly type: string;

  constructor(type: string, message: string) {
    super(message);
    this.name = type;
    this.type = type;
  }
}

const error = (type: string) => (message: string) => new CognitoError(type, message);

export const notAuthorized = error('NotAuthorizedException');
export const invalidParameter = error('InvalidParameterException');
export const resourceNotFound = error('ResourceNotFoundException');
export const serialization = error('SerializationException');
export const invalidPassword = error('InvalidPasswordException');
export const codeMismatch = error('CodeMismatchException');
export const expiredCode = error('ExpiredCodeException');
export const limitExceeded = error('LimitExceededException');
export const usernameExists = error('UsernameExistsException');
export const groupExists = error('GroupExistsException');
export const unsupportedTokenType = error('UnsupportedTokenTypeException');
export const unauthorized = error('UnauthorizedException');
export const unsupportedOperation = error('UnsupportedOperationException');
export const aliasExists = error('AliasExistsException');

export const incorrectCredentials = () => notAuthorized('Incorrect username or password.');
export const userNotFound = () => new CognitoError('UserNotFoundException', 'User does not exist.');
export const userNotConfirmed = () => new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
export const passwordResetRequired = () => new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');

/**
 * AWS's wording for a missing or mistyped member:
 * `1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null`.
 * Without a value (`undefined`), the value is left out, as AWS leaves out what
 * a client typed: `Value at 'username' failed to satisfy constraint: …`.
 */
const MAX_QUOTED = 256;

export function validationError(member: string, value: string | undefined, constraint: string): CognitoError {
  const field = member.charAt(0).toLowerCase() + member.slice(1);
  // A value is quoted in part only: a message quoting megabytes helps nobody.
  const shown = value === undefined ? '' : `${value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value} `;
  return invalidParameter(`1 validation error detected: Value ${shown}at '${field}' failed to satisfy constraint: ${constraint}`);
}
