import { fetchAuthSession } from 'aws-amplify/auth';

// After a sign-in (step 1), Amplify keeps the three tokens and refreshes them
// when they are about to expire.
const { tokens } = await fetchAuthSession();
// No tokens: signed out. A refused refresh token does not throw; Amplify clears
// the tokens and reports a 'tokenRefresh_failure' event on Hub's 'auth' channel.
console.log(tokens?.idToken?.payload['cognito:groups']);

// Force a refresh now: GetTokensFromRefreshToken, new ID and access tokens.
const fresh = await fetchAuthSession({ forceRefresh: true });
console.log(fresh.tokens?.idToken?.payload.iat);
