import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

const cognito = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9400/', // the demo stack; leave it out on AWS
});

// USER_PASSWORD_AUTH: the app client must allow it (ALLOW_USER_PASSWORD_AUTH; the demo client does).
const { AuthenticationResult } = await cognito.send(
  new InitiateAuthCommand({
    ClientId: '6s6va7v5evvw7fieadqu1p3szl',
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-demo-1' },
  }),
);
const accessToken = AuthenticationResult?.AccessToken;
if (!accessToken) throw new Error('No tokens: the pool asked for a challenge (see step 1).');

// The SDK gets the token; calling your API is a plain HTTPS request.
const response = await fetch('http://127.0.0.1:9401/http/hello', {
  headers: { Authorization: `Bearer ${accessToken}` },
});
console.log(response.status, await response.json());
