import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

// The authorizer proved who the caller is; what they may do is the function's call.
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const groups = (event.requestContext.authorizer?.claims['cognito:groups'] ?? '').split(',');
  const allowed = groups.includes('admin');
  return {
    statusCode: allowed ? 200 : 403, // a number: anything else makes the gateway answer 502
    headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
    body: JSON.stringify(allowed ? { message: 'Welcome.' } : { message: 'Forbidden: admins only.' }),
  };
};
