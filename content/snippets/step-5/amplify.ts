import { fetchAuthSession } from 'aws-amplify/auth';

// After a sign-in (step 1). Signed out, there are no tokens, and nothing to send.
const { tokens } = await fetchAuthSession();
if (!tokens?.idToken) throw new Error('Not signed in: sign in first (step 1).');

// The demo's /hello function sends back the event it received, so a client can see it.
const response = await fetch('http://127.0.0.1:9401/rest/prod/hello', { headers: { Authorization: tokens.idToken.toString() } });
const { event } = await response.json();
console.log(event.requestContext.authorizer.claims); // the verified claims, all strings
