/**
 * Reading the verified claims that API Gateway hands a function. The two
 * older authorizers stringify every value, in formats that differ between
 * the API kinds: the REST API joins arrays with commas ("admin,editors"), the
 * HTTP API writes them in brackets separated by spaces ("[admin editors]").
 * The REST API's JWT authorizer keeps the token's JSON types (a list stays a
 * list), under the same key as the Cognito authorizer.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-claims.html
 */

type Claims = Record<string, unknown>;

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

/** The caller's `cognito:groups`, decoded from any of the three formats. */
export function groupsOf(event: ProxyEvent): string[] {
  const raw = claimsOf(event)['cognito:groups'];
  if (Array.isArray(raw)) return raw.filter((group): group is string => typeof group === 'string' && group !== '');
  if (typeof raw !== 'string' || raw === '') return [];
  const bracketed = /^\[(.*)\]$/.exec(raw);
  const parts = bracketed ? (bracketed[1] ?? '').split(' ') : raw.split(',');
  return parts.filter((group) => group !== '');
}

/** ID tokens carry `cognito:username`, access tokens `username`. */
export function usernameOf(event: ProxyEvent): string | undefined {
  const claims = claimsOf(event);
  const name = claims['cognito:username'] ?? claims.username;
  return typeof name === 'string' ? name : undefined;
}
