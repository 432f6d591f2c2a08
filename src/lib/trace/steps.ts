/**
 * The seven steps of the tutorial, in reading order. The chapters in
 * content/steps/ carry the same numbers in their `step` front matter.
 */
export const STEPS = [
  { step: 1, id: 'sign-in', title: 'Sign in to the user pool' },
  { step: 2, id: 'tokens', title: 'Cognito issues three tokens' },
  { step: 3, id: 'call-api', title: 'Call the API with a token' },
  { step: 4, id: 'authorizer', title: "The gateway's authorizer checks the token" },
  { step: 5, id: 'lambda', title: 'The request reaches Lambda' },
  { step: 6, id: 'lambda-response', title: 'The function answers the gateway' },
  { step: 7, id: 'response', title: 'The gateway answers the client' },
] as const;

export type StepNumber = (typeof STEPS)[number]['step'];
export type StepId = (typeof STEPS)[number]['id'];
