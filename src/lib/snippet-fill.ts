import type { Backend } from './backend.ts';
import { nodeStackDefaultBases, userPoolUrls } from './stack-urls.ts';

/**
 * The chapters' code snippets (content/snippets/) are written for the Node
 * demo stack at its default address, with its seeded pool, app client and
 * demo user, so that each file is real code that runs as it stands. This
 * puts another backend's values in their place: at build time for the
 * page's own backend, and in the playground for the stack in the reader's
 * browser, whose URLs are known only on the page's origin.
 *
 * No import of src/stack/ or src/config/: this runs in the browser too.
 * tests/widgets/snippets.test.ts holds these values to the seed's.
 */
export const SNIPPET_DEFAULTS = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_TrailDemo',
  userPoolClientId: '6s6va7v5evvw7fieadqu1p3szl',
  restStage: 'prod',
  username: 'alice',
  password: 'Alice-demo-1',
} as const;

/** The marker that ends a line only the demo stacks need (an endpoint option): the line goes on AWS. */
export const LOCAL_ONLY_MARKER = 'leave it out on AWS';

/** The values the snippet files are written with, and what stands in for each with `backend`. */
export function snippetValues(backend: Backend): [from: string, to: string][] {
  const bases = nodeStackDefaultBases();
  const pool = userPoolUrls(bases.userPool, SNIPPET_DEFAULTS.userPoolId);
  const demo = backend.local?.demoUsers.find((user) => user.username === SNIPPET_DEFAULTS.username) ?? backend.local?.demoUsers[0];
  const quoted = (from: string, to: string): [string, string][] => [
    [`'${from}'`, `'${to}'`],
    [`"${from}"`, `"${to}"`],
  ];
  return [
    [pool.jwksUri, backend.jwksUri],
    [pool.issuer, backend.issuer],
    [pool.userPoolEndpoint, backend.userPoolEndpoint ?? `https://cognito-idp.${backend.region}.amazonaws.com/`],
    [`${bases.gateway}/rest/${SNIPPET_DEFAULTS.restStage}`, backend.apis.rest],
    [`${bases.gateway}/http`, backend.apis.http],
    // A deployment whose build names no REST API with a JWT authorizer: the reader's own.
    [`${bases.gateway}/rest-jwt/${SNIPPET_DEFAULTS.restStage}`, backend.apis.restJwt ?? 'YOUR_REST_JWT_API_URL'],
    [SNIPPET_DEFAULTS.userPoolId, backend.userPoolId],
    [SNIPPET_DEFAULTS.userPoolClientId, backend.userPoolClientId],
    ...quoted(SNIPPET_DEFAULTS.region, backend.region),
    ...quoted(SNIPPET_DEFAULTS.username, demo?.username ?? 'YOUR_USERNAME'),
    ...quoted(SNIPPET_DEFAULTS.password, demo?.password ?? 'YOUR_PASSWORD'),
  ];
}

/** A snippet as written, with `backend`'s values in place of the Node stack's. */
export function fillSnippet(code: string, backend: Backend): string {
  const pairs = new Map(snippetValues(backend));
  // One pass, longest first, so that a URL is replaced whole before a shorter value inside it.
  const pattern = new RegExp(
    [...pairs.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  const lines = code.split('\n');
  const kept = backend.userPoolEndpoint === null ? lines.filter((line) => !line.trimEnd().endsWith(LOCAL_ONLY_MARKER)) : lines;
  return kept.join('\n').replace(pattern, (value) => pairs.get(value)!);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
