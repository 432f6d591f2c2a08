import { decodePart, joinToken, signedWithPublicKey, splitToken, unsigned, withClaims, withHeader } from '../../lib/jwt/tamper.ts';
import type { ApiName } from '../../lib/stack-urls.ts';
import type { CheckName } from '../../lib/trace/hops.ts';

/**
 * The attacks the tamper lab offers. Each turns the reader's token into a
 * forged one (or, for the wrong token type, picks their other genuine
 * token), says where to send it, which of the gateway's checks should
 * refuse it, and why that check and not a later one.
 */
export interface AttackContext {
  /** The token the reader started from, and which kind it is. */
  token: string;
  kind: 'id' | 'access';
  /** The reader's other genuine token (access for an ID token, and the reverse). */
  otherToken: string | undefined;
  /** The pool's public key with this kid, as a JWK, fetched on demand. */
  publicKey(kid: string): Promise<JsonWebKey>;
  nowSeconds: number;
}

/** Where the lab sends a token: one of the demo APIs, and a route of it. */
export interface Target {
  api: ApiName;
  route: string;
}

export interface Attack {
  id: string;
  label: string;
  /** What the attacker hopes, and why it fails, in a sentence or two. */
  explain: string;
  expected: CheckName;
  /** The API and route to send it to; by default the route for the token's kind. */
  target?: (kind: 'id' | 'access') => Target;
  build(context: AttackContext): Promise<string> | string;
}

// Any pool but the page's: a real AWS issuer the gateway does not trust.
const FOREIGN_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Attacker';

export const ATTACKS: Attack[] = [
  {
    id: 'admin',
    label: 'Make me an admin',
    explain:
      'Adds the admin group to the payload and keeps the signature. The signature covers header and payload, so any change to them breaks it: the gateway refuses the token before any claim is read.',
    expected: 'signature',
    build: ({ token }) => withClaims(token, { 'cognito:groups': ['admin'], 'cognito:username': 'mallory' }),
  },
  {
    id: 'alg-none',
    label: 'alg: none',
    explain:
      'Claims the token needs no signature and drops it. A verifier that lets the token choose its algorithm would accept anything; the gateway accepts only the algorithms its authorizer lists (RS256, and ES256 too for the JWT authorizer of the demo REST API) and refuses the token before looking for a key.',
    expected: 'alg',
    build: ({ token }) => unsigned(token, 'none'),
  },
  {
    id: 'alg-none-case',
    label: 'alg: nOnE',
    explain:
      'The same, in a spelling that slips past a case-sensitive blocklist of "none". Allowing a fixed list of algorithms, rather than blocking bad names, catches every spelling.',
    expected: 'alg',
    build: ({ token }) => unsigned(token, 'nOnE'),
  },
  {
    id: 'key-confusion',
    label: 'HS256 with the public key',
    explain:
      'Re-signs the token with HMAC-SHA256, using the pool\'s public key (which anyone can fetch) as the shared secret. A library that picks the algorithm from the header and hands it "the key" computes the same HMAC and accepts it (key confusion, CVE-2016-10555). The gateway checks the algorithm against its authorizer\'s list first, and HS256 is on none of them.',
    expected: 'alg',
    async build({ token, publicKey }) {
      const kid = decodePart(splitToken(token).header).kid;
      return signedWithPublicKey(token, await publicKey(String(kid)));
    },
  },
  {
    id: 'expired',
    label: 'Expired (edit exp)',
    explain:
      'Moves exp an hour into the past. It does not reach the expiry check: the edit breaks the signature first. Only the pool can sign, so only a token that really expired reaches exp (a REST API with a Cognito authorizer then says "The incoming token has expired").',
    expected: 'signature',
    build: ({ token, nowSeconds }) => withClaims(token, { exp: nowSeconds - 3600 }),
  },
  {
    id: 'audience',
    label: 'Wrong audience',
    explain:
      "Names another app client as the audience. Again the signature fails first. A genuine token of another app client of the same pool would get further: a JWT authorizer (HTTP or REST API) refuses it unless that client is one of its audiences, while a REST API's Cognito authorizer without identityValidationExpression lets it in.",
    expected: 'signature',
    build: ({ token, kind }) => withClaims(token, kind === 'id' ? { aud: 'another-app-client-id' } : { client_id: 'another-app-client-id' }),
  },
  {
    id: 'issuer',
    label: 'Another issuer',
    explain:
      'Claims the token comes from another user pool. The gateway looks up keys only for the issuers it trusts, so it refuses the token before fetching any key, let alone checking the signature.',
    expected: 'iss',
    build: ({ token }) => withClaims(token, { iss: FOREIGN_ISSUER }),
  },
  {
    id: 'kid',
    label: 'Unknown kid',
    explain:
      'Names a key the pool never published. The gateway fetches the JWKS again in case the pool rotated its keys (at most every few seconds), finds no such key, and refuses.',
    expected: 'kid',
    build: ({ token }) => withHeader(token, { kid: 'attacker-key-1' }),
  },
  {
    id: 'strip',
    label: 'Strip the signature',
    explain:
      'Keeps header and payload, removes the signature. The algorithm still says RS256, so the gateway goes on to verify, and there is nothing to verify.',
    expected: 'signature',
    build: ({ token }) => joinToken({ ...splitToken(token), signature: '' }),
  },
  {
    id: 'token-type',
    label: 'Wrong token type',
    explain:
      "No forgery: your other genuine token, sent where the REST API expects this kind. Its signature is fine, so the claim checks run, and token_use says it is the wrong kind. (The HTTP API does not check token_use: try it there, on /hello. The REST API's JWT authorizer checks it only where its configuration requires it: try /access there with your ID token.)",
    expected: 'token_use',
    target: (kind) => ({ api: 'rest', route: kind === 'id' ? '/hello' : '/scoped' }),
    build: ({ otherToken }) => {
      if (!otherToken) throw new Error('Your other token is missing: sign in again.');
      return otherToken;
    },
  },
];

/** Where a token of this kind is accepted on the REST API, so that only the tampering can fail. */
export function defaultTarget(kind: 'id' | 'access'): Target {
  return { api: 'rest', route: kind === 'id' ? '/hello' : '/scoped' };
}
