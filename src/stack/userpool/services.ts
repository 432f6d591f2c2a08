import { ChallengeSealer, SpentChallenges } from './challenges.ts';
import { Codes } from './codes.ts';
import { Decoys } from './decoys.ts';
import type { PoolKeyCrypto } from './key-crypto.ts';
import { Mailbox } from './mailbox.ts';
import { Passwords } from './passwords.ts';
import type { CryptoPrimitives } from './primitives.ts';
import { RandomSource } from './random.ts';
import { SecretHash } from './secret-hash.ts';
import { Sessions } from './sessions.ts';
import { CognitoSrp } from './srp/srp.ts';
import type { UserPoolStore } from './store.ts';
import { Tokens } from './tokens.ts';
import { Users } from './users.ts';

export interface Clock {
  /** ms since the epoch. */
  now(): number;
}

/**
 * Everything the operations share: the store, the clock, and the services
 * that hold the rules more than one operation applies. A plain record: each
 * operation, and each service built on others, takes only the part it names
 * (`Needs<…>`), so that its signature shows what it depends on.
 */
export interface PoolServices {
  store: UserPoolStore;
  /** Makes the pool's key pairs and uses their private halves, as its runtime best can. */
  keyCrypto: PoolKeyCrypto;
  clock: Clock;
  random: RandomSource;
  region: string;
  /** The `iss` of a pool's tokens. */
  issuer(poolId: string): string;
  log(line: string): void;
  srp: CognitoSrp;
  /** Sign-in challenges travel sealed with the client; only answered ones are remembered. */
  challenges: ChallengeSealer;
  spentChallenges: SpentChallenges;
  /** How names without an account are answered. */
  decoys: Decoys;
  users: Users;
  passwords: Passwords;
  codes: Codes;
  mailbox: Mailbox;
  secretHash: SecretHash;
  tokens: Tokens;
  sessions: Sessions;
}

/** The part of the record a function uses. */
export type Needs<K extends keyof PoolServices> = Pick<PoolServices, K>;

export interface PoolServicesOptions {
  store: UserPoolStore;
  keyCrypto: PoolKeyCrypto;
  primitives: CryptoPrimitives;
  /** A secret of this stack's: it keys sealed challenges and values that must look random but stay stable (decoys). */
  secret: Uint8Array;
  region: string;
  issuer(poolId: string): string;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * The record for one pool, built once: services that use others are handed
 * these same instances, so the in-memory state (spent challenges, the names
 * without an account) exists once per pool and its bounds hold.
 */
export function createPoolServices(options: PoolServicesOptions): PoolServices {
  const { store, keyCrypto, primitives, secret, region, issuer } = options;
  const clock: Clock = { now: options.now ?? Date.now };
  const log = options.log ?? (() => {});
  const random = new RandomSource(primitives);
  const srp = new CognitoSrp(primitives);
  const decoys = new Decoys(primitives, secret);
  const mailbox = new Mailbox({ store, clock, log });
  const secretHash = new SecretHash(primitives);
  const tokens = new Tokens({ store, keyCrypto, primitives, clock, random, issuer });
  return {
    store,
    keyCrypto,
    clock,
    random,
    region,
    issuer,
    log,
    srp,
    challenges: new ChallengeSealer(primitives, secret),
    spentChallenges: new SpentChallenges(),
    decoys,
    users: new Users({ store, clock }),
    passwords: new Passwords({ store, clock, srp, decoys }),
    codes: new Codes({ store, clock, random, decoys, mailbox }),
    mailbox,
    secretHash,
    tokens,
    sessions: new Sessions({ store, clock, random, tokens, secretHash }),
  };
}
