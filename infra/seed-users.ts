/**
 * The demo users on a real pool, as the local pool seeds them
 * (src/stack/userpool/seed.json): alice (in `admin`) and bob with their
 * published passwords, carol with a temporary one she must change at her
 * first sign-in. Administrator calls only, signed with the caller's AWS
 * credentials; no email is sent (`MessageAction: SUPPRESS`).
 *
 * Running it again puts the three back to the seed: the published
 * passwords, carol's temporary one, enabled, and in exactly the seed's
 * groups. Users the seed does not name are left alone.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Seed } from '../src/stack/userpool/seed.ts';

export async function seedUsers(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  seed: Pick<Seed, 'users' | 'groups'>,
  log: (line: string) => void = () => {},
): Promise<void> {
  for (const user of seed.users) {
    const password = user.password ?? user.temporaryPassword;
    if (password === undefined) throw new Error(`The seed gives no password for ${user.username}.`);
    try {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.username,
          TemporaryPassword: password,
          MessageAction: 'SUPPRESS',
          UserAttributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      log(`created ${user.username}`);
    } catch (error) {
      if ((error as Error).name !== 'UsernameExistsException') throw error;
      await client.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: user.username }));
      log(`${user.username} exists: putting back the seed's password and groups`);
    }
    // Permanent for a published password; temporary (FORCE_CHANGE_PASSWORD) for carol's.
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: user.username, Password: password, Permanent: user.password !== undefined }),
    );
    for (const group of seed.groups) {
      const Command = user.groups.includes(group.name) ? AdminAddUserToGroupCommand : AdminRemoveUserFromGroupCommand;
      await client.send(new Command({ UserPoolId: userPoolId, Username: user.username, GroupName: group.name }));
    }
  }
}
