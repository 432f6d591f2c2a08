import type { APIGatewayProxyEvent, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

// REST API (payload 1.0): claims are strings; groups read "admin,editors".
export function restClaims(event: APIGatewayProxyEvent) {
  return event.requestContext.authorizer?.claims as Record<string, string>;
}

// HTTP API (payload 2.0): claims are strings too; groups read "[admin editors]".
export function httpClaims(event: APIGatewayProxyEventV2WithJWTAuthorizer) {
  return event.requestContext.authorizer.jwt.claims;
}
