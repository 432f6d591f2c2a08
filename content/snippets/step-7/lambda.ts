import type { APIGatewayProxyResult } from 'aws-lambda';

// With a REST proxy integration the function's headers reach the client as they are,
// so the function itself sends the CORS headers a browser needs.
export const handler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: {
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'x-amzn-RequestId',
  },
  body: JSON.stringify({ message: 'Hello!' }),
});
