// Lambda takes part in sign-in only as a trigger that Cognito calls,
// e.g. before it checks the password (AWS only: the local pool runs no triggers).
import type { PreAuthenticationTriggerHandler } from 'aws-lambda';

export const handler: PreAuthenticationTriggerHandler = async (event) => {
  if (event.request.userAttributes.email?.endsWith('@blocked.example')) {
    throw new Error('Sign-in is disabled for this domain.'); // Cognito refuses the sign-in
  }
  return event;
};
