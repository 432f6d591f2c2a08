import { groupsOf, usernameOf, type ProxyEvent } from './claims.ts';
import { json, type ProxyResult } from './respond.ts';

const REQUIRED_GROUP = 'admin';

/**
 * The authorizer proved who the caller is, not what they may do: deciding
 * that is the function's job, here from the `cognito:groups` claim.
 */
export async function handler(event: ProxyEvent): Promise<ProxyResult> {
  const groups = groupsOf(event);
  if (!groups.includes(REQUIRED_GROUP)) {
    return json(403, { message: `Forbidden: this route requires the ${REQUIRED_GROUP} group.`, groups });
  }
  return json(200, { message: `Welcome, ${usernameOf(event) ?? 'admin'}.`, groups });
}
