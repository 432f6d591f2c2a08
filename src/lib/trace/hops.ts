import type { StepNumber } from './steps.ts';

/**
 * The hops a request makes through the local gateway, in the order they
 * happen. Steps 1 and 2 happen in the user pool, so no gateway hop belongs to
 * them.
 */
export const HOPS = {
  received: { step: 3, label: 'Request received' },
  route: { step: 3, label: 'Route matched' },
  header: { step: 4, label: 'Authorization header' },
  decode: { step: 4, label: 'Token decoded' },
  jwks: { step: 4, label: "Issuer's public keys (JWKS)" },
  signature: { step: 4, label: 'Signature verified' },
  claims: { step: 4, label: 'Claims checked' },
  decision: { step: 4, label: "Authorizer's decision" },
  'lambda-event': { step: 5, label: 'Lambda event built' },
  'lambda-result': { step: 6, label: 'Function answered' },
  response: { step: 7, label: 'Response mapped' },
} as const satisfies Record<string, { step: StepNumber; label: string }>;

export type HopName = keyof typeof HOPS;

export const HOP_ORDER = Object.keys(HOPS) as HopName[];

/**
 * Every check that can refuse a request. A refused request's trace names
 * exactly one of these, so the tutorial can point at what failed.
 */
export const CHECKS = {
  route: 'The method and path match a route of the API',
  'request-size': "The body is within API Gateway's payload limit",
  'identity-source': 'The Authorization header is present and not empty',
  'token-size': 'The token is not larger than the size cap',
  segments: 'The token has three dot-separated parts',
  base64url: 'Each part uses only the base64url alphabet',
  'token-json': 'The header and payload are JSON objects',
  alg: 'The algorithm is one the authorizer accepts (RS256 only, for a Cognito user pool authorizer)',
  kid: 'The key id names a key in the JWKS',
  crit: 'No critical header extension that the gateway does not understand',
  iss: 'The issuer is one the authorizer trusts',
  jwks: "The issuer's JWKS can be fetched and used",
  signature: "The signature verifies with the issuer's public key",
  exp: 'The token has not expired',
  nbf: 'The token is already valid (not before)',
  iat: 'The token was not issued in the future',
  token_use: 'The token is of the kind the method expects (ID or access)',
  aud: 'The audience (or client_id) is one the authorizer accepts',
  'additional-claim': 'A claim the authorizer requires is present, with a value it accepts',
  scope: 'The token carries one of the scopes the route requires',
  integration: 'The function ran without an error',
  'integration-timeout': 'The function answered within the integration timeout',
  'proxy-response': 'The function answered in the Lambda proxy format',
} as const;

export type CheckName = keyof typeof CHECKS;
