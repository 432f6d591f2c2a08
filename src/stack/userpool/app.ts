import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { localAccessGuard, type LocalAccessGuard } from '../http/local-access.ts';
import type { ClientInfo, FetchHandler } from '../http/types.ts';
import { CognitoError } from './errors.ts';
import { publishedKeys, rotateSigningKeys, toJwk } from './keys.ts';
import { OPERATIONS } from './operations/index.ts';
import { awsJsonError, awsJsonResponse, BodyTooLargeError, readAwsJsonRequest } from './protocol.ts';
import type { PoolServices } from './services.ts';
import type { MailRecord } from './store.ts';
import { verifySigV4, type AdminCredentials } from './sigv4.ts';

export interface UserPoolAppOptions {
  services: PoolServices;
  admin: AdminCredentials;
  /** Where JWKS and discovery documents are served; the `iss` may differ (AWS-shaped issuers). */
  publicUrl(): string;
  /** Origins of the tutorial site, the only pages that may call the local endpoints. */
  siteOrigins: readonly string[];
  /**
   * Who may call the local endpoints, when not a loopback peer under
   * `publicUrl` from `siteOrigins` (the Node stack's rule): the stack in a
   * Service Worker has no peer and judges by origin.
   */
  localAccess?: LocalAccessGuard;
}

type Env = { Bindings: { client: ClientInfo } };

const DEFAULT_ROTATION_GRACE_SECONDS = 3600;
/** Browsers must let Amplify read these, or it cannot tell one Cognito error from another. */
const EXPOSED_HEADERS = ['x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amzn-ErrorMessage', 'Date'];

/**
 * The user pool on the wire: AWS JSON 1.1 on POST to any path, the JWKS and
 * OpenID discovery documents, and a few local-only endpoints (mailbox, key
 * rotation) that real Cognito has no equivalent for.
 */
export function createUserPoolApp({ services, admin, publicUrl, siteOrigins, localAccess: guard }: UserPoolAppOptions): FetchHandler {
  const { store, keyCrypto, clock, random, region, log } = services;
  const app = new Hono<Env>();
  const localAccess = guard ?? localAccessGuard({ ownUrl: publicUrl, siteOrigins });

  // The local endpoints come first: only this machine, and only the tutorial
  // site's pages, may use them; their CORS admits the site alone.
  app.use('/_local/*', async (c, next) => {
    const refusal = localAccess.refusal(c.req.raw, c.env.client);
    if (refusal) return c.json({ message: refusal }, 403);
    return next();
  });
  app.use(
    '/_local/*',
    cors({ origin: (origin) => localAccess.corsOrigin(origin) ?? null, allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type'], maxAge: 600 }),
  );
  // Cognito's own API is open to every origin, as Cognito is.
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/_local/')) return next();
    return openCors(c, next);
  });

  app.get('/:poolId/.well-known/jwks.json', (c) => {
    const pool = store.getPool(c.req.param('poolId'));
    if (!pool) return c.json({ message: `User pool ${c.req.param('poolId')} does not exist.` }, 404);
    return c.json({ keys: publishedKeys(store.listKeys(pool.id), clock.now()).map(toJwk) });
  });

  app.get('/:poolId/.well-known/openid-configuration', (c) => {
    const pool = store.getPool(c.req.param('poolId'));
    if (!pool) return c.json({ message: `User pool ${c.req.param('poolId')} does not exist.` }, 404);
    const issuer = services.issuer(pool.id);
    const local = `${publicUrl()}/${pool.id}`;
    return c.json({
      authorization_endpoint: `${issuer}/authorize`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${local}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: `${issuer}/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${issuer}/userInfo`,
    });
  });

  app.get('/_local/mailbox', (c) => {
    const after = Number(c.req.query('after') ?? 0);
    const limit = Math.min(Number(c.req.query('limit') ?? 50), 200);
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1)
      return c.json({ message: '`after` and `limit` must be non-negative integers.' }, 400);
    const username = c.req.query('username');
    // `limit` counts the messages answered, so with a `username` the mailbox is
    // read page by page until that many of theirs are found (it holds at most
    // MAILBOX_CAPACITY messages in all).
    const messages: MailRecord[] = [];
    for (
      let cursor = after, page = store.listMail(cursor, 200);
      page.length > 0 && messages.length < limit;
      cursor = page.at(-1)!.id, page = store.listMail(cursor, 200)
    ) {
      messages.push(...page.filter((mail) => username === undefined || mail.username === username).slice(0, limit - messages.length));
    }
    return c.json({ messages });
  });

  app.post('/_local/pools/:poolId/rotate-keys', async (c) => {
    const pool = store.getPool(c.req.param('poolId'));
    if (!pool) return c.json({ message: `User pool ${c.req.param('poolId')} does not exist.` }, 404);
    const body = (await c.req.json().catch(() => ({}))) as { graceSeconds?: unknown };
    const grace = body.graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
    if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > 30 * 86_400) {
      return c.json({ message: '`graceSeconds` must be an integer between 0 and 2592000.' }, 400);
    }
    const fresh = await rotateSigningKeys(keyCrypto, store, pool.id, clock.now(), grace * 1000);
    log(`rotated the signing keys of ${pool.id}; old keys stay in the JWKS for ${grace} s`);
    return c.json({ keys: publishedKeys(store.listKeys(pool.id), clock.now()).map(toJwk), signing: fresh.map((key) => ({ use: key.use, kid: key.kid })) });
  });

  app.get('/', (c) =>
    c.json({
      service: 'Token Trail local user pool: Cognito Identity Provider (AWS JSON 1.1) on POST, JWKS and discovery on GET.',
      userPools: store
        .listPools()
        .map((pool) => ({ id: pool.id, issuer: services.issuer(pool.id), jwksUri: `${publicUrl()}/${pool.id}/.well-known/jwks.json` })),
    }),
  );

  app.notFound((c) => c.json({ message: 'Not found. The user pool answers AWS JSON 1.1 on POST, and serves /<poolId>/.well-known/jwks.json.' }, 404));

  /** The Cognito API itself: one POST per operation, named by X-Amz-Target. */
  async function callOperation(request: Request): Promise<Response> {
    const requestId = random.id();
    const cors = {
      'access-control-allow-origin': request.headers.get('origin') || '*',
      'access-control-expose-headers': EXPOSED_HEADERS.join(','),
      vary: 'Origin',
    };
    try {
      const { operation, input, body } = await readAwsJsonRequest(request);
      const handler = OPERATIONS.get(operation);
      if (!handler) throw new CognitoError('UnknownOperationException', `Unknown operation ${operation.slice(0, 100)}`);
      if (handler.signed) await verifySigV4(request, body, admin, clock.now(), region, basePathOf(publicUrl()));
      return awsJsonResponse(await handler.run(services, input), requestId, cors);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return awsJsonError(error, requestId, 400, { ...cors, connection: 'close' });
      if (error instanceof CognitoError) return awsJsonError(error, requestId, 400, cors);
      log(`internal error in request ${requestId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const internal = new CognitoError('InternalErrorException', `Internal error. Request id ${requestId}; the stack's log has the details.`);
      return awsJsonError(internal, requestId, 500, cors);
    }
  }

  // Operations skip the router and its CORS middleware: every sign-in makes
  // two of them, and the headers they need are fixed.
  return (request, client) =>
    request.method === 'POST' && !new URL(request.url).pathname.startsWith('/_local/') ? callOperation(request) : app.fetch(request, { client });
}

const openCors = cors({
  origin: (origin) => origin || '*',
  allowMethods: ['POST', 'GET', 'OPTIONS'],
  maxAge: 86_400,
  exposeHeaders: EXPOSED_HEADERS,
});

/** The path of the pool's base URL without its trailing slash: '' for a pool at the root of its server. */
function basePathOf(publicUrl: string): string {
  return new URL(publicUrl).pathname.replace(/\/+$/, '');
}
