import { fetchAuthSession } from 'aws-amplify/auth';

// After a sign-in (step 1).
const { tokens } = await fetchAuthSession();
const idToken = tokens?.idToken?.toString();
if (!idToken) throw new Error('Not signed in: sign in first (step 1).');

// A page reads only the response headers that CORS exposes.
const response = await fetch('http://127.0.0.1:9401/rest/prod/hello', { headers: { Authorization: idToken } });
console.log(response.status, response.headers.get('x-amzn-RequestId'));
console.log(await response.json());
