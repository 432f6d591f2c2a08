import type { Backend } from '../../lib/backend.ts';
import { StackUnavailableError } from '../../lib/browser-stack-client.ts';

/**
 * Failures in plain words. The widgets show these instead of a stack trace
 * or a silent nothing; the technical name stays in brackets for searching.
 */

/** Whether an error means nothing answered (server down, refused, or blocked by CORS). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && error.name === 'NetworkError');
}

/** The message for a request to `url` that got no answer at all. */
export function unreachable(url: string, backend: Backend): string {
  const origin = new URL(url).origin;
  if (backend.kind === 'browser') {
    return `The demo stack in your browser did not answer at ${url}. Reload the page and try again; if it still does not answer, reset the demo stack (the button above the chapter).`;
  }
  if (backend.kind === 'local') {
    return `Nothing answered at ${origin}: the local demo stack is probably not running. Start it in the project folder with "npm start" (site and stack) or "npm run stack", then try again.`;
  }
  return `Nothing answered at ${origin}. Check your connection, and that the deployed stack allows this site's origin (CORS).`;
}

// Cognito's error names, as a reader would say them.
const POOL_ERRORS: Record<string, string> = {
  NotAuthorizedException: 'The user pool refused',
  UserNotFoundException: 'There is no such user in the pool',
  UserNotConfirmedException: 'This user has signed up but not confirmed the code yet',
  UsernameExistsException: 'That username is taken; pick another',
  InvalidPasswordException: "The password does not meet the pool's policy (at least 8 characters, with upper and lower case letters, a number and a symbol)",
  CodeMismatchException: 'That code is not the one the pool sent',
  ExpiredCodeException: 'That code has expired; ask for a new one',
  PasswordResetRequiredException: 'An administrator requires this user to reset the password',
  TooManyRequestsException: 'Too many requests in a short time; wait a moment',
  LimitExceededException: 'Too many attempts; wait a while before trying again',
  InvalidParameterException: 'The request is missing something or has a bad value',
  UserAlreadyAuthenticatedException: 'Someone is already signed in in this tab; sign out first',
};

/** A Cognito or Amplify error in plain words, with the technical name and message kept. */
export function poolError(error: unknown, backend: Backend): string {
  // Already in plain words, and what to do about it.
  if (error instanceof StackUnavailableError) return error.message;
  if (isUnreachable(error)) return unreachable(backend.userPoolEndpoint ?? `https://cognito-idp.${backend.region}.amazonaws.com/`, backend);
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  const plain = POOL_ERRORS[name];
  return plain ? `${plain}: ${message} (${name})` : `${message} (${name})`;
}
