import { createDiffieHellman, createHash, createHmac, getDiffieHellman, hkdfSync, randomBytes, type DiffieHellman } from 'node:crypto';
import { testClock } from './clock.ts';

/**
 * The client half of Cognito's USER_SRP_AUTH, as Amplify v6 computes it, and
 * an oracle for the pool: it is written from the protocol description
 * (RFC 5054 §2.6 and the PASSWORD_VERIFIER answer of
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html),
 * not from the pool's code, and shares nothing with
 * `src/` — not the group, not the padding, not the hashing, not the key
 * derivation. tests/userpool/srp-client.test.ts checks every step of it
 * against the test vector that Amplify's own `AuthenticationHelper` computed
 * (tests/fixtures/srp-test-vector.json), so a bug the pool and this helper
 * shared would have to be in Amplify as well.
 *
 * How it differs from the pool's `CognitoSrp` on purpose:
 * - the group is OpenSSL's own copy of RFC 3526's 3072-bit MODP group (group 15),
 *   not the hex the pool carries;
 * - values are hashed as bytes (Java's `BigInteger.toByteArray()`), not as padded hex;
 * - the session key is node:crypto's HKDF-SHA256, not HMACs put together by hand;
 * - the timestamp is made from `Date#toUTCString()`.
 *
 * Like Amplify (`getAuthenticationHelper`), the secret `a` is 128 random bytes
 * (1024 bits). The exponentiations run in OpenSSL through a Diffie-Hellman
 * object (`base ** privateKey mod N`), about seven times faster than BigInt;
 * making that object checks the prime once per process (a second or two).
 */

const GROUP = getDiffieHellman('modp15');
const N_BYTES = GROUP.getPrime();
const G_BYTES = GROUP.getGenerator();
const N = fromBytes(N_BYTES);
const g = fromBytes(G_BYTES);
/** HKDF's "info": Cognito's label; HKDF itself appends the block counter 0x01. */
const KEY_LABEL = 'Caldera Derived Key';

function fromBytes(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** Big-endian bytes without a sign: what OpenSSL takes for keys. */
function unsignedBytes(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, 'hex');
}

/**
 * Java's `BigInteger.toByteArray()` for a non-negative value: big-endian,
 * with a 0x00 in front when the top bit is set. Every hash and MAC in the
 * protocol runs over these bytes (Amplify's `getPaddedHex`, in
 * https://github.com/aws-amplify/amplify-js/tree/main/packages/auth/src/providers/cognito/utils/srp).
 */
function javaBytes(n: bigint): Buffer {
  const bytes = unsignedBytes(n);
  return bytes[0]! >= 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes;
}

function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

let engine: DiffieHellman | undefined;

/** base ** exponent mod N. */
function power(base: bigint, exponent: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (exponent === 0n) return 1n;
  // OpenSSL takes a peer key only in [2, N − 2]; the three values outside it have closed forms.
  if (b === 0n) return 0n;
  if (b === 1n) return 1n;
  if (b === N - 1n) return exponent % 2n === 0n ? 1n : N - 1n;
  engine ??= createDiffieHellman(N_BYTES, G_BYTES);
  engine.setPrivateKey(unsignedBytes(exponent));
  return fromBytes(engine.computeSecret(unsignedBytes(b)));
}

/** k = H(N ‖ g). */
const k = fromBytes(sha256(javaBytes(N), javaBytes(g)));

/** Cognito's TIMESTAMP, `Tue Nov 3 04:05:06 UTC 2026` (the day not zero-padded), from `Tue, 03 Nov 2026 04:05:06 GMT`. */
export function cognitoTimestamp(date: Date): string {
  const [weekday, day, month, year, time] = date.toUTCString().split(' ') as [string, string, string, string, string];
  return `${weekday.slice(0, 3)} ${month} ${Number(day)} ${time} UTC ${year}`;
}

export interface SrpClientSecret {
  /** The client's secret exponent. */
  a: bigint;
  /** g^a mod N. */
  A: bigint;
  /** A as Amplify sends it: lowercase hex, unpadded. */
  SRP_A: string;
}

/** The first step: a secret `a` of 128 random bytes (as Amplify), or the one given, and A = g^a. */
export function srpStart(options: { a?: bigint } = {}): SrpClientSecret {
  let a = options.a;
  while (a === undefined || a === 0n) a = fromBytes(randomBytes(128));
  const A = power(g, a);
  return { a, A, SRP_A: A.toString(16) };
}

export interface PasswordVerifierChallenge {
  SALT: string;
  SRP_B: string;
  SECRET_BLOCK: string;
  USER_ID_FOR_SRP: string;
}

/** Every value the proof is made of, for the test vector to check one by one. */
export interface SrpProof {
  k: bigint;
  x: bigint;
  u: bigint;
  S: bigint;
  key: Buffer;
  timestamp: string;
  signature: string;
}

/** The proof of the password for a PASSWORD_VERIFIER challenge, step by step (RFC 5054 §2.6; the message is Cognito's). */
export function srpProof(poolId: string, client: { a: bigint; A: bigint }, challenge: PasswordVerifierChallenge, password: string, now: Date): SrpProof {
  // The "pool name" is what follows the region in the pool id; the user is USER_ID_FOR_SRP, never an alias.
  const poolName = poolId.slice(poolId.indexOf('_') + 1);
  const userId = challenge.USER_ID_FOR_SRP;
  const B = BigInt(`0x${challenge.SRP_B}`);
  if (B % N === 0n) throw new Error('SRP_B is zero modulo N.');
  const u = fromBytes(sha256(javaBytes(client.A), javaBytes(B)));
  if (u === 0n) throw new Error('The scrambler u is zero.');
  const identity = sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8'));
  const x = fromBytes(sha256(javaBytes(BigInt(`0x${challenge.SALT}`)), identity));
  const S = power(B - ((k * power(g, x)) % N), client.a + u * x);
  const key = Buffer.from(hkdfSync('sha256', javaBytes(S), javaBytes(u), KEY_LABEL, 16));
  const timestamp = cognitoTimestamp(now);
  const signature = createHmac('sha256', key)
    .update(poolName, 'utf8')
    .update(userId, 'utf8')
    .update(Buffer.from(challenge.SECRET_BLOCK, 'base64'))
    .update(timestamp, 'utf8')
    .digest('base64');
  return { k, x, u, S, key, timestamp, signature };
}

/**
 * The ChallengeResponses of RespondToAuthChallenge(PASSWORD_VERIFIER), as
 * Amplify sends them. TIMESTAMP is signed but not checked by the pool; like
 * Amplify's, it is the time now unless `now` is given.
 */
export function srpAnswer(
  poolId: string,
  client: { a: bigint; A: bigint },
  challenge: PasswordVerifierChallenge,
  password: string,
  now: Date = new Date(testClock().now()),
): Record<string, string> {
  const proof = srpProof(poolId, client, challenge, password, now);
  return {
    USERNAME: challenge.USER_ID_FOR_SRP,
    PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK,
    TIMESTAMP: proof.timestamp,
    PASSWORD_CLAIM_SIGNATURE: proof.signature,
  };
}
