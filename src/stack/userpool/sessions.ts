import { notAuthorized } from './errors.ts';
import type { Needs } from './services.ts';
import type { ClientRecord, SessionRecord, UserRecord } from './store.ts';
import type { AuthenticationResult } from './tokens.ts';

/** Marks a refresh whose client proved its secret itself (`GetTokensFromRefreshToken`'s ClientSecret); no request can send it. */
export const CLIENT_SECRET_CHECKED = Symbol('the client secret was checked');

/**
 * Sign-in sessions: one per sign-in, behind its refresh token, carrying what
 * every token minted from it shares (`origin_jti`, `event_id`, `auth_time`),
 * until it expires or is revoked.
 */
export class Sessions {
  readonly #needs: Needs<'store' | 'clock' | 'random' | 'tokens' | 'secretHash'>;

  constructor(needs: Needs<'store' | 'clock' | 'random' | 'tokens' | 'secretHash'>) {
    this.#needs = needs;
  }

  /** A new sign-in: a session with its refresh token, and the first ID and access tokens. */
  async start(client: ClientRecord, user: UserRecord): Promise<AuthenticationResult> {
    const { store, clock, random, tokens } = this.#needs;
    const now = clock.now();
    const { token, sessionId } = await tokens.sealRefreshToken(client.poolId);
    const session: SessionRecord = {
      id: sessionId,
      poolId: client.poolId,
      clientId: client.id,
      username: user.username,
      originJti: random.id(),
      eventId: random.id(),
      authTime: Math.floor(now / 1000),
      createdAt: now,
      expiresAt: now + client.refreshTokenValidity * 1000,
      revokedAt: null,
    };
    store.putSession(session);
    return { ...(await tokens.mint(client, user, session)), RefreshToken: token };
  }

  /** The session a refresh token stands for, if the pool can open the token and still has the session. */
  async ofRefreshToken(poolId: string, refreshToken: string): Promise<SessionRecord | undefined> {
    const { store, tokens } = this.#needs;
    const sessionId = await tokens.openRefreshToken(poolId, refreshToken);
    return sessionId === undefined ? undefined : store.getSession(sessionId);
  }

  /**
   * New ID and access tokens for the session a refresh token stands for. The
   * refresh token itself is not renewed (no rotation), as in Cognito's default.
   * A client with a secret proves it holds it: `REFRESH_TOKEN_AUTH` with the
   * SECRET_HASH of the username (`secretHash`), `GetTokensFromRefreshToken`
   * with the secret itself, checked before (`CLIENT_SECRET_CHECKED`).
   */
  async refresh(client: ClientRecord, refreshToken: string, secretHash: string | undefined | typeof CLIENT_SECRET_CHECKED): Promise<AuthenticationResult> {
    const { store, clock, tokens } = this.#needs;
    const session = await this.ofRefreshToken(client.poolId, refreshToken);
    if (!session || session.clientId !== client.id) throw notAuthorized('Invalid Refresh Token.');
    if (session.revokedAt !== null) throw notAuthorized('Refresh Token has been revoked');
    if (session.expiresAt <= clock.now()) throw notAuthorized('Refresh Token has expired');
    const user = store.getUser(session.poolId, session.username);
    if (!user) throw notAuthorized('Refresh Token has been revoked');
    if (!user.enabled) throw notAuthorized('User is disabled.');
    if (secretHash !== CLIENT_SECRET_CHECKED) this.#needs.secretHash.assert(client, user.username, secretHash);
    return await tokens.mint(client, user, session);
  }

  /** Signs a user out everywhere: every refresh token, and every access token they minted. */
  signOutEverywhere(poolId: string, username: string): void {
    const { store, clock } = this.#needs;
    const now = clock.now();
    store.transaction(() => {
      store.revokeSessionsOfUser(poolId, username, now);
      const user = store.getUser(poolId, username);
      if (user) store.putUser({ ...user, tokensValidAfter: now });
    });
  }
}
