/**
 * Reading the verified claims that API Gateway hands a function. Every value
 * arrives as a string, in a format that differs between the two API kinds:
 * the REST API joins arrays with commas ("admin,editors"), the HTTP API writes
 * them in brackets separated by spaces ("[admin editors]").
 */

type Claims = Record<string, string>;

interface RestEvent {
  requestContext: { authorizer?: { claims?: Claims } };
}
interface HttpEvent {
  version: '2.0';
  requestContext: { authorizer?: { jwt?: { claims?: Claims } } };
}
export type ProxyEvent = RestEvent | HttpEvent;

export function claimsOf(event: ProxyEvent): Claims {
  if ('version' in event && event.version === '2.0') return event.requestContext.authorizer?.jwt?.claims ?? {};
  return (event as RestEvent).requestContext.authorizer?.claims ?? {};
}

/** The caller's `cognito:groups`, decoded from either format. */
export function groupsOf(event: ProxyEvent): string[] {
  const raw = claimsOf(event)['cognito:groups'];
  if (!raw) return [];
  const bracketed = /^\[(.*)\]$/.exec(raw);
  const parts = bracketed ? (bracketed[1] ?? '').split(' ') : raw.split(',');
  return parts.filter((group) => group !== '');
}

/** ID tokens carry `cognito:username`, access tokens `username`. */
export function usernameOf(event: ProxyEvent): string | undefined {
  const claims = claimsOf(event);
  return claims['cognito:username'] ?? claims.username;
}
