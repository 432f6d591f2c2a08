/**
 * The fields of Cognito's sign-in exchanges, in words a reader understands:
 * what each SRP value is, what crosses the wire and what never does.
 * The exchange: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 * and API_RespondToAuthChallenge.html; the maths: RFC 5054 §2.6, as Amplify computes it
 * (https://github.com/aws-amplify/amplify-js/tree/main/packages/auth/src/providers/cognito/utils/srp).
 */
export const WIRE_FIELDS: Readonly<Record<string, string>> = {
  AuthFlow: "Which sign-in protocol the client uses. USER_SRP_AUTH, Amplify's default, proves the password without sending it.",
  ClientId: "The app client: the pool's registration of this site. Public, not a secret.",
  USERNAME: 'The name the reader typed, or (in later calls) the internal name the pool returned.',
  SRP_A: "A = gᵃ mod N, the client's one-time public value. The client picked a random secret a (1024 bits) and keeps it; A is safe to send.",
  ChallengeName: 'What the pool asks for next. PASSWORD_VERIFIER: "prove you know the password".',
  SALT: 'Random bytes chosen when the password was set. With the salt, SRP checks the password against a verifier v = gˣ, where x mixes salt, pool, user and password, and the password itself is never sent.',
  SRP_B: "B = k·v + gᵇ mod N, the pool's one-time public value, made from the stored verifier v and a random secret b that stays on the server.",
  SECRET_BLOCK: 'An opaque blob from the pool that binds the answer to this one challenge. The client signs it and sends it back.',
  USER_ID_FOR_SRP: 'The internal user name the maths uses; it can differ from what was typed (for example when signing in with an email).',
  TIMESTAMP: 'The client\'s clock ("Tue Nov 3 04:05:06 UTC 2026"), signed too, so the answer cannot be replayed later.',
  PASSWORD_CLAIM_SECRET_BLOCK: 'The SECRET_BLOCK, sent back.',
  PASSWORD_CLAIM_SIGNATURE:
    'HMAC-SHA256 over pool, user, SECRET_BLOCK and TIMESTAMP, keyed with a key derived from the shared secret S = (B − k·gˣ)^(a + u·x). Only someone who knows the password gets the same S as the pool, so this proves the password without revealing it.',
  Session: 'An opaque token that ties this step to the previous one.',
  AccessToken: 'The access token (a JWT): what an API with scopes wants. Lives an hour.',
  IdToken: 'The ID token (a JWT): who the user is, with their attributes. Lives an hour.',
  RefreshToken:
    'The refresh token: opaque (encrypted), lives 30 days, buys new ID and access tokens. It travels only in request bodies like this one, never in a URL.',
  ExpiresIn: 'Seconds until the access token expires.',
  TokenType: '"Bearer": whoever holds the token may use it, so it is sent only over HTTPS and kept out of URLs.',
  NEW_PASSWORD:
    'The new password an administrator-created user must choose. Unlike an SRP sign-in, setting a password does send it (over TLS, on AWS), so that the pool can check it against its policy and keep what it needs to verify it.',
  requiredAttributes: 'Attributes the user must provide along with the new password.',
  userAttributes: 'The attributes the pool already has for the user.',
  Username: 'The name of the new user.',
  Password: 'The new password. Sign-up sends it (over TLS, on AWS), like every operation that sets a password; only the SRP sign-in never sends it.',
  UserAttributes: 'Attributes of the new user, such as their email.',
  ConfirmationCode: 'The code the pool "emailed": on the local stack it went to the local mailbox.',
  UserSub: "The new user's permanent id (the sub claim of their tokens).",
  UserConfirmed: 'Whether the user can sign in yet: not until they confirm the code.',
  CodeDeliveryDetails: 'Where the pool sent the confirmation code.',
  Token: 'The refresh token being revoked: every token of this sign-in stops working at the pool.',
};
