import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBackend, nodeStackDefaults } from '../../src/config/backend.ts';
import { resolveBackend } from '../../src/lib/backend.ts';
import { snippetLine, transform } from '../../src/widgets/playground/sandbox/transform.ts';
import { isStackRequest } from '../../src/widgets/playground/stack-request.ts';

describe("the sandbox's transform: a snippet as the body of an async function", () => {
  test('each import form becomes a const, on the same line', () => {
    const code = [
      "import { Amplify } from 'aws-amplify';",
      "import { fetchAuthSession, signIn as logIn } from 'aws-amplify/auth';",
      "import * as jose from 'jose';",
      "import verify, { JwtVerifier } from 'aws-jwt-verify';",
      "import type { JWTPayload } from 'jose';",
      'import {',
      '  signedInToken,',
      "} from 'token-trail:page';",
      'export async function f() {}',
      'await f();',
    ].join('\n');
    const { body, specifiers } = transform(code);
    assert.deepEqual(specifiers, ['aws-amplify', 'aws-amplify/auth', 'jose', 'aws-jwt-verify', 'token-trail:page']);
    assert.deepEqual(body.split('\n'), [
      'const { Amplify } = __ttImport("aws-amplify");',
      'const { fetchAuthSession, signIn: logIn } = __ttImport("aws-amplify/auth");',
      'const jose = __ttImport("jose");',
      'const { default: verify } = __ttImport("aws-jwt-verify"); const { JwtVerifier } = __ttImport("aws-jwt-verify");',
      '',
      'const { signedInToken } = __ttImport("token-trail:page");',
      '',
      '',
      'async function f() {}',
      'await f();',
    ]);
  });

  test('an import it does not understand stays, to fail as JavaScript does', () => {
    assert.equal(transform("import { a-b } from 'jose';").body, "import { a-b } from 'jose';");
    assert.equal(transform('const text = "import x from \'jose\'";').body, 'const text = "import x from \'jose\'";');
  });

  test("an error's line is the reader's line", () => {
    assert.equal(snippetLine('Error: no\n    at eval (eval at run (http://x/playground/sandbox.js:1:2), <anonymous>:7:9)'), 5);
    assert.equal(snippetLine('Error: no\n    at f (http://x/lib-jose.js:1:2)'), undefined);
  });
});

describe("what the page sends on for the sandbox: this page's stack, and nothing else", () => {
  for (const [name, backend] of [
    ['the stack in the browser', resolveBackend(loadBackend({ TOKEN_TRAIL_DATA: '/nonexistent', SITE_BASE: '/' }), 'https://trail.example')],
    ['the Node stack', nodeStackDefaults()],
  ] as const) {
    test(name, () => {
      const allowed = (url: string, method = 'GET') => isStackRequest(new URL(url), method, backend);
      assert.ok(allowed(backend.userPoolEndpoint!, 'POST'), "Cognito's API");
      assert.ok(allowed(backend.jwksUri), "the pool's keys");
      assert.ok(allowed(`${backend.issuer}/.well-known/openid-configuration`), 'discovery');
      assert.ok(allowed(`${backend.apis.rest}/hello`));
      assert.ok(allowed(`${backend.apis.http}/admin?x=1`, 'POST'));
      assert.ok(!allowed(backend.local!.mailbox), 'the mailbox');
      assert.ok(!allowed(backend.local!.rotateKeys, 'POST'), 'key rotation');
      assert.ok(!allowed(backend.local!.traceStream), 'traces');
      assert.ok(!allowed(`${backend.apis.rest}/../../_trace/stream`), 'a path that climbs out of the API');
      assert.ok(!allowed(backend.apis.rest), 'the API base itself is no route');
      assert.ok(!allowed(backend.userPoolEndpoint!, 'GET'));
      assert.ok(!allowed('https://elsewhere.example/'), 'another site');
      if (backend.local!.reset) assert.ok(!allowed(backend.local!.reset, 'POST'), 'the reset');
    });
  }
});
