import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

// Invoking the function directly skips API Gateway and its authorizer (AWS only):
// the function must trust claims only from events the gateway built.
const lambda = new LambdaClient({ region: 'us-east-1' });
const { Payload } = await lambda.send(
  new InvokeCommand({
    FunctionName: 'hello',
    Payload: JSON.stringify({ httpMethod: 'GET', path: '/hello', requestContext: {} }),
  }),
);
console.log(JSON.parse(new TextDecoder().decode(Payload)));
