import { JwtVerifier } from 'aws-jwt-verify';
import { signedInToken } from 'token-trail:page';

// The REST API's Cognito authorizer, with AWS's own verifier. It looks the key up by
// the token's kid (no kid, no key), then checks the signature, iss, exp and nbf.
const verifier = JwtVerifier.create({
  issuer: 'http://127.0.0.1:9400/us-east-1_TrailDemo', // a pool it trusts
  jwksUri: 'http://127.0.0.1:9400/us-east-1_TrailDemo/.well-known/jwks.json',
  audience: null, // the authorizer takes the tokens of every app client of the pool
  customJwtCheck: ({ payload }) => {
    // aws-jwt-verify does not look at iat; the authorizer refuses one in the future.
    if (typeof payload.iat !== 'number' || payload.iat > Date.now() / 1000) throw new Error('Unauthorized: iat');
    if (payload.token_use !== 'id') throw new Error('Unauthorized: not an ID token'); // unscoped method: ID tokens only
  },
});

// Here: the ID token you signed in with on this page (alice's, if you have not).
// Try an access token too: signedInToken('access').
console.log(await verifier.verify(await signedInToken('id')));
