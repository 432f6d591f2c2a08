import { createRemoteJWKSet, jwtVerify } from 'jose';
import { signedInToken } from 'token-trail:page';

// The token to check. Here: the ID token you signed in with on this page
// (alice's, if you have not). In a backend: the one the request carries.
const idToken = await signedInToken('id');

// A backend verifies a token the way API Gateway does: the pool's keys, RS256 only.
const jwks = createRemoteJWKSet(new URL('http://127.0.0.1:9400/us-east-1_TrailDemo/.well-known/jwks.json'));

const { payload, protectedHeader } = await jwtVerify(idToken, jwks, {
  issuer: 'http://127.0.0.1:9400/us-east-1_TrailDemo',
  audience: '6s6va7v5evvw7fieadqu1p3szl', // ID tokens carry aud; access tokens carry client_id instead
  algorithms: ['RS256'],
});
if (payload.token_use !== 'id') throw new Error('Not an ID token');
console.log(protectedHeader, payload);
