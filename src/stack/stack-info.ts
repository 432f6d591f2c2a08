/**
 * The stack's contract: what `npm run stack` writes to `<data>/stack.json`
 * once every server is listening. Tests, the site and the deployment tooling
 * read it; fields are only ever added.
 */
export interface StackInfo {
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** The URL that Amplify's `userPoolEndpoint` takes. */
  userPoolEndpoint: string;
  issuer: string;
  jwksUri: string;
  demoUsers: DemoUser[];
  /** Credentials that admin operations must be signed with (SigV4). */
  admin: { accessKeyId: string; secretAccessKey: string };
  /** Local-only endpoint listing the messages the pool would have emailed. */
  mailbox: string;
  /**
   * Base URLs of the demo APIs, without a trailing slash: the REST API with
   * the Cognito authorizer, the HTTP API, and the REST API with the JWT
   * authorizer (`restJwt`, added later).
   */
  apis: { rest: string; http: string; restJwt: string };
  /** Local-only trace endpoints; `byId` contains the placeholder `{requestId}`. */
  trace: { byId: string; stream: string };
  /**
   * Only when the stack runs for a workshop (`npm run workshop`): where
   * participants report their progress, and the facilitator's API, which
   * takes `Authorization: Bearer <the token in <data>/facilitator-token>`.
   */
  workshop?: { progress: string; facilitator: string };
}

export interface DemoUser {
  username: string;
  password: string;
  groups: string[];
  /** What the tutorial uses this user for. */
  note: string;
}

/** The demo users as every stack publishes them: each with the password it signs in with first (a temporary one for carol). */
export function publishedDemoUsers(
  users: readonly { username: string; password?: string; temporaryPassword?: string; groups: string[]; note: string }[],
): DemoUser[] {
  return users.map((user) => ({ username: user.username, password: (user.password ?? user.temporaryPassword)!, groups: user.groups, note: user.note }));
}
