import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

// Sign-in calls need no AWS credentials: the app client id is enough.
const cognito = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9400/', // the demo stack; leave it out on AWS
});

// The SDK does not do the SRP maths, so this uses USER_PASSWORD_AUTH: the password
// travels to the pool (over TLS on AWS). The app client must allow the flow
// (ALLOW_USER_PASSWORD_AUTH in its ExplicitAuthFlows; the demo client does).
// Prefer Amplify's SRP in browsers.
const { AuthenticationResult } = await cognito.send(
  new InitiateAuthCommand({
    ClientId: '6s6va7v5evvw7fieadqu1p3szl',
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Alice-demo-1' },
  }),
);
console.log(AuthenticationResult?.ExpiresIn, AuthenticationResult?.IdToken);
