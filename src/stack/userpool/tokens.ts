import { base64url } from 'jose';
import { notAuthorized } from './errors.ts';
import { activeKey, publishedKeys } from './keys.ts';
import type { CryptoPrimitives } from './primitives.ts';
import type { PoolKeyCrypto } from './key-crypto.ts';
import type { RandomSource } from './random.ts';
import type { Clock } from './services.ts';
import { bytesToHex } from '../../lib/bytes.ts';
import type { ClientRecord, KeyRecord, SessionRecord, UserPoolStore, UserRecord } from './store.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The only scope an API sign-in (as opposed to the hosted UI) grants. */
export const SIGN_IN_SCOPE = 'aws.cognito.signin.user.admin';

/** Attributes that are JSON booleans in an ID token but strings everywhere else. */
const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);
/**
 * Claims the pool itself sets. An attribute of the same name never reaches
 * a token: the attribute rules refuse such names, and this keeps it so even
 * for a record written some other way.
 */
const RESERVED_CLAIMS = new Set([
  'sub',
  'token_use',
  'aud',
  'iss',
  'exp',
  'iat',
  'nbf',
  'auth_time',
  'jti',
  'origin_jti',
  'event_id',
  'scope',
  'client_id',
  'username',
]);

/** What tokens are made and checked with. */
export interface TokenDependencies {
  store: UserPoolStore;
  keyCrypto: PoolKeyCrypto;
  primitives: CryptoPrimitives;
  clock: Clock;
  random: RandomSource;
  /** The `iss` of a pool's tokens: the stack's own URL, or AWS's shape. */
  issuer(poolId: string): string;
}

export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

export type Claims = Record<string, unknown>;

export interface AccessTokenHolder {
  poolId: string;
  claims: Claims;
  client: ClientRecord;
  user: UserRecord;
}

/** The pool's tokens: ID and access JWTs minted and verified, refresh-token JWEs sealed and opened. */
export class Tokens {
  readonly #deps: TokenDependencies;

  constructor(deps: TokenDependencies) {
    this.#deps = deps;
  }

  /**
   * Mints an ID and an access token for one session, with Cognito's claim sets
   * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html,
   * .../amazon-cognito-user-pools-using-the-access-token.html): `origin_jti`, `event_id` and `auth_time` come from the
   * session, so refreshed tokens carry the same ones; `jti` is new every time.
   */
  async mint(client: ClientRecord, user: UserRecord, session: SessionRecord): Promise<AuthenticationResult> {
    const { store, keyCrypto, clock, random, issuer } = this.#deps;
    const keys = store.listKeys(client.poolId);
    const iat = Math.floor(clock.now() / 1000);
    const groups = store.groupsOfUser(client.poolId, user.username);
    const sub = user.attributes.sub as string;
    const iss = issuer(client.poolId);
    const revocable = client.enableTokenRevocation ? { origin_jti: session.originJti } : {};
    const groupClaim = groups.length > 0 ? { 'cognito:groups': groups } : {};

    const access: Claims = {
      sub,
      ...groupClaim,
      iss,
      client_id: client.id,
      ...revocable,
      event_id: session.eventId,
      token_use: 'access',
      scope: SIGN_IN_SCOPE,
      auth_time: session.authTime,
      exp: iat + client.accessTokenValidity,
      iat,
      jti: random.id(),
      username: user.username,
    };

    const id: Claims = {
      sub,
      ...groupClaim,
      ...idTokenAttributes(user.attributes),
      iss,
      'cognito:username': user.username,
      ...revocable,
      aud: client.id,
      event_id: session.eventId,
      token_use: 'id',
      auth_time: session.authTime,
      exp: iat + client.idTokenValidity,
      iat,
      jti: random.id(),
    };

    const [AccessToken, IdToken] = await Promise.all([signJwt(keyCrypto, requireKey(keys, 'access'), access), signJwt(keyCrypto, requireKey(keys, 'id'), id)]);
    return {
      AccessToken,
      IdToken,
      ExpiresIn: client.accessTokenValidity,
      TokenType: 'Bearer',
    };
  }

  /**
   * Decodes and verifies a JWT signed by one of the pool's published keys of
   * `use`. Returns undefined for anything that is not such a token, so callers
   * answer with their own Cognito error.
   */
  async verify(token: string, use: 'id' | 'access'): Promise<{ poolId: string; claims: Claims } | undefined> {
    const { store, keyCrypto, clock, issuer } = this.#deps;
    if (token.length > 16_384) return undefined;
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
    let header: Claims;
    let claims: Claims;
    let signature: Uint8Array;
    try {
      header = JSON.parse(decoder.decode(base64url.decode(encodedHeader)));
      claims = JSON.parse(decoder.decode(base64url.decode(encodedPayload)));
      signature = base64url.decode(encodedSignature);
    } catch {
      return undefined;
    }
    if (header?.alg !== 'RS256' || typeof header.kid !== 'string' || claims === null || typeof claims !== 'object') return undefined;
    if (typeof claims.iss !== 'string') return undefined;
    const poolId = claims.iss.slice(claims.iss.lastIndexOf('/') + 1);
    if (issuer(poolId) !== claims.iss) return undefined;
    const key = publishedKeys(store.listKeys(poolId), clock.now()).find((k) => k.kid === header.kid && k.use === use);
    if (!key) return undefined;
    if (!(await keyCrypto.verifyRs256(key.kid, key.publicJwk, encoder.encode(`${encodedHeader}.${encodedPayload}`), signature))) return undefined;
    if (claims.token_use !== use) return undefined;
    return { poolId, claims };
  }

  /**
   * What every operation that takes an `AccessToken` does first: verify it,
   * then refuse it when expired, revoked (sign-out, global sign-out), or when
   * its user is gone.
   */
  async authenticateAccessToken(token: string): Promise<AccessTokenHolder> {
    const { store, clock } = this.#deps;
    const verified = await this.verify(token, 'access');
    if (!verified) throw notAuthorized('Invalid Access Token');
    const { poolId, claims } = verified;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= clock.now()) throw notAuthorized('Access Token has expired');
    const client = store.getClient(String(claims.client_id));
    const user = store.getUser(poolId, String(claims.username));
    if (!client || client.poolId !== poolId) throw notAuthorized('Invalid Access Token');
    if (!user) throw notAuthorized('Access Token has been revoked');
    if (typeof claims.origin_jti === 'string') {
      const session = store.findSessionByOrigin(claims.origin_jti);
      if (!session || session.revokedAt !== null) throw notAuthorized('Access Token has been revoked');
    } else if (typeof claims.iat !== 'number' || claims.iat * 1000 < user.tokensValidAfter) {
      throw notAuthorized('Access Token has been revoked');
    }
    if (!user.enabled) throw notAuthorized('User is disabled.');
    return { poolId, claims, client, user };
  }

  /**
   * A refresh token shaped like Cognito's: a JWE that only the pool can open.
   * Inside is a random secret; the session is found by its hash, so a refresh
   * token cannot be forged or guessed.
   */
  async sealRefreshToken(poolId: string): Promise<{ token: string; sessionId: string }> {
    const { store, keyCrypto, primitives } = this.#deps;
    const secret = primitives.randomBytes(32);
    const key = requireKey(store.listKeys(poolId), 'refresh');
    return { token: await keyCrypto.sealJwe(key.kid, key.publicJwk, secret), sessionId: this.#sessionIdOf(secret) };
  }

  /** The session id a refresh token stands for, or undefined when the pool cannot open it. */
  async openRefreshToken(poolId: string, token: string): Promise<string | undefined> {
    const { store, keyCrypto } = this.#deps;
    if (token.length > 4096) return undefined;
    for (const key of store.listKeys(poolId)) {
      if (key.use !== 'refresh') continue;
      const secret = await keyCrypto.openJwe(key.kid, key.privateJwk, token);
      if (secret) return this.#sessionIdOf(secret);
    }
    return undefined;
  }

  #sessionIdOf(secret: Uint8Array): string {
    return bytesToHex(this.#deps.primitives.sha256(secret));
  }
}

/** The user's attributes as ID-token claims; every claim the pool sets itself comes after them, so none of them can stand in for one. */
function idTokenAttributes(attributes: Record<string, string>): Claims {
  const claims: Claims = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (RESERVED_CLAIMS.has(name) || name.startsWith('cognito:')) continue;
    claims[name] = BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value;
  }
  return claims;
}

function requireKey(keys: KeyRecord[], use: 'id' | 'access' | 'refresh'): KeyRecord {
  const key = activeKey(keys, use);
  if (!key) throw new Error(`The pool has no active ${use} key.`);
  return key;
}

/** Cognito's header is exactly `{"kid":…,"alg":"RS256"}`: no `typ`. */
async function signJwt(keyCrypto: PoolKeyCrypto, key: KeyRecord, claims: Claims): Promise<string> {
  const signingInput = `${base64url.encode(JSON.stringify({ kid: key.kid, alg: 'RS256' }))}.${base64url.encode(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url.encode(await keyCrypto.signRs256(key.kid, key.privateJwk, encoder.encode(signingInput)))}`;
}
