/**
 * The answers API Gateway gives by itself, byte for byte, as AWS sends them
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html).
 * Each API wraps them in its own headers.
 */
export interface GatewayError {
  status: number;
  /** The exact body bytes. */
  body: string;
  /** REST APIs name the error in `x-amzn-ErrorType`. */
  errorType?: string;
  /** HTTP APIs explain a refused token in `www-authenticate`. */
  wwwAuthenticate?: string;
}

export const REST_ERRORS = {
  unauthorized: { status: 401, body: '{"message":"Unauthorized"}', errorType: 'UnauthorizedException' },
  expired: { status: 401, body: '{"message":"The incoming token has expired"}', errorType: 'UnauthorizedException' },
  missingToken: { status: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException' },
  tooLarge: { status: 413, body: '{"message":"Request Too Long"}' },
  // The space after the colon is AWS's.
  integrationFailure: { status: 502, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException' },
  integrationTimeout: { status: 504, body: '{"message": "Endpoint request timed out"}' },
} satisfies Record<string, GatewayError>;

/**
 * An unknown route with an `Authorization` header: API Gateway reads the
 * header as an AWS Signature V4 and complains about it, the classic surprise
 * of calling a mistyped path with a bearer token.
 */
export function incompleteSignature(authorization: string, hasDate: boolean): GatewayError {
  const space = authorization.indexOf(' ');
  const params =
    space < 0
      ? []
      : authorization
          .slice(space + 1)
          .split(',')
          .map((part) => part.trim());
  const withoutEquals = params.find((part) => !part.includes('='));
  let message: string;
  if (withoutEquals !== undefined) {
    message = `'${withoutEquals}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`;
  } else {
    const names = new Set(params.map((part) => part.slice(0, part.indexOf('='))));
    const missing = ['Credential', 'Signature', 'SignedHeaders']
      .filter((name) => !names.has(name))
      .map((name) => `Authorization header requires '${name}' parameter.`);
    if (!hasDate) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    message = `${missing.join(' ')} Authorization=${authorization}`;
  }
  return { status: 403, body: JSON.stringify({ message }), errorType: 'IncompleteSignatureException' };
}

export const HTTP_ERRORS = {
  unauthorized: { status: 401, body: '{"message":"Unauthorized"}' },
  forbidden: { status: 403, body: '{"message":"Forbidden"}' },
  notFound: { status: 404, body: '{"message":"Not Found"}' },
  tooLarge: { status: 413, body: '{"message":"Request Entity Too Large"}' },
  integrationFailure: { status: 500, body: '{"message":"Internal Server Error"}' },
  integrationTimeout: { status: 503, body: '{"message":"Service Unavailable"}' },
} satisfies Record<string, GatewayError>;

/** An HTTP API 401 for a token it refused, with the reason in `www-authenticate`. */
export function invalidToken(description: string, scopes: readonly string[]): GatewayError {
  return {
    ...HTTP_ERRORS.unauthorized,
    wwwAuthenticate: `Bearer scope="${scopes.join(' ')}" error="invalid_token" error_description="${description}"`,
  };
}
