import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CognitoIdentityProviderClient, UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { callPool, demoUser, startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

/**
 * Names that an object inherits (`__proto__`, `constructor`, `toString`…)
 * find nothing in any table of the pool: each is an unknown name, answered
 * with Cognito's 400, never a 5xx or a stack trace in the log.
 */

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const log: string[] = [];
let pool: TestUserPool;

before(async () => {
  pool = await startUserPool({ log: (line) => log.push(line) });
});
after(() => pool.close({ removeData: true }));

test('an operation named after an inherited property is an unknown operation', async () => {
  for (const name of HOSTILE) {
    const response = await callPool(pool.endpoint, name, {});
    assert.equal(response.status, 400, name);
    assert.deepEqual(response.json, { __type: 'UnknownOperationException', message: `Unknown operation ${name}` }, name);
    assert.equal(response.headers.get('x-amzn-errortype'), 'UnknownOperationException:');
  }
  assert.deepEqual(
    log.filter((line) => line.includes('internal error')),
    [],
  );
});

test('a token-validity unit named after an inherited property is refused by the enum rule', async () => {
  const admin = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: pool.endpoint, credentials: pool.pool.admin, maxAttempts: 1 });
  try {
    for (const unit of ['toString', 'constructor', '__proto__']) {
      await assert.rejects(
        admin.send(
          new UpdateUserPoolClientCommand({
            UserPoolId: pool.poolId,
            ClientId: pool.clientId,
            ClientName: 'token-trail-site',
            AccessTokenValidity: 1,
            TokenValidityUnits: { AccessToken: unit as 'hours' },
          }),
        ),
        {
          name: 'InvalidParameterException',
          message: `1 validation error detected: Value '${unit}' at 'tokenValidityUnits.AccessToken' failed to satisfy constraint: Member must satisfy enum value set: [seconds, minutes, hours, days]`,
        },
        unit,
      );
    }
  } finally {
    admin.destroy();
  }
  const alice = demoUser('alice');
  const signedIn = await callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: alice.username, PASSWORD: alice.password },
  });
  assert.equal(signedIn.status, 200, 'the client is unchanged and the pool keeps serving');
  assert.equal(signedIn.json!.AuthenticationResult.ExpiresIn, 3600);
});

test('inherited names as map keys (AuthParameters, ChallengeResponses) are plain unknown keys', async () => {
  const response = await callPool(pool.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: JSON.parse('{"__proto__": {"USERNAME": "alice", "PASSWORD": "Alice-demo-1"}, "constructor": "x"}'),
  });
  assert.equal(response.status, 400);
  assert.deepEqual(response.json, { __type: 'SerializationException', message: 'Start of structure or map found where not expected.' });
});
