/**
 * The demo stack on AWS, built from the same API definition the local gateway
 * serves (src/stack/api.ts) and the same user-pool settings the local pool
 * seeds (src/stack/userpool/): whatever route, authorizer, scope or function
 * the definition declares is deployed from it, and nothing here repeats it.
 *
 * `TokenTrailStack` takes the definition as a parameter, so a test can hand
 * it a changed copy and find the change in the template, as the local gateway
 * finds it in its routes (tests/infra/one-definition.test.ts).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { routesOf, type ApiDefinition, type FunctionDefinition, type JwtIssuer, type RestJwtAuthorizer, type Route } from '../src/stack/api.ts';
import { AWS_POOL, type AwsPoolSettings } from './pool-settings.ts';
import { OUTPUT_NAMES } from './outputs.ts';

/** The repository's root: the definition's `entry` paths are relative to it. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface TokenTrailStackProps extends StackProps {
  /** What the APIs serve: src/stack/api.ts, or a changed copy of it. */
  definition: ApiDefinition;
  /** The pool, its app client and groups; by default what the local pool seeds (infra/pool-settings.ts). */
  pool?: AwsPoolSettings;
  /**
   * Where the deployed site lives (`https://trail.example`), or a local
   * address (`http://localhost:4321`): an OAuth callback URL for the app
   * client, needed only when the definition asks for scopes of its own.
   */
  siteOrigin?: string;
}

/** Scopes a Cognito user pool has without a resource server. */
const BUILT_IN_SCOPES = new Set(['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin']);

const RUNTIMES: Record<FunctionDefinition['runtime'], Runtime> = { 'nodejs24.x': Runtime.NODEJS_24_X };

/**
 * Names that never resolve (RFC 6761, section 6.4). The definition's second
 * issuer of the REST JWT authorizer lives under one, to show an issuer that
 * no key can satisfy. API Gateway reads an issuer's OpenID configuration
 * when the authorizer is created, so such an issuer cannot be deployed:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-keys.html
 */
export function isUndeployableIssuer(issuer: JwtIssuer['issuer']): boolean {
  if (typeof issuer !== 'string') return false;
  const host = new URL(issuer).hostname;
  return host === 'invalid' || host.endsWith('.invalid');
}

export class TokenTrailStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly restApi: apigw.RestApi;
  readonly httpApi: apigwv2.HttpApi;
  readonly restJwtApi: apigw.RestApi;
  readonly functions: ReadonlyMap<string, NodejsFunction>;

  constructor(scope: Construct, id: string, props: TokenTrailStackProps) {
    super(scope, id, props);
    const { definition } = props;
    const settings = props.pool ?? AWS_POOL;

    // ---- The user pool: the local pool's policy, group and client. ----
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: settings.poolName,
      selfSignUpEnabled: true,
      signInAliases: { username: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: settings.passwordPolicy.MinimumLength,
        requireLowercase: settings.passwordPolicy.RequireLowercase,
        requireUppercase: settings.passwordPolicy.RequireUppercase,
        requireDigits: settings.passwordPolicy.RequireNumbers,
        requireSymbols: settings.passwordPolicy.RequireSymbols,
        tempPasswordValidity: Duration.days(settings.passwordPolicy.TemporaryPasswordValidityDays),
      },
      // Essentials is the plan a new pool gets by default; the tutorial uses
      // nothing beyond Lite, and both share the monthly free allowance.
      // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      // A demo: `npm run aws:destroy` removes the pool and its users. CDK's
      // default keeps a pool after its stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });

    for (const group of settings.groups) {
      new cognito.UserPoolGroup(this, `Group${pascal(group.name)}`, {
        userPool: this.userPool,
        groupName: group.name,
        description: group.description,
        precedence: group.precedence,
      });
    }

    // Scopes of the form `<resource server>/<scope>`: one resource server per identifier.
    const customScopes = this.resourceServerScopes(definition);
    const oauthScopes = [...customScopes].flatMap(([identifier, names]) => {
      const server = new cognito.UserPoolResourceServer(this, `ResourceServer${pascal(identifier)}`, {
        userPool: this.userPool,
        identifier,
        scopes: names.map((scopeName) => ({ scopeName, scopeDescription: `${scopeName}, asked for by the API definition` })),
      });
      return names.map((scopeName) => cognito.OAuthScope.resourceServer(server, { scopeName, scopeDescription: scopeName }));
    });

    const client = settings.client;
    this.userPoolClient = this.userPool.addClient('SiteClient', {
      userPoolClientName: client.name,
      // A browser cannot keep a secret.
      generateSecret: false,
      authFlows: authFlowsOf(client.explicitAuthFlows),
      accessTokenValidity: Duration.seconds(client.accessTokenValidity),
      idTokenValidity: Duration.seconds(client.idTokenValidity),
      refreshTokenValidity: Duration.seconds(client.refreshTokenValidity),
      authSessionValidity: Duration.minutes(client.authSessionValidity),
      enableTokenRevocation: client.enableTokenRevocation,
      preventUserExistenceErrors: client.preventUserExistenceErrors === 'ENABLED',
      // Without scopes of its own the site signs in through the user-pools
      // API alone (SRP), and CDK's default OAuth settings (implicit grant,
      // a callback to example.com) would only widen the client. Custom scopes
      // reach tokens only through OAuth, so they need the code grant.
      // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
      ...(oauthScopes.length === 0
        ? { disableOAuth: true }
        : {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [cognito.OAuthScope.OPENID, ...oauthScopes],
              callbackUrls: [`${new URL(props.siteOrigin ?? 'http://localhost:4321').origin}/`],
            },
          }),
    });

    // ---- The functions, bundled by CDK's Node.js function construct. ----
    const functions = new Map<string, NodejsFunction>();
    for (const [name, fn] of Object.entries(definition.functions)) functions.set(name, this.lambdaFunction(name, fn));
    this.functions = functions;
    const functionNamed = (name: string) => {
      const fn = functions.get(name);
      if (!fn) throw new Error(`The API definition routes to function "${name}", which it does not declare`);
      return fn;
    };

    // ---- The REST API with the Cognito authorizer. ----
    this.restApi = this.restApiOf('RestApi', definition.rest, definition);
    const cognitoAuthorizers = mapValues(definition.rest.authorizers, (authorizer, name) => {
      const pools = authorizer.userPools.map((pool) => this.poolNamed(pool, settings));
      const built = new apigw.CognitoUserPoolsAuthorizer(this, `RestAuthorizer${pascal(name)}`, {
        authorizerName: name,
        cognitoUserPools: pools,
        identitySource: authorizer.identitySource,
        resultsCacheTtl: Duration.seconds(authorizer.resultTtlSeconds),
      });
      if (authorizer.identityValidationExpression) {
        (built.node.defaultChild as apigw.CfnAuthorizer).identityValidationExpression = authorizer.identityValidationExpression;
      }
      return built;
    });
    for (const route of routesOf(definition, 'rest')) {
      const authorizer = route.authorizer === undefined ? undefined : required(cognitoAuthorizers, route.authorizer, 'REST API');
      this.restMethod(this.restApi, route, functionNamed(route.function), authorizer, route.authorizationScopes);
    }

    // ---- The HTTP API with the JWT authorizer. ----
    const http = definition.http;
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: http.name,
      corsPreflight: {
        allowOrigins: http.cors.allowOrigins,
        allowMethods: http.cors.allowMethods as apigwv2.CorsHttpMethod[],
        allowHeaders: http.cors.allowHeaders,
        exposeHeaders: http.cors.exposeHeaders,
        maxAge: Duration.seconds(http.cors.maxAgeSeconds),
      },
    });
    const jwtAuthorizers = mapValues(
      http.authorizers,
      (authorizer, name) =>
        new HttpUserPoolAuthorizer(`HttpAuthorizer${pascal(name)}`, this.poolNamed(authorizer.userPool, settings), {
          authorizerName: name,
          userPoolClients: [this.userPoolClient],
          identitySource: [authorizer.identitySource],
        }),
    );
    for (const route of routesOf(definition, 'http')) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method as apigwv2.HttpMethod],
        integration: new HttpLambdaIntegration(`Http${routeId(route)}`, functionNamed(route.function), {
          timeout: route.timeoutMs === undefined ? undefined : Duration.millis(route.timeoutMs),
        }),
        authorizer: route.authorizer === undefined ? undefined : required(jwtAuthorizers, route.authorizer, 'HTTP API'),
        authorizationScopes: route.authorizationScopes,
      });
    }

    // ---- The REST API with the JWT authorizer (escape hatch). ----
    this.restJwtApi = this.restApiOf('RestJwtApi', definition.restJwt, definition);
    const restJwtAuthorizers = mapValues(definition.restJwt.authorizers, (authorizer, name) =>
      this.restJwtAuthorizer(this.restJwtApi, name, authorizer, settings),
    );
    for (const route of routesOf(definition, 'restJwt')) {
      const authorizer = route.authorizer === undefined ? undefined : required(restJwtAuthorizers, route.authorizer, 'REST API with a JWT authorizer');
      const method = this.restMethod(this.restJwtApi, route, functionNamed(route.function), authorizer, undefined);
      if (authorizer && route.authorizationScopes) {
        // CDK's Method keeps scopes for COGNITO_USER_POOLS alone and drops
        // them otherwise; a JWT method takes them too, from `scope` or `scp`:
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-methods.html
        (method.node.defaultChild as apigw.CfnMethod).addPropertyOverride('AuthorizationScopes', route.authorizationScopes);
        // Method settings reach a REST API's clients only with a new deployment.
        this.restJwtApi.latestDeployment?.addToLogicalId({ scopes: [route.method, route.path, route.authorizationScopes] });
      }
    }

    // ---- What the site and the scripts need: nothing secret. ----
    const outputs: Record<keyof typeof OUTPUT_NAMES, string> = {
      region: this.region,
      userPoolId: this.userPool.userPoolId,
      userPoolClientId: this.userPoolClient.userPoolClientId,
      restApiUrl: this.restApi.url,
      httpApiUrl: this.httpApi.apiEndpoint,
      restJwtApiUrl: this.restJwtApi.url,
    };
    for (const [key, value] of Object.entries(outputs) as Array<[keyof typeof OUTPUT_NAMES, string]>) {
      new CfnOutput(this, OUTPUT_NAMES[key], { value, description: OUTPUT_DESCRIPTIONS[key] });
    }
  }

  /** The pool a definition names; the demo deploys one, the seed's. */
  private poolNamed(name: string, settings: AwsPoolSettings): cognito.UserPool {
    if (name !== settings.name) throw new Error(`The API definition names user pool "${name}"; this deployment creates "${settings.name}" only`);
    return this.userPool;
  }

  /** Every scope a route asks for that needs a resource server, by the server's identifier. */
  private resourceServerScopes(definition: ApiDefinition): Map<string, string[]> {
    const servers = new Map<string, string[]>();
    for (const route of definition.routes) {
      for (const scope of route.authorizationScopes ?? []) {
        if (BUILT_IN_SCOPES.has(scope)) continue;
        const slash = scope.lastIndexOf('/');
        if (slash <= 0 || slash === scope.length - 1) {
          throw new Error(`Scope "${scope}" of ${route.method} ${route.path} is neither one of Cognito's own nor "<resource server>/<scope>"`);
        }
        const [identifier, name] = [scope.slice(0, slash), scope.slice(slash + 1)];
        const names = servers.get(identifier) ?? [];
        if (!names.includes(name)) names.push(name);
        servers.set(identifier, names);
      }
    }
    return servers;
  }

  private lambdaFunction(name: string, fn: FunctionDefinition): NodejsFunction {
    const runtime = RUNTIMES[fn.runtime];
    if (!runtime) throw new Error(`Function "${name}" asks for runtime ${String(fn.runtime)}, which this deployment does not know`);
    return new NodejsFunction(this, `Function${pascal(name)}`, {
      entry: join(REPO_ROOT, fn.entry),
      handler: fn.handler,
      runtime,
      memorySize: fn.memoryMb,
      timeout: Duration.seconds(fn.timeoutSeconds),
      description: fn.description,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      // Created with the stack, so that `aws:destroy` removes the logs too
      // (a group Lambda makes by itself outlives the stack).
      logGroup: new LogGroup(this, `Logs${pascal(name)}`, { retention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY }),
      bundling: {
        // The project's own esbuild, never a Docker image: a deploy needs no Docker.
        forceDockerBundling: false,
        target: 'node24',
        minify: false,
        sourceMap: false,
      },
    });
  }

  /** A Regional REST API with its stage, CORS preflights and CORS on the gateway's own 4XX and 5XX answers. */
  private restApiOf(id: string, api: ApiDefinition['rest'] | ApiDefinition['restJwt'], definition: ApiDefinition): apigw.RestApi {
    const rest = new apigw.RestApi(this, id, {
      restApiName: api.name,
      // The local gateway makes Regional events; an edge-optimized API adds CloudFront in front.
      endpointTypes: [apigw.EndpointType.REGIONAL],
      deployOptions: { stageName: api.stage },
      // CloudWatch's role is an account-wide setting; a demo leaves it alone.
      cloudWatchRole: false,
      defaultCorsPreflightOptions: {
        allowOrigins: api.cors.allowOrigins,
        allowMethods: api.cors.allowMethods,
        allowHeaders: api.cors.allowHeaders,
        statusCode: api.cors.statusCode,
      },
      description: `${api.name}: Token Trail's demo API, deployed from src/stack/api.ts (region ${definition.region} locally).`,
    });
    // A browser shows the page a 401 or a 502 only if it carries CORS headers,
    // and the gateway's own answers carry only what its gateway responses say:
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
    for (const [type, response] of Object.entries(api.gatewayResponses)) {
      rest.addGatewayResponse(pascal(type.toLowerCase()), {
        type: apigw.ResponseType.of(type),
        // Header values of a gateway response are static and quoted.
        responseHeaders: mapValues(response.headers, (value) => `'${value}'`),
      });
    }
    return rest;
  }

  private restMethod(
    api: apigw.RestApi,
    route: Route,
    fn: NodejsFunction,
    authorizer: apigw.IAuthorizer | undefined,
    scopes: string[] | undefined,
  ): apigw.Method {
    const integration = new apigw.LambdaIntegration(fn, {
      proxy: true,
      // Test invocations from the console need a permission per method of their own.
      allowTestInvoke: false,
      timeout: route.timeoutMs === undefined ? undefined : Duration.millis(route.timeoutMs),
    });
    return api.root.resourceForPath(route.path).addMethod(route.method, integration, { authorizer, authorizationScopes: scopes });
  }

  /**
   * A REST API's JWT authorizer. aws-cdk-lib 2.276 has neither a construct
   * nor CfnAuthorizer properties for it, so it is the L1 CfnAuthorizer with
   * its CloudFormation properties written through the escape hatch
   * (`addPropertyOverride`). Replace this with CDK's construct once it ships
   * one.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-authorizer-jwtconfiguration.html
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-authorizer-jwtissuer.html
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-authorizer-jwtadditionalclaim.html
   */
  private restJwtAuthorizer(api: apigw.RestApi, name: string, authorizer: RestJwtAuthorizer, settings: AwsPoolSettings): apigw.IAuthorizer {
    const issuers = authorizer.jwtConfiguration.issuers.filter((issuer) => {
      if (!isUndeployableIssuer(issuer.issuer)) return true;
      Annotations.of(this).addWarningV2(
        `token-trail:undeployable-issuer:${name}`,
        `Authorizer "${name}": issuer ${String(issuer.issuer)} is left out. Its name never resolves, and API Gateway reads an issuer's OpenID configuration when it creates the authorizer.`,
      );
      return false;
    });
    if (issuers.length === 0) throw new Error(`Authorizer "${name}" trusts no issuer that can be deployed`);
    const cfn = new apigw.CfnAuthorizer(this, `RestJwtAuthorizer${pascal(name)}`, {
      restApiId: api.restApiId,
      name,
      // `JWT`, as the API names the type; CloudFormation's page lists no values.
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-create.html
      type: 'JWT',
      identitySource: authorizer.identitySource,
      authorizerResultTtlInSeconds: authorizer.resultTtlSeconds,
    });
    /** An issuer's audiences: listed, or every app client of a pool this deployment creates (it creates one). */
    const audiences = (listed: string[] | { appClientsOf: string }): string[] => {
      if (Array.isArray(listed)) return listed;
      this.poolNamed(listed.appClientsOf, settings);
      return [this.userPoolClient.userPoolClientId];
    };
    const jwtConfiguration = {
      DefaultAlgorithms: authorizer.jwtConfiguration.defaultAlgorithms,
      Issuers: issuers.map((issuer) => ({
        Issuer: typeof issuer.issuer === 'string' ? issuer.issuer : `https://${this.poolNamed(issuer.issuer.userPool, settings).userPoolProviderUrl}`,
        Audiences: audiences(issuer.audiences),
        ...(issuer.additionalClaims
          ? {
              AdditionalClaims: issuer.additionalClaims.map((claim) => ({
                ClaimName: claim.claimName,
                Format: claim.format,
                ...(claim.expectedValues ? { ExpectedValues: claim.expectedValues } : {}),
                ...(claim.required === undefined ? {} : { Required: claim.required }),
              })),
            }
          : {}),
      })),
    };
    cfn.addPropertyOverride('JwtConfiguration', jwtConfiguration);
    // CDK checks templates against the CloudFormation schema it ships, which
    // predates the property: without this, every synth warns about it.
    Validations.of(cfn).acknowledge({
      id: 'CloudFormation-Validate::F3002',
      reason: 'JwtConfiguration is newer than the schema aws-cdk-lib ships; see the AWS pages above.',
    });
    // As CDK's own authorizers do: a changed authorizer makes a new deployment.
    api.latestDeployment?.node.addDependency(cfn);
    api.latestDeployment?.addToLogicalId({ authorizer: name, jwtConfiguration: Stack.of(this).resolve(jwtConfiguration) });
    // The method's type must match the authorizer's; CDK's AuthorizationType
    // has no JWT yet, and Method passes the value on as it is.
    return { authorizerId: cfn.ref, authorizationType: 'JWT' as apigw.AuthorizationType };
  }
}

const OUTPUT_DESCRIPTIONS: Record<keyof typeof OUTPUT_NAMES, string> = {
  region: 'The Region of the pool and the APIs',
  userPoolId: "The user pool's id: Amplify's userPoolId",
  userPoolClientId: "The site's app client (no secret): Amplify's userPoolClientId",
  restApiUrl: 'The REST API with the Cognito authorizer, its stage included',
  httpApiUrl: 'The HTTP API with the JWT authorizer ($default stage)',
  restJwtApiUrl: 'The REST API with the JWT authorizer, its stage included',
};

/** The local pool's `ExplicitAuthFlows`, as CDK's `authFlows` (which always adds `ALLOW_REFRESH_TOKEN_AUTH`). */
export function authFlowsOf(flows: readonly string[]): cognito.AuthFlow {
  const known: Record<string, keyof cognito.AuthFlow | null> = {
    ALLOW_USER_SRP_AUTH: 'userSrp',
    ALLOW_USER_PASSWORD_AUTH: 'userPassword',
    ALLOW_ADMIN_USER_PASSWORD_AUTH: 'adminUserPassword',
    ALLOW_CUSTOM_AUTH: 'custom',
    ALLOW_USER_AUTH: 'user',
    ALLOW_REFRESH_TOKEN_AUTH: null,
  };
  const result: Record<string, boolean> = {};
  for (const flow of flows) {
    if (!Object.hasOwn(known, flow)) throw new Error(`Unknown auth flow ${flow}`);
    const key = known[flow];
    if (key) result[key] = true;
  }
  return result as cognito.AuthFlow;
}

function required<T>(table: Record<string, T>, name: string, api: string): T {
  if (!Object.hasOwn(table, name)) throw new Error(`The API definition names authorizer "${name}", which the ${api} does not declare`);
  return table[name]!;
}

function mapValues<T, U>(table: Record<string, T>, map: (value: T, key: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(table).map(([key, value]) => [key, map(value, key)]));
}

/** `faults/error` → `FaultsError`: for construct ids. */
function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

function routeId(route: Route): string {
  return `${pascal(route.method.toLowerCase())}${pascal(route.path) || 'Root'}`;
}
