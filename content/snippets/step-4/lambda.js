import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { signedInToken } from 'token-trail:page';

// What the REST API's Cognito authorizer checks, in order.
const jwks = createRemoteJWKSet(new URL('http://127.0.0.1:9400/us-east-1_TrailDemo/.well-known/jwks.json'));

/** @param {string | undefined} header the request's Authorization header */
async function authorize(header) {
  const token = header?.replace(/^Bearer /, '');
  if (!token) throw new Error('Unauthorized: no token');
  // A kid, always: the key is looked up by it. (jose would refuse a token without
  // one here only because the pool's JWKS holds more than one key.)
  if (!decodeProtectedHeader(token).kid) throw new Error('Unauthorized: no kid');
  const { payload } = await jwtVerify(token, jwks, {
    issuer: 'http://127.0.0.1:9400/us-east-1_TrailDemo', // a pool it trusts
    algorithms: ['RS256'], // never what the header asks for
    requiredClaims: ['exp'], // jose checks exp whenever it is there; this makes it a must
    // jose checks iat (not in the future) only with a maxTokenAge:
    // a day, the longest Cognito lets an ID token live.
    maxTokenAge: '1d',
  });
  if (payload.token_use !== 'id') throw new Error('Unauthorized: not an ID token'); // unscoped method: ID tokens only
  return payload;
}

// Here: the ID token you signed in with on this page (alice's, if you have not).
// Try an access token too: signedInToken('access').
console.log(await authorize(`Bearer ${await signedInToken('id')}`));
