/**
 * A stand-in for a user pool in the gateway's conformance suites, on
 * WebCrypto alone so that it runs in Node and in a Chromium page: RSA keys
 * the test holds (extractable, unlike the in-browser pool's), a JWKS and an
 * OpenID configuration for the runner to serve, and tokens shaped exactly like
 * Cognito's
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html), with separate keys for ID and access
 * tokens. It signs anything, including what an attacker would send.
 *
 * tests/gateway/fixtures/issuer.ts is the Node-only issuer of the other
 * gateway tests (key rotation, a JWKS that fails); this one makes the same
 * tokens, claim for claim.
 */
import { bytesToBase64, bytesToBase64url, utf8 } from '../../src/lib/bytes.ts';
import { testClock, type TestClock } from '../helpers/clock.ts';

export const POOL_ID = 'us-east-1_TrailTest';
export const CLIENT_ID = '5trailtestclient0000000001';
export const OTHER_CLIENT_ID = '5trailtestclient0000000002';

/** A public RSA key as a JWKS lists it, members in Cognito's order. */
export interface PublicJwk {
  kid: string;
  alg: 'RS256';
  kty: 'RSA';
  e: string;
  n: string;
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  /** The private key, extractable: the test signs with it under any algorithm. */
  privateJwk: JsonWebKey;
  jwk: PublicJwk;
}

export interface TokenOptions {
  /** Seconds since the epoch; default: now on the issuer's clock. */
  iat?: number;
  /** Lifetime, seconds; default 3600. */
  lifetime?: number;
  groups?: string[];
  username?: string;
  clientId?: string;
}

/** The algorithms a test signs with: the one the gateway takes, and two it must refuse. */
export type SigningAlgorithm = 'RS256' | 'RS512' | 'PS256';

export interface TestIssuer {
  poolId: string;
  /** `<base>/us-east-1_TrailTest`. */
  issuer: string;
  jwksUri: string;
  discoveryUri: string;
  /** The clock tokens are issued by; the gateway under test reads the same time. */
  clock: TestClock;
  keys: { id: SigningKey; access: SigningKey };
  /** What the issuer publishes, by URL: the JWKS and the OpenID configuration. */
  documents(): Map<string, unknown>;
  idClaims(options?: TokenOptions): Record<string, unknown>;
  accessClaims(options?: TokenOptions): Record<string, unknown>;
  idToken(options?: TokenOptions, extra?: Record<string, unknown>): Promise<string>;
  accessToken(options?: TokenOptions, extra?: Record<string, unknown>): Promise<string>;
  /** Signs any header and payload with a key (default: the access key), RS256: RSASSA-PKCS1-v1_5 with SHA-256. */
  signRaw(header: Record<string, unknown>, payload: Record<string, unknown>, key?: SigningKey): Promise<string>;
}

export const base64url = (value: string | Uint8Array): string => bytesToBase64url(value);
export const segment = (value: unknown): string => base64url(JSON.stringify(value));

const ALGORITHMS: Record<SigningAlgorithm, RsaHashedImportParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  RS512: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
};
const imported = new WeakMap<JsonWebKey, Map<SigningAlgorithm, Promise<CryptoKey>>>();

function privateKeyFor(key: SigningKey, algorithm: SigningAlgorithm): Promise<CryptoKey> {
  const byAlgorithm = imported.get(key.privateJwk) ?? new Map<SigningAlgorithm, Promise<CryptoKey>>();
  imported.set(key.privateJwk, byAlgorithm);
  let cryptoKey = byAlgorithm.get(algorithm);
  if (!cryptoKey) {
    // WebCrypto refuses a JWK whose alg names another algorithm than the import's.
    const { alg: _alg, key_ops: _ops, ...members } = key.privateJwk;
    cryptoKey = crypto.subtle.importKey('jwk', members, ALGORITHMS[algorithm], false, ['sign']);
    byAlgorithm.set(algorithm, cryptoKey);
  }
  return cryptoKey;
}

/** A signature over `input` with the key, base64url: RS256 and RS512 PKCS#1 v1.5, PS256 with a 32-byte salt. */
export async function signWith(key: SigningKey, algorithm: SigningAlgorithm, input: string): Promise<string> {
  const params = algorithm === 'PS256' ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'RSASSA-PKCS1-v1_5' };
  return base64url(new Uint8Array(await crypto.subtle.sign(params, await privateKeyFor(key, algorithm), utf8(input) as Uint8Array<ArrayBuffer>)));
}

/** HS256 over `header.payload` with any key bytes: what an attacker makes of a public key. */
export async function hmacToken(header: Record<string, unknown>, payload: unknown, secret: string | Uint8Array): Promise<string> {
  const input = `${segment(header)}.${segment(payload)}`;
  const keyBytes = typeof secret === 'string' ? utf8(secret) : secret;
  const key = await crypto.subtle.importKey('raw', keyBytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${input}.${base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(input) as Uint8Array<ArrayBuffer>)))}`;
}

/** The public key as PEM (SPKI), as `openssl` and node:crypto write it: 64 characters a line, a final newline. */
export async function publicPem(key: SigningKey): Promise<string> {
  const { kty, n, e } = key.jwk;
  const publicKey = await crypto.subtle.importKey('jwk', { kty, n, e }, ALGORITHMS.RS256, true, ['verify']);
  const der = bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('spki', publicKey)));
  const lines = der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

export async function newSigningKey(): Promise<SigningKey> {
  const pair = (await crypto.subtle.generateKey({ ...ALGORITHMS.RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const { n, e } = privateJwk as { n: string; e: string };
  // Cognito's key ids look like base64 of a SHA-256: 44 characters ending in "=".
  const kid = bytesToBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(n) as Uint8Array<ArrayBuffer>)));
  return { kid, privateJwk, jwk: { kid, alg: 'RS256', kty: 'RSA', e, n, use: 'sig' } };
}

/**
 * An issuer at `<baseUrl>/us-east-1_TrailTest`, issuing by `clock` (default:
 * the real time now, standing still). The runner serves `documents()` at
 * their URLs for the gateway to fetch.
 */
export async function createTestIssuer(options: { baseUrl: string; clock?: TestClock }): Promise<TestIssuer> {
  const clock = options.clock ?? testClock();
  const issuer = `${options.baseUrl}/${POOL_ID}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const discoveryUri = `${issuer}/.well-known/openid-configuration`;
  const keys = { id: await newSigningKey(), access: await newSigningKey() };
  const sub = crypto.randomUUID();

  const times = (options: TokenOptions) => {
    const iat = options.iat ?? clock.seconds();
    return { iat, exp: iat + (options.lifetime ?? 3600) };
  };
  const groups = (options: TokenOptions) => (options.groups?.length ? { 'cognito:groups': options.groups } : {});

  const state: TestIssuer = {
    poolId: POOL_ID,
    issuer,
    jwksUri,
    discoveryUri,
    clock,
    keys,
    documents: () =>
      new Map<string, unknown>([
        [jwksUri, { keys: [keys.id.jwk, keys.access.jwk] }],
        [
          discoveryUri,
          {
            issuer,
            jwks_uri: jwksUri,
            id_token_signing_alg_values_supported: ['RS256'],
            response_types_supported: ['code', 'token'],
            subject_types_supported: ['public'],
          },
        ],
      ]),
    // Claim order as Cognito writes them.
    idClaims(options = {}) {
      const { iat, exp } = times(options);
      return {
        sub,
        ...groups(options),
        email_verified: true,
        iss: issuer,
        'cognito:username': options.username ?? 'jane',
        origin_jti: crypto.randomUUID(),
        aud: options.clientId ?? CLIENT_ID,
        event_id: crypto.randomUUID(),
        token_use: 'id',
        auth_time: iat,
        exp,
        iat,
        jti: crypto.randomUUID(),
        email: 'jane@example.com',
      };
    },
    accessClaims(options = {}) {
      const { iat, exp } = times(options);
      return {
        sub,
        ...groups(options),
        iss: issuer,
        client_id: options.clientId ?? CLIENT_ID,
        origin_jti: crypto.randomUUID(),
        event_id: crypto.randomUUID(),
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: iat,
        exp,
        iat,
        jti: crypto.randomUUID(),
        username: options.username ?? 'jane',
      };
    },
    idToken(options = {}, extra = {}) {
      return state.signRaw({ kid: keys.id.kid, alg: 'RS256' }, { ...state.idClaims(options), ...extra }, keys.id);
    },
    accessToken(options = {}, extra = {}) {
      return state.signRaw({ kid: keys.access.kid, alg: 'RS256' }, { ...state.accessClaims(options), ...extra }, keys.access);
    },
    async signRaw(header, payload, key = keys.access) {
      const input = `${segment(header)}.${segment(payload)}`;
      return `${input}.${await signWith(key, 'RS256', input)}`;
    },
  };
  return state;
}
