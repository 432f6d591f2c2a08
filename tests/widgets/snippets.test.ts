import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { loadBackend, nodeStackDefaults } from '../../src/config/backend.ts';
import { resolveBackend } from '../../src/lib/backend.ts';
import { fillSnippet, SNIPPET_DEFAULTS } from '../../src/lib/snippet-fill.ts';
import { STEPS } from '../../src/lib/trace/steps.ts';
import { CODE_LANGUAGES, snippetsFor } from '../../src/widgets/code-tabs/snippets.ts';
import { snippetSources } from '../helpers/snippet-sources.ts';

// The code tabs' snippets: content/snippets/, filled in with the backend's
// real values, and code that parses. `local`: the Node stack at its defaults,
// what the files are written for, and what the snippets show when the site
// uses the stack in the browser, which curl cannot reach.
const sources = snippetSources();
const local = nodeStackDefaults();
const aws = loadBackend({
  PUBLIC_COGNITO_USER_POOL_ID: 'eu-west-1_AbCdEf123',
  PUBLIC_COGNITO_CLIENT_ID: 'client123',
  PUBLIC_REST_API_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
  PUBLIC_HTTP_API_URL: 'https://def.execute-api.eu-west-1.amazonaws.com',
});
const inBrowser = resolveBackend(loadBackend({ TOKEN_TRAIL_DATA: '/nonexistent', SITE_BASE: '/token-trail/' }), 'https://trail.example');
const every = (backend: typeof local) => STEPS.flatMap(({ step }) => snippetsFor(step, backend, sources));

function syntaxErrors(code: string): string[] {
  const output = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext } });
  return (output.diagnostics ?? []).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

for (const { step } of STEPS) {
  describe(`step ${step}`, () => {
    test('its snippets, in the order of the tabs, parse (TypeScript, JavaScript, bash -n)', () => {
      const snippets = snippetsFor(step, local, sources);
      const order = Object.keys(CODE_LANGUAGES);
      assert.deepEqual(
        snippets.map((snippet) => snippet.language),
        order.filter((language) => snippets.some((snippet) => snippet.language === language)),
      );
      assert.deepEqual(
        snippets.slice(0, 4).map((snippet) => snippet.language),
        ['amplify', 'sdk', 'curl', 'lambda'],
        'the four ways every step shows',
      );
      for (const snippet of snippets) {
        if (snippet.lang === 'bash') execFileSync('bash', ['-n'], { input: snippet.code });
        else assert.deepEqual(syntaxErrors(snippet.code), [], `${snippet.file}:\n${snippet.code}`);
        // A missing value would show up as 'undefined' inside a string or URL.
        assert.doesNotMatch(snippet.code, /['"/:]undefined|undefined['"/]|\[object /, snippet.file);
      }
    });

    test("they use the page's pool, client and API, not placeholders", () => {
      for (const [backend, mustContain] of [
        [local, [local.apis.rest, local.userPoolId, local.userPoolClientId, local.userPoolEndpoint!, local.region]],
        [aws, [aws.apis.rest, aws.userPoolId, aws.userPoolClientId, aws.region]],
      ] as const) {
        const all = snippetsFor(step, backend, sources)
          .map((snippet) => snippet.code)
          .join('\n');
        const found = mustContain.filter((value) => all.includes(value));
        assert.ok(found.length > 0, `step ${step} mentions none of the backend's values`);
      }
    });
  });
}

test('the snippet files are written with the Node stack’s defaults, the seed’s pool, client and demo user', () => {
  assert.equal(SNIPPET_DEFAULTS.region, local.region);
  assert.equal(SNIPPET_DEFAULTS.userPoolId, local.userPoolId);
  assert.equal(SNIPPET_DEFAULTS.userPoolClientId, local.userPoolClientId);
  assert.equal(`http://127.0.0.1:9401/rest/${SNIPPET_DEFAULTS.restStage}`, local.apis.rest);
  assert.ok(local.local!.demoUsers.some((user) => user.username === SNIPPET_DEFAULTS.username && user.password === SNIPPET_DEFAULTS.password));
  // Filling them in for the Node stack at its defaults changes nothing.
  for (const [file, code] of Object.entries(sources)) assert.equal(fillSnippet(code, local), code, file);
});

test('Amplify and the SDK get the local endpoint only for the local stack; curl uses the regional endpoint on AWS', () => {
  const localAll = every(local)
    .map((snippet) => snippet.code)
    .join('\n');
  const awsAll = every(aws)
    .map((snippet) => snippet.code)
    .join('\n');
  assert.match(localAll, new RegExp(`userPoolEndpoint: '${local.userPoolEndpoint}'`));
  assert.match(localAll, new RegExp(`endpoint: '${local.userPoolEndpoint}'`));
  assert.doesNotMatch(awsAll, /userPoolEndpoint|endpoint: '/);
  assert.match(awsAll, /curl -s 'https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\/'/);
  assert.match(localAll, /USERNAME: 'alice'/);
  assert.match(awsAll, /USERNAME: 'YOUR_USERNAME'/);
  assert.match(awsAll, /"USERNAME":"YOUR_USERNAME"/);
  assert.match(awsAll, /issuer: 'https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\/eu-west-1_AbCdEf123'/);
});

test("curl calls all three APIs: the REST API with a JWT authorizer at the backend's URL, or marked as the reader's where the build names none", () => {
  const curl = (backend: typeof local) => fillSnippet(sources['step-3/curl.sh']!, backend);
  assert.match(curl(local), /curl -i 'http:\/\/127\.0\.0\.1:9401\/rest-jwt\/prod\/hello'/);
  assert.match(curl(local), /curl -i 'http:\/\/127\.0\.0\.1:9401\/rest\/prod\/hello'/);
  assert.match(curl(aws), /curl -i 'YOUR_REST_JWT_API_URL\/access'/);
  assert.match(curl(aws), /curl -i 'https:\/\/abc\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/hello'/);
  const withRestJwt = loadBackend({
    PUBLIC_COGNITO_USER_POOL_ID: 'eu-west-1_AbCdEf123',
    PUBLIC_COGNITO_CLIENT_ID: 'client123',
    PUBLIC_REST_API_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
    PUBLIC_HTTP_API_URL: 'https://def.execute-api.eu-west-1.amazonaws.com',
    PUBLIC_REST_JWT_API_URL: 'https://ghi.execute-api.eu-west-1.amazonaws.com/prod',
  });
  assert.match(curl(withRestJwt), /curl -i 'https:\/\/ghi\.execute-api\.eu-west-1\.amazonaws\.com\/prod\/hello'/);
});

test('for the stack in the browser, the playground fills in its URLs on the page’s origin', () => {
  const jose = fillSnippet(sources['step-2/lambda.js']!, inBrowser);
  assert.match(jose, /new URL\('https:\/\/trail\.example\/token-trail\/_stack\/cognito\/us-east-1_TrailDemo\/\.well-known\/jwks\.json'\)/);
  assert.match(jose, /issuer: 'https:\/\/trail\.example\/token-trail\/_stack\/cognito\/us-east-1_TrailDemo'/);
  const amplify = fillSnippet(sources['step-3/amplify.js']!, inBrowser);
  assert.match(amplify, /userPoolEndpoint: 'https:\/\/trail\.example\/token-trail\/_stack\/cognito\/'/);
  assert.match(amplify, /fetch\('https:\/\/trail\.example\/token-trail\/_stack\/gateway\/rest\/prod\/hello'/);
  assert.doesNotMatch(amplify, /127\.0\.0\.1/);
});

test('the snippets that run in a browser are the runnable ones: JavaScript, importing only what the playground offers', () => {
  const runnable = every(local).filter((snippet) => snippet.runnable);
  assert.deepEqual(runnable.map((snippet) => snippet.file).sort(), [
    'step-1/amplify.js',
    'step-2/aws-jwt-verify.js',
    'step-2/lambda.js',
    'step-3/amplify.js',
    'step-3/lambda.js',
    'step-4/aws-jwt-verify.js',
    'step-4/lambda.js',
  ]);
  for (const snippet of [...runnable, { file: 'guides/decode-by-hand.js', code: sources['guides/decode-by-hand.js']! }]) {
    const imported = [...snippet.code.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    for (const name of imported)
      assert.ok(['jose', 'aws-jwt-verify', 'aws-amplify', 'aws-amplify/auth', 'token-trail:page'].includes(name!), `${snippet.file} imports ${name}`);
  }
});

test('every shell variable a curl snippet uses, it sets first or marks as yours', () => {
  for (const snippet of every(local).filter((candidate) => candidate.lang === 'bash')) {
    for (const [, name] of snippet.code.matchAll(/\$([A-Z_]+)/g)) {
      assert.match(snippet.code, new RegExp(`^${name}='paste the \\w+ here'$`, 'm'), `${snippet.file} uses $${name} without setting it`);
    }
  }
});

test('what the review found is fixed', () => {
  const file = (name: string) => sources[name]!;
  // USER_PASSWORD_AUTH says what the app client must allow.
  for (const [name, code] of Object.entries(sources)) if (code.includes("'USER_PASSWORD_AUTH'")) assert.match(code, /ALLOW_USER_PASSWORD_AUTH/, name);
  // Step 4's SDK tab attaches both authorizers and deploys both APIs.
  assert.match(file('step-4/sdk.ts'), /new UpdateMethodCommand\([\s\S]*new CreateDeploymentCommand\(/);
  assert.match(file('step-4/sdk.ts'), /new UpdateRouteCommand\([\s\S]*new CreateHttpDeploymentCommand\(/);
  // Step 7's gateway response is redeployed.
  assert.match(file('step-7/sdk.ts'), /new PutGatewayResponseCommand\([\s\S]*new CreateDeploymentCommand\(/);
  // Step 4's Amplify retry never sends "Bearer undefined", and sees a refusal the browser hid.
  assert.match(file('step-4/amplify.ts'), /if \(!tokens\?\.idToken\) throw[\s\S]*fetch\(url/);
  assert.match(file('step-4/amplify.ts'), /error instanceof TypeError/);
  // The jose authorizer checks a future iat (maxTokenAge) and a missing kid on purpose.
  assert.match(file('step-4/lambda.js'), /maxTokenAge:/);
  assert.match(file('step-4/lambda.js'), /decodeProtectedHeader\(token\)\.kid/);
  // Decoding by hand reads UTF-8, not one character per byte.
  assert.match(file('guides/decode-by-hand.js'), /new TextDecoder\(\)\.decode\(/);
});

test('a refresh token only ever travels in a request body', () => {
  for (const snippet of every(local)) assert.doesNotMatch(snippet.code, /[?&]\w*refresh/i, snippet.file);
});
