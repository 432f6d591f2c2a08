/**
 * The backend a page talks to, as the site embeds it in every page
 * (`<script type="application/json" id="tt-backend">`). It holds nothing
 * secret: no admin credentials, only what a browser may know.
 */
export interface Backend {
  /** `local`: the demo stack from `npm start`; `aws`: a real pool and API deployed from infra/. */
  kind: 'local' | 'aws';
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Amplify's `userPoolEndpoint`; null on AWS, where Amplify derives it from the region. */
  userPoolEndpoint: string | null;
  issuer: string;
  jwksUri: string;
  /** Base URLs of the demo APIs, without a trailing slash. */
  apis: { rest: string; http: string };
  /** What only the local stack offers. */
  local: LocalExtras | null;
}

export interface LocalExtras {
  /** Where the values came from: the running stack's stack.json, or the defaults of `npm start` when none was found at build time. */
  source: 'stack.json' | 'defaults';
  mailbox: string;
  /** Trace of one request; contains `{requestId}`. */
  traceById: string;
  traceStream: string;
  /** POST here (loopback only) to rotate the pool's signing keys. */
  rotateKeys: string;
  demoUsers: { username: string; password: string; groups: string[]; note: string }[];
}

/** The origins a page may connect to for this backend: what the CSP's `connect-src` admits. */
export function backendOrigins(backend: Backend): string[] {
  const urls = [backend.jwksUri, backend.apis.rest, backend.apis.http];
  if (backend.userPoolEndpoint) urls.push(backend.userPoolEndpoint);
  else urls.push(`https://cognito-idp.${backend.region}.amazonaws.com/`);
  if (backend.local) urls.push(backend.local.mailbox, backend.local.traceStream, backend.local.rotateKeys);
  return [...new Set(urls.map((url) => new URL(url).origin))].sort();
}
