import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { loadBackend, nodeStackDefaults } from '../../src/config/backend.ts';
import { STEPS } from '../../src/lib/trace/steps.ts';
import { snippetsFor } from '../../src/widgets/code-tabs/snippets.ts';

// The code tabs' snippets: filled in with the backend's real values, and code that parses.
// `local`: the Node stack at its defaults, what the snippets are written for
// when the site uses the stack in the browser, which curl cannot reach.
const local = nodeStackDefaults();
const aws = loadBackend({
  PUBLIC_COGNITO_USER_POOL_ID: 'eu-west-1_AbCdEf123',
  PUBLIC_COGNITO_CLIENT_ID: 'client123',
  PUBLIC_REST_API_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
  PUBLIC_HTTP_API_URL: 'https://def.execute-api.eu-west-1.amazonaws.com',
});

function syntaxErrors(code: string): string[] {
  const output = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext } });
  return (output.diagnostics ?? []).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

for (const { step } of STEPS) {
  describe(`step ${step}`, () => {
    test('four snippets, in the order of the tabs, that parse (TypeScript, bash -n)', () => {
      const snippets = snippetsFor(step, local);
      assert.deepEqual(snippets.map((snippet) => snippet.language), ['amplify', 'sdk', 'curl', 'lambda']);
      for (const snippet of snippets) {
        if (snippet.lang === 'ts') assert.deepEqual(syntaxErrors(snippet.code), [], `${snippet.language}:\n${snippet.code}`);
        else execFileSync('bash', ['-n'], { input: snippet.code });
        // A missing value would show up as 'undefined' inside a string or URL.
        assert.doesNotMatch(snippet.code, /['"/:]undefined|undefined['"/]|\[object /, snippet.language);
      }
    });

    test("they use the page's pool, client and API, not placeholders", () => {
      for (const [backend, mustContain] of [
        [local, [local.apis.rest, local.userPoolId, local.userPoolClientId, local.userPoolEndpoint!, local.region]],
        [aws, [aws.apis.rest, aws.userPoolId, aws.userPoolClientId, aws.region]],
      ] as const) {
        const all = snippetsFor(step, backend).map((snippet) => snippet.code).join('\n');
        const found = mustContain.filter((value) => all.includes(value));
        assert.ok(found.length > 0, `step ${step} mentions none of the backend's values`);
      }
    });
  });
}

test('Amplify and the SDK get the local endpoint only for the local stack; curl uses the regional endpoint on AWS', () => {
  const localAll = STEPS.flatMap(({ step }) => snippetsFor(step, local)).map((snippet) => snippet.code).join('\n');
  const awsAll = STEPS.flatMap(({ step }) => snippetsFor(step, aws)).map((snippet) => snippet.code).join('\n');
  assert.match(localAll, new RegExp(`userPoolEndpoint: '${local.userPoolEndpoint}'`));
  assert.match(localAll, new RegExp(`endpoint: '${local.userPoolEndpoint}'`));
  assert.doesNotMatch(awsAll, /userPoolEndpoint|endpoint: '/);
  assert.match(awsAll, /curl -s 'https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\/'/);
  assert.match(localAll, /USERNAME: 'alice'/);
  assert.match(awsAll, /USERNAME: 'YOUR_USERNAME'/);
});

test('a refresh token only ever travels in a request body', () => {
  for (const { step } of STEPS) {
    for (const snippet of snippetsFor(step, local)) assert.doesNotMatch(snippet.code, /[?&]\w*refresh/i, `${step} ${snippet.language}`);
  }
});
