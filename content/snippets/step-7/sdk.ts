import { APIGatewayClient, CreateDeploymentCommand, PutGatewayResponseCommand } from '@aws-sdk/client-api-gateway';

// Yours: your REST API's id (in the console, or `aws apigateway get-rest-apis`). AWS only.
const restApiId = process.env.REST_API_ID;
if (!restApiId) throw new Error('Set REST_API_ID to your REST API’s id.');
const apigateway = new APIGatewayClient({ region: 'us-east-1' });

// The gateway's own refusals (401, 403…) carry no CORS headers unless you add them,
// and then a browser hides the refusal from the page.
await apigateway.send(
  new PutGatewayResponseCommand({
    restApiId,
    responseType: 'DEFAULT_4XX',
    responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
  }),
);
// A changed gateway response reaches clients only with a new deployment.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/updating-api.html
await apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
