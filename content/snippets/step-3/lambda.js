import { decodeJwt } from 'jose';
import { signedInToken } from 'token-trail:page';

// Here: the ID token you signed in with on this page (alice's, if you have not).
const idToken = await signedInToken('id');

// A client may read its own token to decide when to refresh it,
// but never trusts what it reads: only the gateway verifies.
const { exp = 0 } = decodeJwt(idToken);
const minutesLeft = Math.floor((exp * 1000 - Date.now()) / 60_000);
console.log(minutesLeft < 1 ? 'Refresh first (step 2), then send the request.' : `Good for ${minutesLeft} more minutes.`);
