import { JwtVerifier } from 'aws-jwt-verify';
import { signedInToken } from 'token-trail:page';

// The token to check. Here: the ID token you signed in with on this page
// (alice's, if you have not). In a backend: the one the request carries.
const idToken = await signedInToken('id');

// AWS's own verifier. For a Cognito pool, CognitoJwtVerifier.create({ userPoolId,
// tokenUse: 'id', clientId }) finds the issuer and the keys from the pool id alone;
// the demo stack names itself as the issuer, so this names both.
const verifier = JwtVerifier.create({
  issuer: 'http://127.0.0.1:9400/us-east-1_TrailDemo',
  jwksUri: 'http://127.0.0.1:9400/us-east-1_TrailDemo/.well-known/jwks.json',
  audience: '6s6va7v5evvw7fieadqu1p3szl',
  customJwtCheck: ({ payload }) => {
    if (payload.token_use !== 'id') throw new Error('Not an ID token');
  },
});

// The key its kid names, the signature, then iss, aud, exp and nbf.
const payload = await verifier.verify(idToken);
console.log(payload);
