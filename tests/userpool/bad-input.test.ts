import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

let pool: TestUserPool;
before(async () => {
  pool = await startUserPool();
});
after(() => pool.close({ removeData: true }));

/** Every client mistake: HTTP 400, Cognito's JSON error shape, the error type header, and nothing of the server's insides. */
function assertClientError(response: Awaited<ReturnType<typeof callPool>>, type: string, message?: RegExp) {
  assert.equal(response.status, 400, response.text);
  assert.equal(response.headers.get('x-amzn-errortype'), `${type}:`);
  assert.equal(response.headers.get('content-type'), 'application/x-amz-json-1.1');
  assert.ok(response.headers.get('x-amzn-requestid'));
  assert.deepEqual(Object.keys(response.json!).sort(), ['__type', 'message']);
  assert.equal(response.json!.__type, type);
  if (message) assert.match(response.json!.message, message);
  assert.doesNotMatch(response.text, /\bat \S+ \(|node:internal|\.ts:\d+/, 'no stack trace');
}

const signIn = (body: unknown) => callPool(pool.endpoint, 'InitiateAuth', body);

describe('bad input gets the right 400, and the pool keeps serving', () => {
  const cases: [string, () => ReturnType<typeof callPool>, string, RegExp?][] = [
    ['malformed JSON', () => signIn('{"AuthFlow": "USER_SRP_AUTH",'), 'SerializationException', /not valid JSON/],
    ['a JSON array body', () => signIn('[1, 2, 3]'), 'SerializationException'],
    ['a JSON string body', () => signIn('"hello"'), 'SerializationException'],
    ['a number where a string belongs', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: 42, AuthParameters: {} }), 'SerializationException', /NUMBER_VALUE/],
    ['an object where a string belongs', () => signIn({ AuthFlow: { x: 1 }, ClientId: pool.clientId }), 'SerializationException', /structure or map/],
    ['a list where a map belongs', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: ['USERNAME'] }), 'SerializationException', /list/],
    ['a number inside a string map', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 7 } }), 'SerializationException'],
    ['a missing ClientId', () => signIn({ AuthFlow: 'USER_SRP_AUTH', AuthParameters: {} }), 'InvalidParameterException', /Value null at 'clientId' failed to satisfy constraint: Member must not be null/],
    ['a missing AuthFlow', () => signIn({ ClientId: pool.clientId }), 'InvalidParameterException', /'authFlow'/],
    ['an AuthFlow outside the enum', () => signIn({ AuthFlow: 'MAGIC', ClientId: pool.clientId }), 'InvalidParameterException', /Member must satisfy enum value set/],
    ['a missing USERNAME', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { SRP_A: 'ab' } }), 'InvalidParameterException', /Missing required parameter USERNAME/],
    ['an SRP_A that is not hex', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: 'zz' } }), 'InvalidParameterException'],
    ['an SRP_A of zero modulo N', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', SRP_A: '0' } }), 'InvalidParameterException'],
    ['an unknown app client', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'nosuchclient', AuthParameters: {} }), 'ResourceNotFoundException', /User pool client nosuchclient does not exist\./],
    ['a flow the client does not allow', () => signIn({ AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: {} }), 'InvalidParameterException', /not enabled/],
    ['an unknown operation', () => callPool(pool.endpoint, 'DoSomethingElse', {}), 'UnknownOperationException'],
    ['a foreign service target', () => callPool(pool.endpoint, 'x', {}, { 'x-amz-target': 'DynamoDB_20120810.ListTables' }), 'UnknownOperationException'],
    ['no X-Amz-Target at all', () => callPool(pool.endpoint, 'x', {}, { 'x-amz-target': '' }), 'UnknownOperationException'],
    ['an oversized body', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, Padding: 'x'.repeat(300 * 1024) }), 'InvalidParameterException', /maximum size/],
    ['a ChallengeName outside the enum', () => callPool(pool.endpoint, 'RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'NOPE', ChallengeResponses: {} }), 'InvalidParameterException'],
    ['a made-up SECRET_BLOCK', () => callPool(pool.endpoint, 'RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: { USERNAME: 'alice', PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA', TIMESTAMP: 'x', PASSWORD_CLAIM_SIGNATURE: 'x' } }), 'NotAuthorizedException', /Invalid session/],
    ['a garbage access token', () => callPool(pool.endpoint, 'GetUser', { AccessToken: 'not.a.token' }), 'NotAuthorizedException', /Invalid Access Token/],
    ['an attribute outside the schema', () => callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: 'x1', Password: 'Valid-pass-1', UserAttributes: [{ Name: 'favourite_colour', Value: 'blue' }] }), 'InvalidParameterException', /schema/],
    ['an unknown Username to confirm (answered as a wrong code, giving nothing away)', () => callPool(pool.endpoint, 'ConfirmSignUp', { ClientId: pool.clientId, Username: 'ghost', ConfirmationCode: '123456' }), 'CodeMismatchException', /Invalid verification code/],
    ['confirming a confirmed user', () => callPool(pool.endpoint, 'ConfirmSignUp', { ClientId: pool.clientId, Username: 'alice', ConfirmationCode: '000000' }), 'NotAuthorizedException', /cannot be confirmed/],
    ['a Unicode client id', () => signIn({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'ünïcödé', AuthParameters: {} }), 'InvalidParameterException'],
  ];

  for (const [name, send, type, message] of cases) {
    test(name, async () => {
      assertClientError(await send(), type, message);
    });
  }

  test('a wrong confirmation code gets CodeMismatchException', async () => {
    await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: 'codeguess', Password: 'Valid-pass-1', UserAttributes: [{ Name: 'email', Value: 'g@example.com' }] });
    const response = await callPool(pool.endpoint, 'ConfirmSignUp', { ClientId: pool.clientId, Username: 'codeguess', ConfirmationCode: 'nope' });
    assertClientError(response, 'CodeMismatchException', /Invalid verification code provided, please try again\./);
  });

  test('a message quoting non-ASCII input keeps it in the body; the header gets a safe copy', async () => {
    const response = await callPool(pool.endpoint, 'SignUp', { ClientId: pool.clientId, Username: 'x2', Password: 'Valid-pass-1', UserAttributes: [{ Name: 'ünïcode', Value: 'v' }] });
    assertClientError(response, 'InvalidParameterException', /ünïcode/);
    assert.match(response.headers.get('x-amzn-errormessage') ?? '', /\?n\?code/);
  });

  test('after all of that, the pool still signs people in', async () => {
    const alice = demoUser('alice');
    const response = await signIn({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password } });
    assert.equal(response.status, 200);
  });
});

describe('HTTP details browsers rely on', () => {
  test('a CORS preflight is answered, echoing the requested headers', async () => {
    const response = await fetch(pool.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:4321', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:4321');
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(response.headers.get('access-control-allow-headers'), 'content-type,x-amz-target,x-amz-user-agent,cache-control');
  });

  test('responses expose the request id and error headers to scripts', async () => {
    const response = await fetch(pool.endpoint, { method: 'POST', headers: { origin: 'http://127.0.0.1:4321', 'x-amz-target': 'AWSCognitoIdentityProviderService.Nope' }, body: '{}' });
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://127.0.0.1:4321');
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /x-amzn-RequestId.*x-amzn-ErrorType.*x-amzn-ErrorMessage/);
  });

  test('POST on any path is dispatched on X-Amz-Target, so the pool can sit behind a prefix', async () => {
    const alice = demoUser('alice');
    const response = await callPool(`${pool.url}/some/prefix/`, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: pool.clientId,
      AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
    });
    assert.equal(response.status, 200);
  });

  test('the body is JSON whatever the content type says', async () => {
    const alice = demoUser('alice');
    const response = await callPool(pool.endpoint, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password } }, { 'content-type': 'text/plain' });
    assert.equal(response.status, 200);
  });

  test('local endpoints answer loopback clients only', async () => {
    const fromAfar = await pool.pool.handler(new Request(`${pool.url}/_local/mailbox`), { remoteAddress: '192.0.2.7' });
    assert.equal(fromAfar.status, 403);
    const fromHere = await pool.pool.handler(new Request(`${pool.url}/_local/mailbox`), { remoteAddress: '127.0.0.1' });
    assert.equal(fromHere.status, 200);
  });
});
