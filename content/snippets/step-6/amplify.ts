import { fetchAuthSession } from 'aws-amplify/auth';

// After a sign-in (step 1): bob, who is in no group, to see the refusal.
const { tokens } = await fetchAuthSession();
const idToken = tokens?.idToken?.toString();
if (!idToken) throw new Error('Not signed in: sign in first (step 1).');

// The function's answer reaches the client through the gateway:
// a 403 here was decided by the function, not by the authorizer.
const response = await fetch('http://127.0.0.1:9401/rest/prod/admin', { headers: { Authorization: idToken } });
if (response.status === 403) console.log(await response.json()); // { message: 'Forbidden: …' }
