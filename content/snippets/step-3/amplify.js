import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn } from 'aws-amplify/auth';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: 'us-east-1_TrailDemo',
      userPoolClientId: '6s6va7v5evvw7fieadqu1p3szl',
      userPoolEndpoint: 'http://127.0.0.1:9400/', // the demo stack; leave it out on AWS
    },
  },
});
// Signed in as in step 1. (An app usually is already; the playground starts signed out.)
await signIn({ username: 'alice', password: 'Alice-demo-1' });

const { tokens } = await fetchAuthSession();
// Signed out, or a refresh the pool refused: no tokens, so nothing to send.
if (!tokens?.idToken) throw new Error('Not signed in: sign in first (step 1).');

// The REST API's unscoped routes take the ID token; the HTTP API takes either.
const response = await fetch('http://127.0.0.1:9401/rest/prod/hello', {
  headers: { Authorization: `Bearer ${tokens.idToken.toString()}` },
});
const { message } = await response.json();
console.log(response.status, message);
