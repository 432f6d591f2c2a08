import { CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';

const cognito = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9400/', // the demo stack; leave it out on AWS
});

// Yours: the RefreshToken of a sign-in (step 1's AuthenticationResult).
const refreshToken = process.env.REFRESH_TOKEN;
if (!refreshToken) throw new Error('Set REFRESH_TOKEN to the RefreshToken of a sign-in (step 1).');

// The refresh token buys new ID and access tokens. It travels in the body, never in a URL.
const { AuthenticationResult } = await cognito.send(
  new GetTokensFromRefreshTokenCommand({
    ClientId: '6s6va7v5evvw7fieadqu1p3szl',
    RefreshToken: refreshToken,
  }),
);
console.log(AuthenticationResult?.IdToken);
