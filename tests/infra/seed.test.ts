/**
 * `npm run aws:seed`'s work (infra/seed-users.ts), run against the local
 * pool, which answers Cognito's administrator API signed with SigV4 as AWS
 * does: on a fresh pool made the way the deployment makes it (the seed's
 * groups, a client without a secret), the demo users come out as the local
 * seed has them, and a second run puts back whatever a reader changed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AdminAddUserToGroupCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import SEED from '../../src/stack/userpool/seed.json' with { type: 'json' };
import { seedUsers } from '../../infra/seed-users.ts';
import { adminClient, createClient, createUser, passwordSignIn } from '../helpers/pool-actors.ts';
import { uniqueName } from '../helpers/names.ts';
import { startUserPool, type TestUserPool } from '../helpers/user-pool.ts';

let local: TestUserPool;
let admin: CognitoIdentityProviderClient;
before(async () => {
  local = await startUserPool();
  admin = adminClient(local);
});
after(() => local.close({ removeData: true }));

/** A pool of its own for each test (they run in any order), as `aws:deploy` leaves it: groups, a client, no users. */
async function deployedPool(): Promise<TestUserPool> {
  const created = await admin.send(new CreateUserPoolCommand({ PoolName: uniqueName('deployed') }));
  const poolId = created.UserPool!.Id!;
  for (const group of SEED.groups)
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group.name, Description: group.description, Precedence: group.precedence }));
  const pool = { ...local, poolId };
  return { ...pool, clientId: (await createClient(pool, admin)).clientId };
}

async function groupsAfterSignIn(pool: TestUserPool, username: string, password: string): Promise<string[]> {
  const response = await passwordSignIn(pool, username, password);
  assert.equal(response.status, 200, `${username}: ${response.text}`);
  const idToken = (response.json!.AuthenticationResult as { IdToken: string }).IdToken;
  return (decodeJwt(idToken)['cognito:groups'] as string[] | undefined) ?? [];
}

async function assertSeeded(pool: TestUserPool): Promise<void> {
  for (const user of SEED.users) {
    const got = await admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: user.username }));
    assert.equal(got.Enabled, true, user.username);
    assert.equal(got.UserStatus, user.password ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD', user.username);
    for (const [name, value] of Object.entries(user.attributes)) {
      assert.equal(got.UserAttributes!.find((attribute) => attribute.Name === name)?.Value, value, `${user.username}'s ${name}`);
    }
    if (user.password) assert.deepEqual(await groupsAfterSignIn(pool, user.username, user.password), user.groups, `${user.username}'s groups`);
    else {
      const response = await passwordSignIn(pool, user.username, user.temporaryPassword!);
      assert.equal(response.json!.ChallengeName, 'NEW_PASSWORD_REQUIRED', user.username);
    }
  }
}

test('on a fresh pool: alice and bob with their published passwords and groups, carol with a temporary password', async () => {
  const pool = await deployedPool();
  const lines: string[] = [];
  await seedUsers(admin, pool.poolId, SEED, (line) => lines.push(line));
  assert.deepEqual(
    lines,
    SEED.users.map((user) => `created ${user.username}`),
  );
  await assertSeeded(pool);
});

test('a second run puts back passwords, groups and a disabled user, and leaves other users alone', async () => {
  const pool = await deployedPool();
  await seedUsers(admin, pool.poolId, SEED);
  const [alice, bob] = SEED.users as [(typeof SEED.users)[0], (typeof SEED.users)[0]];
  await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: alice.username, Password: 'Changed-by-a-reader-1', Permanent: true }));
  await admin.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.poolId, Username: alice.username, GroupName: 'admin' }));
  await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: bob.username, GroupName: 'admin' }));
  await admin.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: bob.username }));
  const other = await createUser(pool, admin);

  await seedUsers(admin, pool.poolId, SEED);
  await assertSeeded(pool);
  const users = await admin.send(new ListUsersCommand({ UserPoolId: pool.poolId }));
  assert.deepEqual(users.Users!.map((user) => user.Username).sort(), [...SEED.users.map((user) => user.username), other.username].sort());
  assert.equal((await passwordSignIn(pool, other.username, other.password)).status, 200, 'the other user still signs in');
});
