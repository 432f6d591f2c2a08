import { createLocalJWKSet, errors, type JWK } from 'jose';
import type { JwksDetail } from '../../../lib/trace/details.ts';
import type { CheckName } from '../../../lib/trace/hops.ts';
import type { JwtAlgorithm } from '../../api.ts';
import type { Timers } from '../timers.ts';
import { fetchJson, type FetchLimits } from './fetch-json.ts';

export type { JwksDetail } from '../../../lib/trace/details.ts';

/**
 * One issuer's signing keys: found through the issuer (OpenID discovery, or
 * the pool's configured JWKS URL), cached for at most `maxAgeMs`, refetched
 * when a token names an unknown key id, and never refetched more often than
 * once per `cooldownMs`, so a flood of made-up key ids cannot turn the
 * gateway into a flood of fetches. When no fresh keys can be had, every token
 * is refused: the gateway fails closed.
 *
 * jose validates the JWKS, selects the key (kid, kty, alg, use, key_ops) and
 * imports it; the imported CryptoKey is kept by algorithm and kid, so a key
 * is selected and imported once per fetch, not once per token, and a token
 * whose key is cached gets it at once, without waiting for a promise.
 */
export interface JwksSourceOptions extends FetchLimits {
  issuer: string;
  /** The pool's JWKS URL; with `discover`, only the fallback when discovery fails. An issuer known by its URL alone has none. */
  jwksUri?: string;
  /** Look up `jwks_uri` in `<issuer>/.well-known/openid-configuration` first (HTTP API). */
  discover: boolean;
  maxAgeMs: number;
  cooldownMs: number;
  fetch: typeof fetch;
  now: () => number;
  /** What the fetch timeout waits on. */
  timers: Timers;
  /** True while a fault switch makes the JWKS unreachable: no key is used, cached or not, and nothing is fetched. */
  unreachable?: () => boolean;
}

export type KeyLookup =
  | { ok: true; key: CryptoKey; detail: JwksDetail }
  | { ok: false; check: Extract<CheckName, 'jwks' | 'kid'>; reason: string; detail: JwksDetail };

interface KeySet {
  select: ReturnType<typeof createLocalJWKSet>;
  kids: string[];
  fetchedAt: number;
  /** Keys jose selected and imported, by algorithm and kid: selection runs once per key and fetch. */
  found: Map<string, CryptoKey>;
}

/** The last fetch: where it went and, if it failed, why. */
interface Attempt {
  at: number;
  url: string;
  discovery?: string;
  error?: string;
}

const MIN_RSA_BITS = 2048;
const UNKNOWN_KID = Symbol('unknown kid');

export class JwksSource {
  readonly #options: JwksSourceOptions;
  #keys: KeySet | undefined;
  #attempt: Attempt | undefined;
  #pending: Promise<void> | undefined;

  constructor(options: JwksSourceOptions) {
    this.#options = options;
  }

  /** The key for a token's kid and alg: at once when it is cached and fresh, else once the keys are fetched. */
  getKey(kid: string, alg: JwtAlgorithm = 'RS256'): KeyLookup | Promise<KeyLookup> {
    if (this.#options.unreachable?.()) {
      const url = this.#attempt?.url ?? this.#options.jwksUri ?? configurationUrl(this.#options.issuer);
      return this.#refuse('jwks', `no keys: ${url} is unreachable (a fault switch: the keys are treated as expired and cannot be fetched)`, 'miss', 0);
    }
    const keys = this.#keys;
    const known = keys && this.#options.now() - keys.fetchedAt < this.#options.maxAgeMs ? keys.found.get(`${alg} ${kid}`) : undefined;
    return known ? { ok: true, key: known, detail: this.#detail('hit', 0) } : this.#lookUp(kid, alg);
  }

  async #lookUp(kid: string, alg: JwtAlgorithm): Promise<KeyLookup> {
    const { now, maxAgeMs } = this.#options;
    let cache: JwksDetail['cache'] = 'hit';
    let fetchMs = 0;
    if (!this.#keys || now() - this.#keys.fetchedAt >= maxAgeMs) {
      // Keys past their maximum age are never used, whatever happens next.
      this.#keys = undefined;
      cache = 'miss';
      const cooling = this.#cooling();
      if (this.#attempt?.error && cooling > 0) {
        return this.#refuse('jwks', `no keys: ${this.#attempt.error}; next try in ${seconds(cooling)}`, cache, fetchMs);
      }
      fetchMs = await this.#refresh();
      if (this.#attempt?.error) return this.#refuse('jwks', `no keys: ${this.#attempt.error}`, cache, fetchMs);
    }
    let selected = await this.#select(kid, alg);
    if (selected === UNKNOWN_KID) {
      const cooling = this.#cooling();
      if (cooling > 0) {
        return this.#refuse('kid', `kid ${JSON.stringify(kid)} is not in the JWKS, and a refetch is cooling down for ${seconds(cooling)}`, cache, fetchMs);
      }
      cache = 'refetch';
      fetchMs += await this.#refresh();
      if (this.#attempt?.error) return this.#refuse('jwks', `refetch for an unknown kid failed: ${this.#attempt.error}`, cache, fetchMs);
      selected = await this.#select(kid, alg);
      if (selected === UNKNOWN_KID) {
        return this.#refuse('kid', `kid ${JSON.stringify(kid)} is not in the JWKS, even after a refetch`, cache, fetchMs);
      }
    }
    if (typeof selected === 'string') return this.#refuse('jwks', selected, cache, fetchMs);
    return { ok: true, key: selected, detail: this.#detail(cache, fetchMs) };
  }

  /**
   * Fetches the keys now unless they are cached, so that no request waits for
   * them later; never rejects. Only for a user pool, whose JWKS URL is
   * configured: an issuer known by its URL alone is looked up at its first token.
   */
  async prefetch(): Promise<void> {
    if (!this.#keys && this.#options.jwksUri !== undefined) await this.#refresh();
  }

  /** Drops the cached keys and the last attempt: the next token fetches the keys at once, with no cooldown to wait out. */
  forget(): void {
    this.#keys = undefined;
    this.#attempt = undefined;
  }

  /** Ms until another fetch may start. */
  #cooling(): number {
    return this.#attempt ? this.#options.cooldownMs - (this.#options.now() - this.#attempt.at) : 0;
  }

  /** The key, UNKNOWN_KID, or why the matching key cannot be used. */
  async #select(kid: string, alg: JwtAlgorithm): Promise<CryptoKey | string | typeof UNKNOWN_KID> {
    const keys = this.#keys;
    if (!keys) return UNKNOWN_KID;
    const known = keys.found.get(`${alg} ${kid}`);
    if (known) return known;
    const selected = await this.#selectFrom(keys, kid, alg);
    // Only keys of the JWKS are remembered, so made-up kids cannot grow the map.
    if (typeof selected === 'object') keys.found.set(`${alg} ${kid}`, selected);
    return selected;
  }

  async #selectFrom(keys: KeySet, kid: string, alg: JwtAlgorithm): Promise<CryptoKey | string | typeof UNKNOWN_KID> {
    try {
      const key = await keys.select({ alg, kid });
      const bits = (key.algorithm as Partial<RsaHashedKeyAlgorithm>).modulusLength;
      // An EC key's strength is its curve, which the algorithm fixes (RFC 7518, section 3.4).
      return bits === undefined || bits >= MIN_RSA_BITS ? key : `key ${JSON.stringify(kid)} has ${bits} bits, fewer than ${MIN_RSA_BITS}`;
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) return UNKNOWN_KID;
      if (error instanceof errors.JWKSMultipleMatchingKeys) return `the JWKS has several keys with kid ${JSON.stringify(kid)}`;
      return `key ${JSON.stringify(kid)} cannot be used: ${(error as Error).message}`;
    }
  }

  /** Fetches the keys once, however many requests are waiting; resolves to the ms this caller waited. */
  async #refresh(): Promise<number> {
    const started = performance.now();
    this.#pending ??= this.#fetchKeys().finally(() => {
      this.#pending = undefined;
    });
    await this.#pending;
    return performance.now() - started;
  }

  async #fetchKeys(): Promise<void> {
    const { issuer, jwksUri, discover, fetch, now } = this.#options;
    const attempt: Attempt = { at: now(), url: jwksUri ?? configurationUrl(issuer) };
    this.#attempt = attempt;
    if (discover || jwksUri === undefined) {
      const found = await this.#discover(issuer);
      attempt.discovery = found.note;
      if (found.jwksUri === undefined && jwksUri === undefined) {
        attempt.error = found.note;
        return;
      }
      attempt.url = found.jwksUri ?? jwksUri ?? attempt.url;
    }
    const fetched = await fetchJson(fetch, attempt.url, this.#options, this.#options.timers);
    if (!fetched.ok) {
      attempt.error = fetched.reason;
      return;
    }
    try {
      const select = createLocalJWKSet(fetched.value as { keys: JWK[] });
      const kids = (fetched.value as { keys: JWK[] }).keys.map((jwk) => (typeof jwk.kid === 'string' ? jwk.kid : '(none)'));
      this.#keys = { select, kids, fetchedAt: now(), found: new Map() };
    } catch {
      attempt.error = `${attempt.url} did not send a JSON Web Key Set`;
    }
  }

  async #discover(issuer: string): Promise<{ jwksUri?: string; note: string }> {
    const url = configurationUrl(issuer);
    const fallback = this.#options.jwksUri === undefined ? 'and no JWKS URL is configured' : 'using the configured JWKS URL';
    const fetched = await fetchJson(this.#options.fetch, url, this.#options, this.#options.timers);
    if (!fetched.ok) return { note: `discovery failed (${fetched.reason}); ${fallback}` };
    const document = fetched.value as { issuer?: unknown; jwks_uri?: unknown } | null;
    if (document?.issuer !== issuer || typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri)) {
      return { note: `${url} does not describe this issuer; ${fallback}` };
    }
    return { jwksUri: document.jwks_uri, note: `jwks_uri found in ${url}` };
  }

  #refuse(check: 'jwks' | 'kid', reason: string, cache: JwksDetail['cache'], fetchMs: number): KeyLookup {
    return { ok: false, check, reason, detail: this.#detail(cache, fetchMs) };
  }

  #detail(cache: JwksDetail['cache'], fetchMs: number): JwksDetail {
    const keys = this.#keys;
    return {
      url: this.#attempt?.url ?? this.#options.jwksUri ?? configurationUrl(this.#options.issuer),
      discovery: this.#attempt?.discovery,
      cache,
      fetchMs,
      ageMs: keys ? this.#options.now() - keys.fetchedAt : null,
      kids: keys?.kids ?? [],
    };
  }
}

/** OpenID Connect Discovery 1.0, section 4: the configuration lives under the issuer. */
function configurationUrl(issuer: string): string {
  return `${issuer}/.well-known/openid-configuration`;
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}
