import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

// A REST API event, cut down to what the function reads: the claims of a user in no
// group. (Step 5's /hello echoes a whole one.)
const event = {
  httpMethod: 'GET',
  path: '/admin',
  requestContext: { authorizer: { claims: { 'cognito:username': 'bob', 'cognito:groups': '' } } },
};

// What the function returned, before the gateway maps it (AWS only).
const { Payload, FunctionError } = await new LambdaClient({ region: 'us-east-1' }).send(
  new InvokeCommand({ FunctionName: 'admin', Payload: JSON.stringify(event) }),
);
console.log(FunctionError ?? 'no error', JSON.parse(new TextDecoder().decode(Payload)));
