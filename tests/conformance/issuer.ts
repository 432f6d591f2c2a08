/**
 * A stand-in for a user pool in the gateway's conformance suites, on
 * WebCrypto alone so that it runs in Node and in a Chromium page: RSA keys
 * the test holds (extractable, unlike the in-browser pool's), a JWKS and an
 * OpenID configuration for the runner to serve, and tokens shaped exactly like
 * Cognito's
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-with-identity-providers.html), with separate keys for ID and access
 * tokens. It signs anything, including what an attacker would send.
 *
 * The gateway's tests over a socket mint their tokens here too:
 * tests/gateway/fixtures/issuer.ts serves this issuer on loopback, and adds
 * what only a server can do (a JWKS endpoint that fails, a count of its
 * fetches).
 */
import { bytesToBase64, bytesToBase64url, utf8 } from '../../src/lib/bytes.ts';
import { testClock, type TestClock } from '../helpers/clock.ts';

export const POOL_ID = 'us-east-1_TrailTest';
export const CLIENT_ID = '5trailtestclient0000000001';
export const OTHER_CLIENT_ID = '5trailtestclient0000000002';

/** A public RSA key as a JWKS lists it, members in Cognito's order. */
export interface RsaPublicJwk {
  kid: string;
  alg: 'RS256' | 'RS384' | 'RS512';
  kty: 'RSA';
  e: string;
  n: string;
  use: 'sig';
}

/** A public elliptic-curve key as a JWKS lists it (RFC 7518, section 6.2.1). */
export interface EcPublicJwk {
  kid: string;
  alg: 'ES256' | 'ES384' | 'ES512';
  kty: 'EC';
  crv: 'P-256' | 'P-384' | 'P-521';
  x: string;
  y: string;
  use: 'sig';
}

export type PublicJwk = RsaPublicJwk | EcPublicJwk;

export interface SigningKey<Jwk extends PublicJwk = PublicJwk> {
  kid: string;
  /** The private key, extractable: the test signs with it under any algorithm its type allows. */
  privateJwk: JsonWebKey;
  jwk: Jwk;
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

/**
 * The algorithms a test signs with: the JWS algorithms a REST API's JWT
 * authorizer can be told to accept
 * (https://docs.aws.amazon.com/apigateway/latest/api/API_JwtConfigurationInput.html),
 * and PS256, which none of the gateway's authorizers accepts.
 */
export type SigningAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384' | 'ES512';
/** The algorithms a key can be made for and published under. */
export type KeyAlgorithm = Exclude<SigningAlgorithm, 'PS256'>;

export interface TestIssuer {
  poolId: string;
  /** `<base>/us-east-1_TrailTest`, or the issuer it was given. */
  issuer: string;
  /** `<base>/us-east-1_TrailTest/.well-known/jwks.json`, whatever the issuer. */
  jwksUri: string;
  discoveryUri: string;
  /** The clock tokens are issued by; the gateway under test reads the same time. */
  clock: TestClock;
  /** The keys new tokens are signed with. */
  keys: { id: SigningKey<RsaPublicJwk>; access: SigningKey<RsaPublicJwk> };
  /** What the issuer publishes, by URL: the JWKS and the OpenID configuration. */
  documents(): Map<string, unknown>;
  /** New keys for new tokens; the old ones stay in the JWKS. */
  rotate(): Promise<void>;
  /** Drops every key but the current ones from the JWKS. */
  retireOldKeys(): void;
  /** Adds a key to the JWKS, beside the pool's own (see `newAlgorithmKey`). */
  publish(key: SigningKey): void;
  idClaims(options?: TokenOptions): Record<string, unknown>;
  accessClaims(options?: TokenOptions): Record<string, unknown>;
  idToken(options?: TokenOptions, extra?: Record<string, unknown>): Promise<string>;
  accessToken(options?: TokenOptions, extra?: Record<string, unknown>): Promise<string>;
  /** Signs any header and payload with a key (default: the access key), RS256: RSASSA-PKCS1-v1_5 with SHA-256. */
  signRaw(header: Record<string, unknown>, payload: Record<string, unknown>, key?: SigningKey): Promise<string>;
}

export const base64url = (value: string | Uint8Array): string => bytesToBase64url(value);
export const segment = (value: unknown): string => base64url(JSON.stringify(value));

// The WebCrypto algorithm behind each JWS algorithm (RFC 7518, section 3.1).
const RSA_PKCS1 = (hash: string): RsaHashedImportParams => ({ name: 'RSASSA-PKCS1-v1_5', hash });
const ECDSA = (namedCurve: EcPublicJwk['crv']): EcKeyImportParams => ({ name: 'ECDSA', namedCurve });
const ALGORITHMS: Record<SigningAlgorithm, RsaHashedImportParams | EcKeyImportParams> = {
  RS256: RSA_PKCS1('SHA-256'),
  RS384: RSA_PKCS1('SHA-384'),
  RS512: RSA_PKCS1('SHA-512'),
  PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
  ES256: ECDSA('P-256'),
  ES384: ECDSA('P-384'),
  ES512: ECDSA('P-521'),
};
const SIGN_PARAMS: Record<SigningAlgorithm, AlgorithmIdentifier | RsaPssParams | EcdsaParams> = {
  RS256: 'RSASSA-PKCS1-v1_5',
  RS384: 'RSASSA-PKCS1-v1_5',
  RS512: 'RSASSA-PKCS1-v1_5',
  // RFC 7518, section 3.5: the salt is as long as the hash.
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' },
  ES512: { name: 'ECDSA', hash: 'SHA-512' },
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

/**
 * A signature over `input` with the key, base64url: RSASSA-PKCS1-v1_5, RSA-PSS
 * with a 32-byte salt, or ECDSA, whose WebCrypto signature is already the
 * JWS form, r and s side by side (RFC 7518, section 3.4).
 */
export async function signWith(key: SigningKey, algorithm: SigningAlgorithm, input: string): Promise<string> {
  return base64url(
    new Uint8Array(await crypto.subtle.sign(SIGN_PARAMS[algorithm], await privateKeyFor(key, algorithm), utf8(input) as Uint8Array<ArrayBuffer>)),
  );
}

/** A compact JWS of exactly this header and payload, signed with the key under `algorithm`, whatever the header's alg says. */
export async function signToken(key: SigningKey, algorithm: SigningAlgorithm, header: Record<string, unknown>, payload: unknown): Promise<string> {
  const input = `${segment(header)}.${segment(payload)}`;
  return `${input}.${await signWith(key, algorithm, input)}`;
}

/** HS256 over `header.payload` with any key bytes: what an attacker makes of a public key. */
export async function hmacToken(header: Record<string, unknown>, payload: unknown, secret: string | Uint8Array): Promise<string> {
  const input = `${segment(header)}.${segment(payload)}`;
  const keyBytes = typeof secret === 'string' ? utf8(secret) : secret;
  const key = await crypto.subtle.importKey('raw', keyBytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${input}.${base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8(input) as Uint8Array<ArrayBuffer>)))}`;
}

/** The public key as PEM (SPKI), as `openssl` and node:crypto write it: 64 characters a line, a final newline. */
export async function publicPem(key: SigningKey<RsaPublicJwk>): Promise<string> {
  const { kty, n, e } = key.jwk;
  const publicKey = await crypto.subtle.importKey('jwk', { kty, n, e }, ALGORITHMS.RS256, true, ['verify']);
  const der = bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('spki', publicKey)));
  const lines = der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

async function newKeyPair(alg: KeyAlgorithm): Promise<JsonWebKey> {
  const params = ALGORITHMS[alg];
  const generate = 'namedCurve' in params ? params : { ...params, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
  const pair = (await crypto.subtle.generateKey(generate, true, ['sign', 'verify'])) as CryptoKeyPair;
  return crypto.subtle.exportKey('jwk', pair.privateKey);
}

/** An RSA key for RS256 as Cognito publishes one: its kid looks like base64 of a SHA-256, 44 characters ending in "=". */
export async function newSigningKey(): Promise<SigningKey<RsaPublicJwk>> {
  const privateJwk = await newKeyPair('RS256');
  const { n, e } = privateJwk as { n: string; e: string };
  const kid = bytesToBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(n) as Uint8Array<ArrayBuffer>)));
  return { kid, privateJwk, jwk: { kid, alg: 'RS256', kty: 'RSA', e, n, use: 'sig' } };
}

/** A key for `alg` under `kid`, its public half as a JWKS lists it (kid, alg and use set): RSA of 2048 bits, or EC on the algorithm's curve. */
export async function newAlgorithmKey(alg: KeyAlgorithm, kid: string): Promise<SigningKey> {
  const privateJwk = await newKeyPair(alg);
  if (alg.startsWith('ES')) {
    const { crv, x, y } = privateJwk as { crv: EcPublicJwk['crv']; x: string; y: string };
    return { kid, privateJwk, jwk: { kid, alg: alg as EcPublicJwk['alg'], kty: 'EC', crv, x, y, use: 'sig' } };
  }
  const { n, e } = privateJwk as { n: string; e: string };
  return { kid, privateJwk, jwk: { kid, alg: alg as RsaPublicJwk['alg'], kty: 'RSA', e, n, use: 'sig' } };
}

/**
 * An issuer at `<baseUrl>/us-east-1_TrailTest`, issuing by `clock` (default:
 * the real time now, standing still). The runner serves `documents()` at
 * their URLs for the gateway to fetch. Given an `issuer` (an AWS-shaped one),
 * the tokens name it, and the documents stay under `baseUrl`.
 */
export async function createTestIssuer(options: { baseUrl: string; clock?: TestClock; issuer?: string }): Promise<TestIssuer> {
  const clock = options.clock ?? testClock();
  const home = `${options.baseUrl}/${POOL_ID}`;
  const issuer = options.issuer ?? home;
  const jwksUri = `${home}/.well-known/jwks.json`;
  const discoveryUri = `${home}/.well-known/openid-configuration`;
  const keys = { id: await newSigningKey(), access: await newSigningKey() };
  let published: SigningKey[] = [keys.id, keys.access];
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
        [jwksUri, { keys: published.map((key) => key.jwk) }],
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
    signRaw: (header, payload, key = keys.access) => signToken(key, 'RS256', header, payload),
    async rotate() {
      [keys.id, keys.access] = await Promise.all([newSigningKey(), newSigningKey()]);
      published = [keys.id, keys.access, ...published];
    },
    retireOldKeys() {
      published = [keys.id, keys.access];
    },
    publish(key) {
      published = [...published, key];
    },
  };
  return state;
}
