/**
 * The words of the trail that are not fields of a token: what Cognito and
 * API Gateway call their parts. Beside the claim glossary (glossary.ts),
 * which says what each field of a token means; the glossary chapter
 * (content/guides/glossary.mdx) shows both. Sources: the Cognito and API
 * Gateway developer guides, RFC 7519 and RFC 7517.
 */
export interface Term {
  term: string;
  definition: string;
  /** Where the tutorial shows it: a path from the site's root. */
  seeAlso?: { label: string; path: string };
  /** Where the definition comes from. */
  source: string;
}

export const TERMS: readonly Term[] = [
  {
    term: 'App client',
    definition:
      "An application's entry in a user pool: its own id (the ClientId Amplify sends), the sign-in flows it may use, its token lifetimes, and whether it has a secret. Tokens name it: an access token's client_id, an ID token's aud.",
    seeAlso: { label: 'Step 1', path: '/steps/sign-in/' },
    source: 'Cognito Developer Guide, "Application-specific settings with app clients"',
  },
  {
    term: 'Audience (aud)',
    definition:
      "Whom a token is for. In a Cognito ID token, the app client's id. Cognito access tokens carry none, and an HTTP API's JWT authorizer then compares their client_id instead.",
    seeAlso: { label: 'Step 4', path: '/steps/authorizer/' },
    source: 'RFC 7519, section 4.1.3; API Gateway Developer Guide, JWT authorizers',
  },
  {
    term: 'Authorizer',
    definition:
      "The part of API Gateway that decides, before any of your code runs, whether a request may reach its route: here, by verifying the JWT in a header. A REST API's is a Cognito user pool authorizer or a JWT authorizer; an HTTP API's a JWT authorizer.",
    seeAlso: { label: 'Step 4', path: '/steps/authorizer/' },
    source: 'API Gateway Developer Guide, "Control access to REST APIs" and "Controlling access to HTTP APIs"',
  },
  {
    term: 'Identity source',
    definition:
      'Where the authorizer looks for the token: normally the Authorization header (method.request.header.Authorization on a REST API, $request.header.Authorization on an HTTP API). A token anywhere else is invisible to it.',
    seeAlso: { label: 'Step 3', path: '/steps/call-api/' },
    source: 'API Gateway Developer Guide, authorizer configuration',
  },
  {
    term: 'Issuer (iss)',
    definition:
      'Who minted a token: for Cognito, https://cognito-idp.<region>.amazonaws.com/<user pool id>. An authorizer trusts a list of issuers, and the issuer also says where its keys are.',
    seeAlso: { label: 'Step 4', path: '/steps/authorizer/' },
    source: 'RFC 7519, section 4.1.1; Cognito Developer Guide, "Understanding the ID token"',
  },
  {
    term: 'JWKS (JSON Web Key Set)',
    definition:
      "A user pool's public keys, published as JSON at <issuer>/.well-known/jwks.json. A verifier picks the key whose kid the token names and checks the signature with it: no secret is needed to verify a token.",
    seeAlso: { label: 'JWKS and key rotation', path: '/guides/jwks-and-rotation/' },
    source: 'RFC 7517, section 5',
  },
  {
    term: 'Lambda proxy integration',
    definition:
      'How API Gateway hands a request to a Lambda function whole, as an event (payload format 1.0 for a REST API; 1.0 or 2.0, as the integration asks, for an HTTP API), and turns the object the function returns into the response.',
    seeAlso: { label: 'Step 5', path: '/steps/lambda/' },
    source: 'API Gateway Developer Guide, "Lambda proxy integrations"',
  },
  {
    term: 'Resource server',
    definition:
      'In a user pool, a name for an API of yours and the custom scopes it defines (<identifier>/<scope>). Access tokens then carry those scopes, and an authorizer can require them route by route.',
    seeAlso: { label: 'ID tokens versus access tokens', path: '/guides/id-vs-access/' },
    source: 'Cognito Developer Guide, "Scopes, M2M, and APIs with resource servers"',
  },
  {
    term: 'Scope',
    definition:
      "A permission an access token carries in its scope claim, space-separated: OpenID scopes, Cognito's aws.cognito.signin.user.admin, or a resource server's custom ones. A route with scopes takes only access tokens that carry one of them.",
    seeAlso: { label: 'ID tokens versus access tokens', path: '/guides/id-vs-access/' },
    source: 'Cognito Developer Guide, "Understanding the access token"',
  },
  {
    term: 'SRP (Secure Remote Password)',
    definition:
      "The protocol of Amplify's default sign-in, USER_SRP_AUTH: the client proves it knows the password without sending it, and the pool keeps only a verifier from which the password cannot be read back.",
    seeAlso: { label: 'Step 1', path: '/steps/sign-in/' },
    source: 'RFC 5054; Cognito Developer Guide, "Authentication flows"',
  },
  {
    term: 'Stage',
    definition:
      "A named deployment of an API, part of a REST API's URL (…/prod/hello). An HTTP API usually uses the $default stage, which adds nothing to the path.",
    seeAlso: { label: 'Step 3', path: '/steps/call-api/' },
    source: 'API Gateway Developer Guide, "Setting up stages"',
  },
  {
    term: 'token_use',
    definition:
      'A claim Cognito adds to say which kind a token is: id or access. A REST API Cognito authorizer checks it; an HTTP API JWT authorizer does not.',
    seeAlso: { label: 'Step 2', path: '/steps/tokens/' },
    source: 'Cognito Developer Guide, "Understanding the ID token" and "Understanding the access token"',
  },
  {
    term: 'User pool',
    definition:
      'A Cognito directory of users: it checks their passwords, issues their tokens, signs those with its own keys, and publishes the public half as its JWKS.',
    seeAlso: { label: 'Step 1', path: '/steps/sign-in/' },
    source: 'Cognito Developer Guide, "Amazon Cognito user pools"',
  },
];
