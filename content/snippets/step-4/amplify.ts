import { fetchAuthSession } from 'aws-amplify/auth';

// Amplify never verifies a token; the gateway does. The client only reacts to its answer.
async function send(url: string, forceRefresh: boolean): Promise<Response> {
  const { tokens } = await fetchAuthSession({ forceRefresh });
  // A refused refresh does not throw: Amplify clears the tokens, and there is nothing to send.
  if (!tokens?.idToken) throw new Error('Signed out: sign in again (step 1).');
  return fetch(url, { headers: { Authorization: `Bearer ${tokens.idToken.toString()}` } });
}

async function callApi(url: string): Promise<Response> {
  const first = await send(url, false).catch((error: unknown) => {
    // A page cannot read a response without CORS headers: fetch rejects with a TypeError
    // instead. On AWS the gateway's own 401 has none until a gateway response adds them
    // (step 7), so a refused token can look like a network failure. Retry it once as well.
    if (error instanceof TypeError) return undefined;
    throw error;
  });
  if (first && first.status !== 401) return first;
  // 401 (the authorizer refused the token), or a refusal the browser hid: refresh once, and retry.
  return send(url, true);
}

const response = await callApi('http://127.0.0.1:9401/rest/prod/hello');
console.log(response.status);
