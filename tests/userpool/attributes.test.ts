import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AdminCreateUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { startStack, type RunningStack } from '../../src/stack/stack.ts';
import { callPool, demoUser, startUserPool, TEST_SITE_ORIGIN, type TestUserPool } from '../helpers/user-pool.ts';
import { uniqueName } from '../helpers/names.ts';
import { signUpUser, tokensOf } from '../helpers/pool-actors.ts';

/**
 * Every path that writes attributes goes through one rule: reserved names
 * (`sub`, `cognito:*`, `identities`) and names outside the schema are
 * refused with Cognito's errors, no stored attribute can stand in for a claim
 * the pool sets, and the seed never brings a forged attribute back.
 */

const UNAUTHORIZED_ATTRIBUTE = { __type: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' };
const notInSchema = (name: string) => ({ __type: 'InvalidParameterException', message: `Attribute does not exist in the schema: ${name}` });

function signInWithPassword(endpoint: string, clientId: string, username: string, password: string) {
  return callPool(endpoint, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } });
}

describe("a first sign-in (NEW_PASSWORD_REQUIRED), carol's in the demo, cannot make anyone an administrator", () => {
  let dataDir: string;
  let stack: RunningStack;
  let endpoint: string;
  let clientId: string;
  let admin: CognitoIdentityProviderClient;
  let aliceSub: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'token-trail-attributes-'));
    stack = await startStack({ dataDir, host: '127.0.0.1', userPoolPort: 0, gatewayPort: 0, siteOrigins: [TEST_SITE_ORIGIN] });
    endpoint = stack.info.userPoolEndpoint;
    clientId = stack.info.userPoolClientId;
    admin = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint, credentials: stack.info.admin, maxAttempts: 1 });
    const alice = demoUser('alice');
    const signedIn = await signInWithPassword(endpoint, clientId, alice.username, alice.password);
    aliceSub = decodeJwt(signedIn.json!.AuthenticationResult.IdToken).sub!;
  });
  after(async () => {
    admin.destroy();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A user of the test's own, made as carol was: by an administrator, with a temporary password; and their NEW_PASSWORD_REQUIRED session. */
  async function firstSignIn(): Promise<{ username: string; session: string }> {
    const username = uniqueName('newcomer');
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: stack.info.userPoolId,
        Username: username,
        TemporaryPassword: 'Temporary-pass-1',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    const started = await signInWithPassword(endpoint, clientId, username, 'Temporary-pass-1');
    assert.equal(started.json!.ChallengeName, 'NEW_PASSWORD_REQUIRED', started.text);
    return { username, session: started.json!.Session };
  }

  function answer(username: string, session: string, responses: Record<string, string>) {
    return callPool(endpoint, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: 'Chosen-pass-1', ...responses },
    });
  }

  const stored = (username: string) => stack.userPool.store.getUser(stack.info.userPoolId, username)!;

  test('userAttributes.cognito:groups=admin is refused, and nothing is written', async () => {
    const { username, session } = await firstSignIn();
    const refused = await answer(username, session, { 'userAttributes.cognito:groups': 'admin' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json, notInSchema('cognito:groups'));
    assert.equal(stored(username).status, 'FORCE_CHANGE_PASSWORD');
    assert.equal(stored(username).attributes['cognito:groups'], undefined);
  });

  test("userAttributes.sub=<alice's sub> is refused, and the user keeps their own sub", async () => {
    const { username, session } = await firstSignIn();
    const before = stored(username).attributes.sub;
    const refused = await answer(username, session, { 'userAttributes.sub': aliceSub });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json, UNAUTHORIZED_ATTRIBUTE);
    assert.equal(stored(username).attributes.sub, before);
  });

  test('userAttributes.identities and userAttributes.email_verified are not the client’s to write', async () => {
    for (const name of ['identities', 'email_verified']) {
      const { username, session } = await firstSignIn();
      const refused = await answer(username, session, { [`userAttributes.${name}`]: name === 'email_verified' ? 'true' : '[]' });
      assert.deepEqual(refused.json, UNAUTHORIZED_ATTRIBUTE, name);
    }
  });

  test('both at once (the published attack) are refused; /admin still refuses the user on both APIs', async () => {
    const { username, session } = await firstSignIn();
    const attack = await answer(username, session, { 'userAttributes.sub': aliceSub, 'userAttributes.cognito:groups': 'admin' });
    assert.equal(attack.status, 400);
    assert.deepEqual(attack.json, UNAUTHORIZED_ATTRIBUTE, 'the first forged attribute is named, and no tokens');

    // The session is still good for an honest answer, with a writable attribute.
    const honest = await answer(username, session, { 'userAttributes.name': 'Carol Chosen' });
    assert.equal(honest.status, 200, honest.text);
    const idToken = honest.json!.AuthenticationResult.IdToken as string;
    const claims = decodeJwt(idToken);
    assert.notEqual(claims.sub, aliceSub);
    assert.equal(claims['cognito:groups'], undefined);
    assert.equal(claims.name, 'Carol Chosen');
    for (const api of ['rest', 'http'] as const) {
      const response = await fetch(`${stack.info.apis[api]}/admin`, { headers: { authorization: `Bearer ${idToken}` } });
      assert.equal(response.status, 403, `${api} /admin`);
      assert.deepEqual(await response.json(), { message: 'Forbidden: this route requires the admin group.', groups: [] }, api);
    }
  });
});

describe('SignUp, UpdateUserAttributes and AdminCreateUser share the rule', () => {
  let pool: TestUserPool;
  let aliceAccess: string;

  before(async () => {
    pool = await startUserPool();
    const alice = demoUser('alice');
    aliceAccess = (await signInWithPassword(pool.endpoint, pool.clientId, alice.username, alice.password)).json!.AuthenticationResult.AccessToken;
  });
  after(() => pool.close({ removeData: true }));

  const signUp = (name: string, value: string) =>
    callPool(pool.endpoint, 'SignUp', {
      ClientId: pool.clientId,
      Username: `u-${name.replace(/\W/g, '')}`,
      Password: 'Valid-pass-1',
      UserAttributes: [{ Name: name, Value: value }],
    });
  const update = (name: string, value: string) =>
    callPool(pool.endpoint, 'UpdateUserAttributes', { AccessToken: aliceAccess, UserAttributes: [{ Name: name, Value: value }] });

  const cases: [string, string, object][] = [
    ['sub', '00000000-0000-4000-8000-000000000000', UNAUTHORIZED_ATTRIBUTE],
    ['identities', '[]', UNAUTHORIZED_ATTRIBUTE],
    ['email_verified', 'true', UNAUTHORIZED_ATTRIBUTE],
    ['phone_number_verified', 'true', UNAUTHORIZED_ATTRIBUTE],
    ['cognito:groups', 'admin', notInSchema('cognito:groups')],
    ['cognito:username', 'alice', notInSchema('cognito:username')],
    ['token_use', 'access', notInSchema('token_use')],
    ['__proto__', 'x', notInSchema('__proto__')],
  ];
  for (const [name, value, expected] of cases) {
    test(`SignUp and UpdateUserAttributes refuse ${name}`, async () => {
      const signedUp = await signUp(name, value);
      assert.equal(signedUp.status, 400);
      assert.deepEqual(signedUp.json, expected);
      const updated = await update(name, value);
      assert.equal(updated.status, 400);
      assert.deepEqual(updated.json, expected);
    });
  }

  test('AdminCreateUser may set email_verified, never sub or cognito:*', async () => {
    const admin = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: pool.endpoint, credentials: pool.pool.admin, maxAttempts: 1 });
    const create = (Username: string, UserAttributes: { Name: string; Value: string }[]) =>
      admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username, MessageAction: 'SUPPRESS', UserAttributes }));
    try {
      await assert.rejects(create('forged-sub', [{ Name: 'sub', Value: 'x' }]), {
        name: 'InvalidParameterException',
        message: 'Cannot modify the non-mutable attribute sub',
      });
      await assert.rejects(create('forged-group', [{ Name: 'cognito:groups', Value: 'admin' }]), {
        name: 'InvalidParameterException',
        message: 'Attribute does not exist in the schema: cognito:groups',
      });
      const created = await create('made-by-admin', [
        { Name: 'email', Value: 'made@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]);
      const attributes = Object.fromEntries(created.User!.Attributes!.map(({ Name, Value }) => [Name, Value]));
      assert.equal(attributes.email_verified, 'true');
      assert.notEqual(attributes.sub, 'x');
    } finally {
      admin.destroy();
    }
  });

  test('a changed email resets email_verified and sends a code to the new address', async () => {
    const user = await signUpUser(pool);
    const { AccessToken } = await tokensOf(pool, user);
    const updateOwn = (Value: string) => callPool(pool.endpoint, 'UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value }] });
    const changed = await updateOwn(`new-${user.email}`);
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(changed.json, { CodeDeliveryDetailsList: [{ Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }] });
    const got = await callPool(pool.endpoint, 'GetUser', { AccessToken });
    const attributes = Object.fromEntries((got.json!.UserAttributes as { Name: string; Value: string }[]).map(({ Name, Value }) => [Name, Value]));
    assert.equal(attributes.email, `new-${user.email}`);
    assert.equal(attributes.email_verified, 'false');
    const unchanged = await updateOwn(`new-${user.email}`);
    assert.deepEqual(unchanged.json, { CodeDeliveryDetailsList: [] }, 'the same address again sends nothing');
  });
});

describe('no stored attribute reaches a token in place of a claim the pool sets', () => {
  let pool: TestUserPool;
  before(async () => {
    pool = await startUserPool();
  });
  after(() => pool.close({ removeData: true }));

  test("a record written around the rules (reserved names stored as attributes) still gets the pool's own claims", async () => {
    const { store } = pool.pool;
    const bob = store.getUser(pool.poolId, 'bob')!;
    const forged = {
      'cognito:groups': 'admin',
      'cognito:username': 'alice',
      token_use: 'access',
      aud: 'someone-else',
      iss: 'https://evil.example',
      exp: '9999999999',
      iat: '1',
      auth_time: '1',
      jti: 'forged',
      origin_jti: 'forged',
      event_id: 'forged',
      scope: 'aws.cognito.signin.user.admin admin',
      client_id: 'someone-else',
      username: 'alice',
    };
    store.putUser({ ...bob, attributes: { ...bob.attributes, ...forged } });
    const signedIn = await signInWithPassword(pool.endpoint, pool.clientId, 'bob', demoUser('bob').password);
    const id = decodeJwt(signedIn.json!.AuthenticationResult.IdToken);
    const access = decodeJwt(signedIn.json!.AuthenticationResult.AccessToken);
    assert.equal(id.sub, bob.attributes.sub);
    assert.equal(id['cognito:groups'], undefined);
    assert.equal(id['cognito:username'], 'bob');
    assert.equal(id.token_use, 'id');
    assert.equal(id.aud, pool.clientId);
    assert.equal(id.iss, `${pool.url}/${pool.poolId}`);
    assert.ok(typeof id.exp === 'number' && id.exp - id.iat! === 3600);
    assert.notEqual(id.jti, 'forged');
    assert.notEqual(id.origin_jti, 'forged');
    assert.notEqual(id.event_id, 'forged');
    for (const name of ['scope', 'client_id', 'username']) assert.equal(id[name], undefined, name);
    assert.equal(access.username, 'bob');
    assert.equal(access.scope, 'aws.cognito.signin.user.admin');
    assert.equal(access.client_id, pool.clientId);
    assert.equal(access['cognito:groups'], undefined);
  });
});

describe('the seed never brings a forged attribute back', () => {
  test('restarting on a data folder whose demo user carries forged attributes cleans them, and gives back a unique sub', async () => {
    const first = await startUserPool();
    const { store } = first.pool;
    const alice = store.getUser(first.poolId, 'alice')!;
    const carol = store.getUser(first.poolId, 'carol')!;
    store.putUser({
      ...carol,
      attributes: { ...carol.attributes, sub: alice.attributes.sub!, 'cognito:groups': 'admin', token_use: 'access', nickname: 'kept' },
    });
    await first.close();

    const again = await startUserPool({ dataDir: first.dataDir });
    try {
      const restored = again.pool.store.getUser(again.poolId, 'carol')!;
      assert.equal(restored.attributes['cognito:groups'], undefined);
      assert.equal(restored.attributes.token_use, undefined);
      assert.equal(restored.attributes.nickname, 'kept', 'a valid attribute the user set stays');
      assert.notEqual(restored.attributes.sub, alice.attributes.sub);
      assert.match(restored.attributes.sub!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(again.pool.store.getUser(again.poolId, 'alice')!.attributes.sub, alice.attributes.sub, "alice's sub is hers");
    } finally {
      await again.close({ removeData: true });
    }
  });
});
