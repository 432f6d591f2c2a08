import { Amplify } from 'aws-amplify';
import { signIn } from 'aws-amplify/auth';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: 'us-east-1_TrailDemo',
      userPoolClientId: '6s6va7v5evvw7fieadqu1p3szl',
      userPoolEndpoint: 'http://127.0.0.1:9400/', // the demo stack; leave it out on AWS
    },
  },
});

// USER_SRP_AUTH by default: two calls (InitiateAuth, RespondToAuthChallenge),
// and the password never leaves the browser.
const { isSignedIn, nextStep } = await signIn({ username: 'alice', password: 'Alice-demo-1' });
// 'DONE', or e.g. 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' (carol's first sign-in).
console.log({ isSignedIn, signInStep: nextStep.signInStep });
