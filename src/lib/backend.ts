import { API_NAMES } from './demo-routes.ts';
import type { ApiName } from './stack-urls.ts';

/**
 * The backend a page talks to, as the site embeds it in every page
 * (`<script type="application/json" id="tt-backend">`). It holds nothing
 * secret: no admin credentials, only what a browser may know.
 */
export interface Backend {
  /**
   * `aws`: a real pool and API deployed from infra/ (`PUBLIC_*` at build time);
   * `local`: the Node demo stack (`npm start`, `npm run stack`; its stack.json at build time);
   * `browser`: the demo stack in the reader's own browser, a Service Worker on the site's origin
   * (no backend at build time: the site then needs nothing but a static host).
   */
  kind: BackendKind;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /**
   * Amplify's `userPoolEndpoint`; null on AWS, where Amplify derives it from the region.
   * For `browser`, this and every URL below are paths under the site's base
   * in the page's JSON (`/token-trail/_stack/cognito/`), made absolute on the
   * page's own origin when a page reads them (src/lib/page-backend.ts).
   */
  userPoolEndpoint: string | null;
  issuer: string;
  jwksUri: string;
  /**
   * Base URLs of the demo APIs, without a trailing slash: the REST API with
   * its Cognito authorizer, the HTTP API with its JWT authorizer, and the REST
   * API with its JWT authorizer. The demo stacks serve all three; on AWS,
   * `restJwt` is null unless the build names one (`PUBLIC_REST_JWT_API_URL`),
   * and the widgets then offer the other two.
   */
  apis: { rest: string; http: string; restJwt: string | null };
  /** What only the demo stacks (`local` and `browser`) offer. */
  local: LocalExtras | null;
}

export type BackendKind = 'aws' | 'local' | 'browser';

export interface LocalExtras {
  mailbox: string;
  /** Trace of one request; contains `{requestId}`. */
  traceById: string;
  traceStream: string;
  /** POST here (the site's pages only) to rotate the pool's signing keys. */
  rotateKeys: string;
  /**
   * `browser` only: POST `{}` here, as application/json, to put the stack
   * back to its seed. The Node stack resets from its command line instead
   * (`npm run stack -- --reset`), so null there.
   */
  reset: string | null;
  /**
   * Only when the Node stack runs for a workshop (`npm run workshop`):
   * where a participant's browser reports its progress, and the
   * facilitator's API (which takes the facilitator's token, never shown here).
   */
  workshop: { progress: string; facilitator: string } | null;
  demoUsers: { username: string; password: string; groups: string[]; note: string }[];
}

/** What the site calls each kind of backend, on its badge and in its widgets. */
export const BACKEND_LABELS: Record<BackendKind, string> = {
  browser: 'In your browser',
  local: 'Local stack',
  aws: 'AWS',
};

/**
 * The origins a page may connect to for this backend: what the CSP's
 * `connect-src` admits besides 'self'. None for the stack in the browser,
 * which answers on the site's own origin.
 */
export function backendOrigins(backend: Backend): string[] {
  if (backend.kind === 'browser') return [];
  const urls = [backend.jwksUri, ...backendApis(backend).map((name) => backend.apis[name]!)];
  if (backend.userPoolEndpoint) urls.push(backend.userPoolEndpoint);
  else urls.push(`https://cognito-idp.${backend.region}.amazonaws.com/`);
  if (backend.local) urls.push(backend.local.mailbox, backend.local.traceStream, backend.local.rotateKeys);
  return [...new Set(urls.map((url) => new URL(url).origin))].sort();
}

/** The demo APIs this backend has, in the tutorial's order. */
export function backendApis(backend: Pick<Backend, 'apis'>): ApiName[] {
  return API_NAMES.filter((name) => backend.apis[name] !== null);
}

/**
 * The backend with every URL absolute: for `browser`, the embedded paths
 * resolved on `origin`, the origin the page was served from (the stack's
 * Service Worker answers there and nowhere else). Other kinds are absolute
 * already and come back as they are.
 */
export function resolveBackend(backend: Backend, origin: string): Backend {
  if (backend.kind !== 'browser') return backend;
  const at = (path: string) => {
    const url = new URL(path, origin);
    // A page's backend JSON is the site's own, but a path is still checked: the stack only ever lives on the page's origin.
    if (url.origin !== new URL(origin).origin) throw new Error(`The in-browser stack's URL ${path} is not on this site's origin ${origin}.`);
    return url.href;
  };
  const local = backend.local;
  return {
    ...backend,
    userPoolEndpoint: backend.userPoolEndpoint === null ? null : at(backend.userPoolEndpoint),
    issuer: at(backend.issuer),
    jwksUri: at(backend.jwksUri),
    apis: { rest: at(backend.apis.rest), http: at(backend.apis.http), restJwt: backend.apis.restJwt === null ? null : at(backend.apis.restJwt) },
    local: local && {
      ...local,
      mailbox: at(local.mailbox),
      // `{requestId}` survives URL parsing as %7BrequestId%7D: put the placeholder back.
      traceById: at(local.traceById).replace('%7BrequestId%7D', '{requestId}'),
      traceStream: at(local.traceStream),
      rotateKeys: at(local.rotateKeys),
      reset: local.reset === null ? null : at(local.reset),
    },
  };
}
