import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';
import { uniqueName } from '../helpers/names.ts';
import { assertShape, SIGNED_IN } from '../helpers/pool-actors.ts';

let pool: TestUserPool;
before(async () => {
  pool = await startUserPool();
});
after(() => pool.close({ removeData: true }));

/** Every client mistake: HTTP 400, Cognito's JSON error shape, the error type header, and nothing of the server's insides. */
function assertClientError(response: Awaited<ReturnType<typeof callPool>>, type: string, message: string) {
  assert.equal(response.status, 400, response.text);
  assert.equal(response.headers.get('x-amzn-errortype'), `${type}:`);
  assert.equal(response.headers.get('content-type'), 'application/x-amz-json-1.1');
  assert.match(response.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(response.json, { __type: type, message });
  assert.doesNotMatch(response.text, /\bat \S+ \(|node:internal|\.ts:\d+/, 'no stack trace');
}

const signIn = (body: unknown) => callPool(pool.endpoint, 'InitiateAuth', body);
const NOT_JSON_OBJECT = 'Start of structure or map expected: the request body must be a JSON object.';
const enumOf = (member: string, value: string, values: string) =>
  `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values}]`;
const AUTH_FLOWS = 'USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH';
const CHALLENGES =
  'SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SELECT_CHALLENGE, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, ADMIN_NO_SRP_AUTH, NEW_PASSWORD_REQUIRED, SMS_OTP, PASSWORD, WEB_AUTHN, PASSWORD_SRP';

describe('bad input gets the right 400, and the pool keeps serving', () => {
  const cases: [string, () => ReturnType<typeof callPool>, string, string][] = [
    ['malformed JSON', () => signIn('{"AuthFlow": "USER_SRP_AUTH",'), 'SerializationException', 'The request body is not valid JSON.'],
    ['a JSON array body', () => signIn('[1, 2, 3]'), 'SerializationException', NOT_JSON_OBJECT],
    ['a JSON string body', () => signIn('"hello"'), 'SerializationException', NOT_JSON_OBJECT],
    [
      'a number where a string belongs',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: 42, AuthParameters: {} }),
      'SerializationException',
      'NUMBER_VALUE can not be converted to a String',
    ],
    [
      'an object where a string belongs',
      () => signIn({ AuthFlow: { x: 1 }, ClientId: pool.clientId }),
      'SerializationException',
      'Start of structure or map found where not expected.',
    ],
    [
      'a list where a map belongs',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: ['USERNAME'] }),
      'SerializationException',
      'Start of list found where not expected',
    ],
    [
      'a number inside a string map',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 7 } }),
      'SerializationException',
      'NUMBER_VALUE can not be converted to a String',
    ],
    [
      'a missing ClientId',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', AuthParameters: {} }),
      'InvalidParameterException',
      "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a missing AuthFlow',
      () => signIn({ ClientId: pool.clientId }),
      'InvalidParameterException',
      "1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null",
    ],
    [
      'an AuthFlow outside the enum',
      () => signIn({ AuthFlow: 'MAGIC', ClientId: pool.clientId }),
      'InvalidParameterException',
      enumOf('authFlow', 'MAGIC', AUTH_FLOWS),
    ],
    [
      'a missing USERNAME',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { SRP_A: 'ab' } }),
      'InvalidParameterException',
      'Missing required parameter USERNAME',
    ],
    [
      'an SRP_A that is not hex',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: 'zz' } }),
      'InvalidParameterException',
      'SRP_A is not a valid hexadecimal number.',
    ],
    [
      'an SRP_A of zero modulo N',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: '0' } }),
      'InvalidParameterException',
      'SRP_A cannot be zero modulo N.',
    ],
    [
      'an unknown app client',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'nosuchclient', AuthParameters: {} }),
      'ResourceNotFoundException',
      'User pool client nosuchclient does not exist.',
    ],
    [
      'a flow the client does not allow',
      () => signIn({ AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: {} }),
      'InvalidParameterException',
      'CUSTOM_AUTH flow not enabled for this client',
    ],
    ['an unknown operation', () => callPool(pool.endpoint, 'DoSomethingElse', {}), 'UnknownOperationException', 'Unknown operation DoSomethingElse'],
    [
      'a foreign service target',
      () => callPool(pool.endpoint, 'x', {}, { 'x-amz-target': 'DynamoDB_20120810.ListTables' }),
      'UnknownOperationException',
      'Unknown operation DynamoDB_20120810.ListTables',
    ],
    [
      'no X-Amz-Target at all',
      () => callPool(pool.endpoint, 'x', {}, { 'x-amz-target': '' }),
      'UnknownOperationException',
      'The X-Amz-Target header is missing.',
    ],
    [
      'an oversized body',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, Padding: 'x'.repeat(300 * 1024) }),
      'InvalidParameterException',
      'The request body exceeds the maximum size of 262144 bytes.',
    ],
    [
      'a ChallengeName outside the enum',
      () => callPool(pool.endpoint, 'RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'NOPE', ChallengeResponses: {} }),
      'InvalidParameterException',
      enumOf('challengeName', 'NOPE', CHALLENGES),
    ],
    [
      'a made-up SECRET_BLOCK',
      () =>
        callPool(pool.endpoint, 'RespondToAuthChallenge', {
          ClientId: pool.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: { USERNAME: 'alice', PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA', TIMESTAMP: 'x', PASSWORD_CLAIM_SIGNATURE: 'x' },
        }),
      'NotAuthorizedException',
      'Invalid session for the user.',
    ],
    ['a garbage access token', () => callPool(pool.endpoint, 'GetUser', { AccessToken: 'not.a.token' }), 'NotAuthorizedException', 'Invalid Access Token'],
    [
      'an attribute outside the schema',
      () =>
        callPool(pool.endpoint, 'SignUp', {
          ClientId: pool.clientId,
          Username: 'x1',
          Password: 'Valid-pass-1',
          UserAttributes: [{ Name: 'favourite_colour', Value: 'blue' }],
        }),
      'InvalidParameterException',
      'Attribute does not exist in the schema: favourite_colour',
    ],
    [
      'an unknown Username to confirm (answered as a wrong code, giving nothing away)',
      () => callPool(pool.endpoint, 'ConfirmSignUp', { ClientId: pool.clientId, Username: 'ghost', ConfirmationCode: '123456' }),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    ],
    [
      'confirming a confirmed user',
      () => callPool(pool.endpoint, 'ConfirmSignUp', { ClientId: pool.clientId, Username: 'alice', ConfirmationCode: '000000' }),
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    ],
    [
      'a Unicode client id',
      () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'ünïcödé', AuthParameters: {} }),
      'InvalidParameterException',
      "1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w+]+$",
    ],
  ];

  for (const [name, send, type, message] of cases) {
    test(name, async () => {
      assertClientError(await send(), type, message);
    });
  }

  test('a wrong confirmation code gets CodeMismatchException', async () => {
    const username = uniqueName('codeguess');
    const signedUp = await callPool(pool.endpoint, 'SignUp', {
      ClientId: pool.clientId,
      Username: username,
      Password: 'Valid-pass-1',
      UserAttributes: [{ Name: 'email', Value: 'g@example.com' }],
    });
    assert.equal(signedUp.status, 200, signedUp.text);
    const response = await callPool(pool.endpoint, 'ConfirmSignUp', { ClientId: pool.clientId, Username: username, ConfirmationCode: 'nope' });
    assertClientError(response, 'CodeMismatchException', 'Invalid verification code provided, please try again.');
  });

  test('a message quoting non-ASCII input keeps it in the body; the header gets a safe copy', async () => {
    const response = await callPool(pool.endpoint, 'SignUp', {
      ClientId: pool.clientId,
      Username: 'x2',
      Password: 'Valid-pass-1',
      UserAttributes: [{ Name: 'ünïcode', Value: 'v' }],
    });
    assertClientError(response, 'InvalidParameterException', 'Attribute does not exist in the schema: ünïcode');
    assert.equal(response.headers.get('x-amzn-errormessage'), 'Attribute does not exist in the schema: ?n?code');
  });

  test('bad input leaves the pool serving: a sign-in succeeds', async () => {
    const alice = demoUser('alice');
    const response = await signIn({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
    });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, SIGNED_IN);
  });
});

describe('HTTP details browsers rely on', () => {
  test('a CORS preflight is answered, echoing the requested headers', async () => {
    const response = await fetch(pool.endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:4321',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:4321');
    assert.equal(response.headers.get('access-control-allow-methods'), 'POST,GET,OPTIONS');
    assert.equal(response.headers.get('access-control-allow-headers'), 'content-type,x-amz-target,x-amz-user-agent,cache-control');
  });

  test('responses expose the request id and error headers to scripts', async () => {
    const response = await fetch(pool.endpoint, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:4321', 'x-amz-target': 'AWSCognitoIdentityProviderService.Nope' },
      body: '{}',
    });
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:4321');
    assert.equal(response.headers.get('access-control-expose-headers'), 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date');
    assert.deepEqual(await response.json(), { __type: 'UnknownOperationException', message: 'Unknown operation Nope' });
  });

  test('POST on any path is dispatched on X-Amz-Target, so the pool can sit behind a prefix', async () => {
    const alice = demoUser('alice');
    const response = await callPool(`${pool.url}/some/prefix/`, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
    });
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, SIGNED_IN);
  });

  test('the body is JSON whatever the content type says', async () => {
    const alice = demoUser('alice');
    const response = await callPool(
      pool.endpoint,
      'InitiateAuth',
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password } },
      { 'content-type': 'text/plain' },
    );
    assert.equal(response.status, 200, response.text);
    assertShape(response.json, SIGNED_IN);
  });

  test('local endpoints answer loopback clients only', async () => {
    const fromAfar = await pool.pool.handler(new Request(`${pool.url}/_local/mailbox`), { remoteAddress: '192.0.2.7' });
    assert.equal(fromAfar.status, 403);
    assert.deepEqual(await fromAfar.json(), { message: 'Local endpoints answer only on this machine.' });
    const fromHere = await pool.pool.handler(new Request(`${pool.url}/_local/mailbox?username=nobody-at-all`), { remoteAddress: '127.0.0.1' });
    assert.equal(fromHere.status, 200);
    assert.deepEqual(await fromHere.json(), { messages: [] });
  });
});
