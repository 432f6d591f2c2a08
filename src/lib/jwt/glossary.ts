/**
 * What each field of a Cognito token, and of the keys that sign it, means:
 * the words the token inspector, the JWKS viewer and the chapters share.
 * Sources: RFC 7515/7516/7517/7519, OpenID Connect Core, and Cognito's
 * documentation of its ID and access tokens.
 */

export interface GlossaryEntry {
  /** A short name for the field, e.g. "Expiration time". */
  label: string;
  description: string;
  /** The value is a NumericDate (seconds since 1970), shown as a human time too. */
  time?: true;
  /** Where the field is defined. */
  source: 'RFC 7515' | 'RFC 7516' | 'RFC 7517' | 'RFC 7518' | 'RFC 7519' | 'OpenID Connect' | 'Cognito';
}

export const HEADER_PARAMETERS: Readonly<Record<string, GlossaryEntry>> = {
  alg: {
    label: 'Algorithm',
    description:
      'How the signature was made. Cognito signs with RS256: RSA with SHA-256, using a private key that only the user pool holds. A verifier decides which algorithm it accepts; it never lets the token choose.',
    source: 'RFC 7515',
  },
  kid: {
    label: 'Key id',
    description:
      "Which of the pool's public keys (in its JWKS) checks the signature. Cognito signs ID and access tokens with different keys, so their kids differ.",
    source: 'RFC 7515',
  },
  typ: { label: 'Type', description: 'The media type of the whole token, often "JWT". Cognito leaves it out.', source: 'RFC 7515' },
  cty: {
    label: 'Content type',
    description: 'The type of the payload; "JWT" when a token is nested inside another, as in Cognito\'s encrypted refresh tokens.',
    source: 'RFC 7515',
  },
  enc: { label: 'Content encryption', description: 'How the content of an encrypted token (JWE) is encrypted, e.g. A256GCM.', source: 'RFC 7516' },
  jku: {
    label: 'JWK Set URL',
    description: 'A URL to fetch keys from. A verifier must ignore it: otherwise an attacker points it at their own key.',
    source: 'RFC 7515',
  },
  jwk: {
    label: 'Embedded key',
    description: 'A public key carried in the token itself. A verifier must not trust it: anyone can sign with their own key and embed it.',
    source: 'RFC 7515',
  },
  x5u: { label: 'X.509 URL', description: 'A URL to a certificate chain. Like jku, a verifier must not follow it for Cognito tokens.', source: 'RFC 7515' },
  x5c: { label: 'X.509 chain', description: 'A certificate chain carried in the token. Cognito does not use it.', source: 'RFC 7515' },
  x5t: { label: 'X.509 thumbprint', description: 'A SHA-1 thumbprint of a certificate. Cognito does not use it.', source: 'RFC 7515' },
  crit: { label: 'Critical', description: 'Header names the verifier must understand, or refuse the token.', source: 'RFC 7515' },
  zip: { label: 'Compression', description: 'The payload was compressed before encryption (JWE only).', source: 'RFC 7516' },
};

export const CLAIMS: Readonly<Record<string, GlossaryEntry>> = {
  sub: {
    label: 'Subject',
    description:
      "The user's permanent id in the pool, a UUID. It never changes: key your data on it. (The username cannot change either, but users may sign in with an email, a phone number or a preferred_username, and those can.)",
    source: 'RFC 7519',
  },
  iss: {
    label: 'Issuer',
    description:
      'Who issued the token: https://cognito-idp.{region}.amazonaws.com/{userPoolId} on AWS (the local stack uses its own URL). Adding /.well-known/jwks.json gives the URL of the public keys.',
    source: 'RFC 7519',
  },
  aud: {
    label: 'Audience',
    description: 'Who the token is for: in an ID token, the app client id. Access tokens have no aud; they carry client_id instead.',
    source: 'RFC 7519',
  },
  exp: {
    label: 'Expiration time',
    description: 'After this moment the token must be refused. Cognito issues ID and access tokens for one hour by default.',
    time: true,
    source: 'RFC 7519',
  },
  iat: { label: 'Issued at', description: 'When this token was minted: at sign-in, or at the last refresh.', time: true, source: 'RFC 7519' },
  nbf: { label: 'Not before', description: 'The token must be refused before this moment. Cognito does not set it.', time: true, source: 'RFC 7519' },
  jti: { label: 'JWT id', description: 'A unique id for this one token. Every refresh gives a new jti.', source: 'RFC 7519' },
  auth_time: {
    label: 'Authentication time',
    description: 'When the user last proved who they are (entered the password). Refreshing does not change it, so it tells how old the sign-in is.',
    time: true,
    source: 'OpenID Connect',
  },
  token_use: {
    label: 'Token use',
    description: '"id" for an ID token, "access" for an access token. A REST API\'s Cognito authorizer checks it; an HTTP API\'s JWT authorizer does not.',
    source: 'Cognito',
  },
  client_id: {
    label: 'Client id',
    description: 'The app client the access token was issued to. An HTTP API checks it against its audience list when the token has no aud.',
    source: 'Cognito',
  },
  scope: {
    label: 'Scopes',
    description:
      'What the access token allows, space-separated. A sign-in through the API gets aws.cognito.signin.user.admin, which lets the user manage their own profile; routes can require a scope.',
    source: 'Cognito',
  },
  origin_jti: {
    label: 'Origin JWT id',
    description:
      'The same for every token of one sign-in, refreshes included. Revoking the refresh token (sign-out) revokes all tokens with this origin_jti, at Cognito; API Gateway does not check revocation.',
    source: 'Cognito',
  },
  event_id: { label: 'Event id', description: 'The id of the sign-in event that started this session; the same across refreshes.', source: 'Cognito' },
  username: {
    label: 'Username',
    description:
      "The user's name in the pool, in access tokens. It cannot change once the user exists. It can be a UUID that Cognito generated, when users sign in with their email or phone number.",
    source: 'Cognito',
  },
  'cognito:username': {
    label: 'Username',
    description:
      "The user's name in the pool, in ID tokens. It cannot change once the user exists, even when the user signs in with an alias such as their email.",
    source: 'Cognito',
  },
  'cognito:groups': {
    label: 'Groups',
    description:
      'The pool groups the user belongs to. API Gateway does not look at them; the function decides what a group may do (here /admin requires "admin").',
    source: 'Cognito',
  },
  'cognito:roles': { label: 'IAM roles', description: "IAM roles of the user's groups, for an identity pool to choose from.", source: 'Cognito' },
  'cognito:preferred_role': { label: 'Preferred IAM role', description: 'The role of the group with the best (lowest) precedence.', source: 'Cognito' },
  email: { label: 'Email', description: "The user's email attribute. Readable attributes appear in ID tokens only.", source: 'OpenID Connect' },
  email_verified: {
    label: 'Email verified',
    description: 'Whether the user proved they own the email (a boolean in the token, the string "true" elsewhere in Cognito).',
    source: 'OpenID Connect',
  },
  phone_number: { label: 'Phone number', description: "The user's phone number attribute.", source: 'OpenID Connect' },
  phone_number_verified: { label: 'Phone verified', description: 'Whether the user proved they own the phone number.', source: 'OpenID Connect' },
  name: { label: 'Name', description: "The user's full name attribute.", source: 'OpenID Connect' },
  given_name: { label: 'Given name', description: "The user's first name attribute.", source: 'OpenID Connect' },
  family_name: { label: 'Family name', description: "The user's last name attribute.", source: 'OpenID Connect' },
  identities: { label: 'Identities', description: 'The external providers (Google, SAML…) the user signed in through.', source: 'Cognito' },
  nonce: { label: 'Nonce', description: 'A value the app sent to the hosted sign-in page, echoed to stop replays.', source: 'OpenID Connect' },
  at_hash: { label: 'Access token hash', description: 'Ties an ID token to the access token issued with it (hosted sign-in only).', source: 'OpenID Connect' },
  device_key: { label: 'Device key', description: 'The remembered device the user signed in from.', source: 'Cognito' },
  version: { label: 'Version', description: 'The version of the access token format.', source: 'Cognito' },
  amr: { label: 'Authentication methods', description: 'How the user authenticated, e.g. "pwd".', source: 'OpenID Connect' },
  acr: { label: 'Authentication class', description: 'How strong the authentication was.', source: 'OpenID Connect' },
};

const CUSTOM_ATTRIBUTE: GlossaryEntry = {
  label: 'Custom attribute',
  description: "An attribute the pool's owner defined; Cognito always writes custom attributes as strings.",
  source: 'Cognito',
};

export const JWK_FIELDS: Readonly<Record<string, GlossaryEntry>> = {
  kid: { label: 'Key id', description: 'The name a token uses in its header to pick this key.', source: 'RFC 7517' },
  alg: { label: 'Algorithm', description: 'The one algorithm this key is for: RS256.', source: 'RFC 7517' },
  kty: { label: 'Key type', description: 'RSA: the key is an RSA public key, given by its modulus n and exponent e.', source: 'RFC 7517' },
  use: { label: 'Use', description: '"sig": the key checks signatures (it is not for encryption).', source: 'RFC 7517' },
  n: {
    label: 'Modulus',
    description: 'The big number at the heart of the RSA public key, base64url-encoded. Its length in bits is the key size.',
    source: 'RFC 7518',
  },
  e: {
    label: 'Exponent',
    description: 'The public exponent, base64url-encoded. "AQAB" is the bytes 01 00 01: 65537, what almost every RSA key uses.',
    source: 'RFC 7518',
  },
  key_ops: { label: 'Key operations', description: 'What the key may be used for, e.g. "verify".', source: 'RFC 7517' },
};

/** The entry for a payload claim, header parameter or key field; undefined when the name is not known. */
export function glossaryEntry(name: string, where: 'header' | 'payload' | 'jwk'): GlossaryEntry | undefined {
  const table = where === 'header' ? HEADER_PARAMETERS : where === 'jwk' ? JWK_FIELDS : CLAIMS;
  if (Object.hasOwn(table, name)) return table[name];
  if (where === 'payload' && name.startsWith('custom:')) return CUSTOM_ATTRIBUTE;
  return undefined;
}
