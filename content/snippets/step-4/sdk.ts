// AWS only: the demo stack's gateway is defined in code (src/stack/api.ts), not through this API.
import { APIGatewayClient, CreateAuthorizerCommand, CreateDeploymentCommand, GetResourcesCommand, UpdateMethodCommand } from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  CreateAuthorizerCommand as CreateJwtAuthorizerCommand,
  CreateDeploymentCommand as CreateHttpDeploymentCommand,
  GetRoutesCommand,
  GetStageCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import { CognitoIdentityProviderClient, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';

// Yours: the ids of your two APIs (in the console, or `aws apigateway get-rest-apis`
// and `aws apigatewayv2 get-apis`), each with a GET /hello.
const { REST_API_ID, HTTP_API_ID } = process.env;
if (!REST_API_ID || !HTTP_API_ID) throw new Error('Set REST_API_ID and HTTP_API_ID to your APIs’ ids.');

const region = 'us-east-1';
const rest = new APIGatewayClient({ region });
const http = new ApiGatewayV2Client({ region });

// The pool's ARN (it names your account), from the pool itself.
const { UserPool } = await new CognitoIdentityProviderClient({ region }).send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_TrailDemo' }));
if (!UserPool?.Arn) throw new Error('No such user pool.');

// REST API: a Cognito user pool authorizer. Unscoped methods take ID tokens only.
const authorizer = await rest.send(
  new CreateAuthorizerCommand({
    restApiId: REST_API_ID,
    name: 'demo',
    type: 'COGNITO_USER_POOLS',
    providerARNs: [UserPool.Arn],
    identitySource: 'method.request.header.Authorization',
  }),
);
// An authorizer protects nothing until a method uses it: GET /hello here.
const { items: resources = [] } = await rest.send(new GetResourcesCommand({ restApiId: REST_API_ID }));
const hello = resources.find((resource) => resource.path === '/hello');
if (!hello?.id) throw new Error('The REST API has no /hello resource.');
await rest.send(
  new UpdateMethodCommand({
    restApiId: REST_API_ID,
    resourceId: hello.id,
    httpMethod: 'GET',
    patchOperations: [
      { op: 'replace', path: '/authorizationType', value: 'COGNITO_USER_POOLS' },
      { op: 'replace', path: '/authorizerId', value: authorizer.id },
    ],
  }),
);
// A stage serves its last deployment, not the API as edited: deploy again.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/updating-api.html
await rest.send(new CreateDeploymentCommand({ restApiId: REST_API_ID, stageName: 'prod' }));

// HTTP API: a JWT authorizer. Issuer and audience; it does not look at token_use.
const jwtAuthorizer = await http.send(
  new CreateJwtAuthorizerCommand({
    ApiId: HTTP_API_ID,
    Name: 'demo',
    AuthorizerType: 'JWT',
    IdentitySource: ['$request.header.Authorization'],
    JwtConfiguration: { Issuer: 'http://127.0.0.1:9400/us-east-1_TrailDemo', Audience: ['6s6va7v5evvw7fieadqu1p3szl'] },
  }),
);
const { Items: routes = [] } = await http.send(new GetRoutesCommand({ ApiId: HTTP_API_ID }));
const route = routes.find((candidate) => candidate.RouteKey === 'GET /hello');
if (!route?.RouteId) throw new Error('The HTTP API has no GET /hello route.');
await http.send(new UpdateRouteCommand({ ApiId: HTTP_API_ID, RouteId: route.RouteId, AuthorizationType: 'JWT', AuthorizerId: jwtAuthorizer.AuthorizerId }));
// Deployed by itself if the stage deploys automatically; otherwise deploy it.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
const stage = await http.send(new GetStageCommand({ ApiId: HTTP_API_ID, StageName: '$default' }));
if (!stage.AutoDeploy) await http.send(new CreateHttpDeploymentCommand({ ApiId: HTTP_API_ID, StageName: '$default' }));
