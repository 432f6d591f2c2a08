import type { Input } from '../input.ts';
import type { PoolServices } from '../services.ts';
import * as account from './account.ts';
import * as pools from './admin-pools.ts';
import * as users from './admin-users.ts';
import * as session from './session.ts';
import * as signIn from './sign-in.ts';

export interface Operation {
  /** Admin operations need an AWS Signature V4 from the stack's credentials; the rest are called anonymously, as in Cognito. */
  signed: boolean;
  /** Each operation takes the part of the record it needs; the app passes the whole. */
  run(services: PoolServices, input: Input): unknown;
}

const anonymous = (run: Operation['run']): Operation => ({ signed: false, run });
const signed = (run: Operation['run']): Operation => ({ signed: true, run });

/**
 * Every operation this pool answers, by its `X-Amz-Target` name. A Map, so
 * that a name such as `__proto__` or `toString` finds nothing.
 */
export const OPERATIONS: ReadonlyMap<string, Operation> = new Map(
  Object.entries({
    InitiateAuth: anonymous(signIn.initiateAuth),
    RespondToAuthChallenge: anonymous(signIn.respondToAuthChallenge),
    GetTokensFromRefreshToken: anonymous(session.getTokensFromRefreshToken),
    GetUser: anonymous(session.getUser),
    RevokeToken: anonymous(session.revokeToken),
    GlobalSignOut: anonymous(session.globalSignOut),

    SignUp: anonymous(account.signUp),
    ConfirmSignUp: anonymous(account.confirmSignUp),
    ResendConfirmationCode: anonymous(account.resendConfirmationCode),
    ForgotPassword: anonymous(account.forgotPassword),
    ConfirmForgotPassword: anonymous(account.confirmForgotPassword),
    ChangePassword: anonymous(account.changePassword),
    UpdateUserAttributes: anonymous(account.updateUserAttributes),
    GetUserAttributeVerificationCode: anonymous(account.getUserAttributeVerificationCode),
    VerifyUserAttribute: anonymous(account.verifyUserAttribute),
    DeleteUser: anonymous(account.deleteUser),

    CreateUserPool: signed(pools.createUserPool),
    DescribeUserPool: signed(pools.describeUserPool),
    CreateUserPoolClient: signed(pools.createUserPoolClient),
    DescribeUserPoolClient: signed(pools.describeUserPoolClient),
    UpdateUserPoolClient: signed(pools.updateUserPoolClient),

    AdminCreateUser: signed(users.adminCreateUser),
    AdminSetUserPassword: signed(users.adminSetUserPassword),
    AdminConfirmSignUp: signed(users.adminConfirmSignUp),
    AdminGetUser: signed(users.adminGetUser),
    ListUsers: signed(users.listUsers),
    AdminDeleteUser: signed(users.adminDeleteUser),
    AdminDisableUser: signed(users.adminDisableUser),
    AdminEnableUser: signed(users.adminEnableUser),
    AdminUserGlobalSignOut: signed(users.adminUserGlobalSignOut),
    CreateGroup: signed(users.createGroup),
    ListGroups: signed(users.listGroups),
    AdminAddUserToGroup: signed(users.adminAddUserToGroup),
    AdminRemoveUserFromGroup: signed(users.adminRemoveUserFromGroup),
  }),
);
