import type { Backend } from '../../lib/backend.ts';
import type { StepNumber } from '../../lib/trace/steps.ts';

/**
 * Each step of the flow in the four ways a reader meets it: the Amplify
 * client, the AWS SDK v3, curl, and a Lambda function (with jose where a
 * token is verified). Filled in at build time with the page's real pool,
 * app client and API URLs, so that a reader can paste and run them.
 */
export type CodeLanguage = 'amplify' | 'sdk' | 'curl' | 'lambda';

export interface Snippet {
  language: CodeLanguage;
  /** Shiki's language id. */
  lang: 'ts' | 'bash';
  code: string;
}

export const CODE_LANGUAGES: Record<CodeLanguage, string> = {
  amplify: 'Amplify',
  sdk: 'AWS SDK v3',
  curl: 'curl',
  lambda: 'Lambda / jose',
};

interface Values {
  region: string;
  poolId: string;
  clientId: string;
  /** The user pool's endpoint for curl: the local stack's, or Cognito's regional one. */
  poolUrl: string;
  /** `endpoint` options for Amplify and the SDK: only the local stack needs one. */
  amplifyEndpoint: string;
  sdkEndpoint: string;
  issuer: string;
  jwksUri: string;
  rest: string;
  http: string;
  username: string;
  password: string;
}

function values(backend: Backend): Values {
  const demo = backend.local?.demoUsers.find((user) => user.username === 'alice') ?? backend.local?.demoUsers[0];
  const local = backend.userPoolEndpoint !== null;
  return {
    region: backend.region,
    poolId: backend.userPoolId,
    clientId: backend.userPoolClientId,
    poolUrl: backend.userPoolEndpoint ?? `https://cognito-idp.${backend.region}.amazonaws.com/`,
    amplifyEndpoint: local ? `\n      userPoolEndpoint: '${backend.userPoolEndpoint}', // the local stack; leave it out on AWS` : '',
    sdkEndpoint: local ? `, endpoint: '${backend.userPoolEndpoint}'` : '',
    issuer: backend.issuer,
    jwksUri: backend.jwksUri,
    rest: backend.apis.rest,
    http: backend.apis.http,
    username: demo?.username ?? 'YOUR_USERNAME',
    password: demo?.password ?? 'YOUR_PASSWORD',
  };
}

export function snippetsFor(step: StepNumber, backend: Backend): Snippet[] {
  const v = values(backend);
  const [amplify, sdk, curl, lambda] = STEPS[step](v);
  return [
    { language: 'amplify', lang: 'ts', code: amplify },
    { language: 'sdk', lang: 'ts', code: sdk },
    { language: 'curl', lang: 'bash', code: curl },
    { language: 'lambda', lang: 'ts', code: lambda },
  ];
}

const amplifyConfig = (v: Values) => `import { Amplify } from 'aws-amplify';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: '${v.poolId}',
      userPoolClientId: '${v.clientId}',${v.amplifyEndpoint}
    },
  },
});`;

const sdkClient = (v: Values) => `import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

// Sign-in calls need no AWS credentials: the app client id is enough.
const cognito = new CognitoIdentityProviderClient({ region: '${v.region}'${v.sdkEndpoint} });`;

type Step = (v: Values) => [amplify: string, sdk: string, curl: string, lambda: string];

const STEPS: Record<StepNumber, Step> = {
  1: (v) => [
    `${amplifyConfig(v)}
import { signIn } from 'aws-amplify/auth';

// USER_SRP_AUTH by default: two calls (InitiateAuth, RespondToAuthChallenge),
// and the password never leaves the browser.
const { isSignedIn, nextStep } = await signIn({ username: '${v.username}', password: '${v.password}' });
// nextStep.signInStep: 'DONE', or e.g. 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED'`,
    `${sdkClient(v)}
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

// The SDK does not do the SRP maths, so this uses USER_PASSWORD_AUTH:
// the password travels to the pool (over TLS on AWS). Prefer Amplify's SRP in browsers.
const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
  ClientId: '${v.clientId}',
  AuthFlow: 'USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: '${v.username}', PASSWORD: '${v.password}' },
}));`,
    `# AWS JSON 1.1: one POST, the operation named in X-Amz-Target.
curl -s '${v.poolUrl}' \\
  -H 'Content-Type: application/x-amz-json-1.1' \\
  -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' \\
  -d '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"${v.clientId}",
       "AuthParameters":{"USERNAME":"${v.username}","PASSWORD":"${v.password}"}}'`,
    `// Lambda takes part in sign-in only as a trigger that Cognito calls,
// e.g. before it checks the password (AWS only: the local pool runs no triggers).
import type { PreAuthenticationTriggerHandler } from 'aws-lambda';

export const handler: PreAuthenticationTriggerHandler = async (event) => {
  if (event.request.userAttributes.email?.endsWith('@blocked.example')) {
    throw new Error('Sign-in is disabled for this domain.'); // Cognito refuses the sign-in
  }
  return event;
};`,
  ],
  2: (v) => [
    `import { fetchAuthSession } from 'aws-amplify/auth';

// Amplify keeps the three tokens and refreshes them when they are about to expire.
const { tokens } = await fetchAuthSession();
// No tokens: signed out. A refused refresh token does not throw; Amplify clears
// the tokens and reports a 'tokenRefresh_failure' event on Hub's 'auth' channel.
console.log(tokens?.idToken?.payload['cognito:groups']);

// Force a refresh now: GetTokensFromRefreshToken, new ID and access tokens.
const fresh = await fetchAuthSession({ forceRefresh: true });`,
    `${sdkClient(v)}
import { GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';

// The refresh token buys new ID and access tokens. It travels in the body, never in a URL.
const { AuthenticationResult } = await cognito.send(new GetTokensFromRefreshTokenCommand({
  ClientId: '${v.clientId}',
  RefreshToken: refreshToken,
}));`,
    `# New ID and access tokens for a refresh token (in the body, never in the URL).
curl -s '${v.poolUrl}' \\
  -H 'Content-Type: application/x-amz-json-1.1' \\
  -H 'X-Amz-Target: AWSCognitoIdentityProviderService.GetTokensFromRefreshToken' \\
  -d "{\\"ClientId\\":\\"${v.clientId}\\",\\"RefreshToken\\":\\"$REFRESH_TOKEN\\"}"

# The public keys that check the tokens' signatures:
curl -s '${v.jwksUri}'`,
    `import { createRemoteJWKSet, jwtVerify } from 'jose';

// A backend verifies a token the way API Gateway does: the pool's keys, RS256 only.
const jwks = createRemoteJWKSet(new URL('${v.jwksUri}'));

const { payload } = await jwtVerify(idToken, jwks, {
  issuer: '${v.issuer}',
  audience: '${v.clientId}', // ID tokens carry aud; access tokens carry client_id instead
  algorithms: ['RS256'],
});
if (payload.token_use !== 'id') throw new Error('Not an ID token');`,
  ],
  3: (v) => [
    `import { fetchAuthSession } from 'aws-amplify/auth';

const { tokens } = await fetchAuthSession();

// The REST API's unscoped routes take the ID token; the HTTP API takes either.
const response = await fetch('${v.rest}/hello', {
  headers: { Authorization: \`Bearer \${tokens?.idToken}\` },
});`,
    `${sdkClient(v)}
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
  ClientId: '${v.clientId}',
  AuthFlow: 'USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: '${v.username}', PASSWORD: '${v.password}' },
}));

// The SDK gets the token; calling your API is a plain HTTPS request.
const response = await fetch('${v.http}/hello', {
  headers: { Authorization: \`Bearer \${AuthenticationResult?.AccessToken}\` },
});`,
    `# REST API, ID token; "Bearer " is optional for a Cognito authorizer.
curl -i '${v.rest}/hello' -H "Authorization: Bearer $ID_TOKEN"

# HTTP API, access token.
curl -i '${v.http}/hello' -H "Authorization: Bearer $ACCESS_TOKEN"`,
    `import { decodeJwt } from 'jose';

// A client may read its own token to decide when to refresh it,
// but never trusts what it reads: only the gateway verifies.
const { exp = 0 } = decodeJwt(idToken);
if (exp * 1000 < Date.now() + 60_000) {
  // refresh first (step 2), then send the request
}`,
  ],
  4: (v) => [
    `import { fetchAuthSession } from 'aws-amplify/auth';

// Amplify never verifies a token; the gateway does. The client only reacts to its answer.
async function callApi(url: string): Promise<Response> {
  const send = async (forceRefresh: boolean) => {
    const { tokens } = await fetchAuthSession({ forceRefresh });
    // A refused refresh token does not throw: the session simply has no tokens any more.
    if (!tokens?.idToken) throw new Error('Signed out: sign in again');
    return fetch(url, { headers: { Authorization: \`Bearer \${tokens.idToken}\` } });
  };
  const response = await send(false);
  // 401: the authorizer refused the token. Refresh once and retry.
  return response.status === 401 ? send(true) : response;
}

await callApi('${v.rest}/hello');`,
    `import { APIGatewayClient, CreateAuthorizerCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, CreateAuthorizerCommand as CreateJwtAuthorizerCommand } from '@aws-sdk/client-apigatewayv2';

// REST API: a Cognito user pool authorizer. Unscoped methods take ID tokens only.
await new APIGatewayClient({ region: '${v.region}' }).send(new CreateAuthorizerCommand({
  restApiId: REST_API_ID,
  name: 'demo',
  type: 'COGNITO_USER_POOLS',
  providerARNs: [\`arn:aws:cognito-idp:${v.region}:\${ACCOUNT_ID}:userpool/${v.poolId}\`],
  identitySource: 'method.request.header.Authorization',
}));

// HTTP API: a JWT authorizer. Issuer and audience; it does not look at token_use.
await new ApiGatewayV2Client({ region: '${v.region}' }).send(new CreateJwtAuthorizerCommand({
  ApiId: HTTP_API_ID,
  Name: 'demo',
  AuthorizerType: 'JWT',
  IdentitySource: ['$request.header.Authorization'],
  JwtConfiguration: { Issuer: '${v.issuer}', Audience: ['${v.clientId}'] },
}));`,
    `# The access token on an unscoped REST route: 401 {"message":"Unauthorized"}.
curl -i '${v.rest}/hello' -H "Authorization: Bearer $ACCESS_TOKEN"

# A broken token on the HTTP API: 401, and the reason in www-authenticate.
curl -i '${v.http}/hello' -H "Authorization: Bearer not.a.token"`,
    `import { createRemoteJWKSet, jwtVerify } from 'jose';

// What the REST API's Cognito authorizer checks, in order.
const jwks = createRemoteJWKSet(new URL('${v.jwksUri}'));

export async function authorize(header: string | undefined) {
  const token = header?.replace(/^Bearer /, '');
  if (!token) throw new Error('Unauthorized'); // no token
  const { payload } = await jwtVerify(token, jwks, {
    issuer: '${v.issuer}', // a pool it trusts
    algorithms: ['RS256'],  // never what the header asks for
    requiredClaims: ['exp', 'iat'],
  });
  if (payload.token_use !== 'id') throw new Error('Unauthorized'); // unscoped method: ID tokens only
  return payload;
}`,
  ],
  5: (v) => [
    `import { fetchAuthSession } from 'aws-amplify/auth';

// The demo's /hello function sends back the event it received, so a client can see it.
const { tokens } = await fetchAuthSession();
const response = await fetch('${v.rest}/hello', { headers: { Authorization: String(tokens?.idToken) } });
const { event } = await response.json();
console.log(event.requestContext.authorizer.claims); // the verified claims, all strings`,
    `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

// Invoking the function directly skips API Gateway and its authorizer (AWS only):
// the function must trust claims only from events the gateway built.
const lambda = new LambdaClient({ region: '${v.region}' });
const { Payload } = await lambda.send(new InvokeCommand({
  FunctionName: 'hello',
  Payload: JSON.stringify({ httpMethod: 'GET', path: '/hello', requestContext: {} }),
}));
console.log(JSON.parse(new TextDecoder().decode(Payload)));`,
    `# /hello answers with the event its function received.
curl -s '${v.rest}/hello' -H "Authorization: $ID_TOKEN"`,
    `import type { APIGatewayProxyEvent, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

// REST API (payload 1.0): claims are strings; groups read "admin,editors".
export function restClaims(event: APIGatewayProxyEvent) {
  return event.requestContext.authorizer?.claims as Record<string, string>;
}

// HTTP API (payload 2.0): claims are strings too; groups read "[admin editors]".
export function httpClaims(event: APIGatewayProxyEventV2WithJWTAuthorizer) {
  return event.requestContext.authorizer.jwt.claims;
}`,
  ],
  6: (v) => [
    `// The function's answer reaches the client through the gateway:
// a 403 here was decided by the function, not by the authorizer.
const response = await fetch('${v.rest}/admin', { headers: { Authorization: idToken } });
if (response.status === 403) console.log(await response.json()); // { message: 'Forbidden: …' }`,
    `import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

// What the function returned, before the gateway maps it (AWS only).
const { Payload, FunctionError } = await new LambdaClient({ region: '${v.region}' }).send(
  new InvokeCommand({ FunctionName: 'admin', Payload: JSON.stringify(event) }),
);
console.log(FunctionError ?? 'no error', JSON.parse(new TextDecoder().decode(Payload)));`,
    `# A function that throws: REST answers 502, HTTP 500.
curl -i '${v.rest}/faults/error'
# A function that answers without a numeric statusCode: 502.
curl -i '${v.rest}/faults/malformed'
# A function slower than the integration timeout: REST 504, HTTP 503.
curl -i '${v.http}/faults/timeout'`,
    `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

// The authorizer proved who the caller is; what they may do is the function's call.
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const groups = (event.requestContext.authorizer?.claims['cognito:groups'] ?? '').split(',');
  const allowed = groups.includes('admin');
  return {
    statusCode: allowed ? 200 : 403, // a number: anything else makes the gateway answer 502
    headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
    body: JSON.stringify(allowed ? { message: 'Welcome.' } : { message: 'Forbidden: admins only.' }),
  };
};`,
  ],
  7: (v) => [
    `// A page reads only the response headers that CORS exposes.
const response = await fetch('${v.rest}/hello', { headers: { Authorization: idToken } });
console.log(response.status, response.headers.get('x-amzn-RequestId'));
const body = await response.json();`,
    `import { APIGatewayClient, PutGatewayResponseCommand } from '@aws-sdk/client-api-gateway';

// The gateway's own refusals (401, 403…) carry no CORS headers unless you add them,
// and then a browser hides the refusal from the page.
await new APIGatewayClient({ region: '${v.region}' }).send(new PutGatewayResponseCommand({
  restApiId: REST_API_ID,
  responseType: 'DEFAULT_4XX',
  responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
}));`,
    `# -i shows the headers API Gateway adds: x-amzn-RequestId, x-amz-apigw-id, X-Amzn-Trace-Id…
curl -i '${v.rest}/hello' -H "Authorization: $ID_TOKEN"
# The HTTP API names the request apigw-requestid.
curl -i '${v.http}/hello' -H "Authorization: Bearer $ACCESS_TOKEN"`,
    `import type { APIGatewayProxyResult } from 'aws-lambda';

// With a REST proxy integration the function's headers reach the client as they are,
// so the function itself sends the CORS headers a browser needs.
export const handler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: {
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'x-amzn-RequestId',
  },
  body: JSON.stringify({ message: 'Hello!' }),
});`,
  ],
};
