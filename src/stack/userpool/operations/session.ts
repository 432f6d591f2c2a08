import { constantTimeEqual, type UserPoolContext } from '../context.ts';
import { notAuthorized, unauthorized, unsupportedOperation, unsupportedTokenType } from '../errors.ts';
import { clientId, optionalString, requiredString, type Input } from '../input.ts';
import { authenticateAccessToken, mintTokens, openRefreshToken, type AuthenticationResult } from '../tokens.ts';
import type { ClientRecord } from '../store.ts';

const CLIENT_SECRET_CHECKED = Symbol('the client secret was checked');

/**
 * New ID and access tokens for the session a refresh token stands for. The
 * refresh token itself is not renewed (no rotation), as in Cognito's default.
 * A client with a secret proves it holds it: `REFRESH_TOKEN_AUTH` with the
 * SECRET_HASH of the username (`secretHash`), `GetTokensFromRefreshToken`
 * with the secret itself, checked before (`CLIENT_SECRET_CHECKED`, which no
 * request can send).
 */
export async function refreshSession(ctx: UserPoolContext, client: ClientRecord, refreshToken: string, secretHash: string | undefined | typeof CLIENT_SECRET_CHECKED): Promise<AuthenticationResult> {
  const sessionId = await openRefreshToken(ctx, client.poolId, refreshToken);
  const session = sessionId === undefined ? undefined : ctx.store.getSession(sessionId);
  if (!session || session.clientId !== client.id) throw notAuthorized('Invalid Refresh Token.');
  if (session.revokedAt !== null) throw notAuthorized('Refresh Token has been revoked');
  if (session.expiresAt <= ctx.now()) throw notAuthorized('Refresh Token has expired');
  const user = ctx.store.getUser(session.poolId, session.username);
  if (!user) throw notAuthorized('Refresh Token has been revoked');
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (secretHash !== CLIENT_SECRET_CHECKED) ctx.assertSecretHash(client, user.username, secretHash);
  return await mintTokens(ctx, client, user, session);
}

export async function getTokensFromRefreshToken(ctx: UserPoolContext, input: Input) {
  const client = ctx.requireClient(clientId(input));
  const refreshToken = requiredString(input, 'RefreshToken', { max: 4096 });
  const clientSecret = optionalString(input, 'ClientSecret');
  if (!clientSecretMatches(client, clientSecret)) throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
  return { AuthenticationResult: await refreshSession(ctx, client, refreshToken, CLIENT_SECRET_CHECKED) };
}

/** Revokes a refresh token and every access and ID token minted from it. */
export async function revokeToken(ctx: UserPoolContext, input: Input) {
  const client = ctx.requireClient(clientId(input));
  const token = requiredString(input, 'Token', { max: 4096 });
  const clientSecret = optionalString(input, 'ClientSecret');
  if (!clientSecretMatches(client, clientSecret)) throw unauthorized(`Unable to verify secret hash for client ${client.id}`);
  if (!client.enableTokenRevocation) throw unsupportedOperation('Token revocation is not enabled for this app client.');
  if (token.split('.').length !== 5) throw unsupportedTokenType('Only refresh tokens can be revoked.');
  const sessionId = await openRefreshToken(ctx, client.poolId, token);
  const session = sessionId === undefined ? undefined : ctx.store.getSession(sessionId);
  if (session && session.clientId !== client.id) throw unauthorized('The refresh token was not issued to this client.');
  // An unknown or already revoked token is not an error: revocation is idempotent.
  if (session) ctx.store.revokeSession(session.id, ctx.now());
  return {};
}

/** Signs the user out everywhere: every refresh token, and every access token they minted. */
export async function globalSignOut(ctx: UserPoolContext, input: Input) {
  const { user } = await authenticateAccessToken(ctx, requiredString(input, 'AccessToken', { max: 16_384 }));
  signOutEverywhere(ctx, user.poolId, user.username);
  return {};
}

export function signOutEverywhere(ctx: UserPoolContext, poolId: string, username: string): void {
  const now = ctx.now();
  ctx.store.transaction(() => {
    ctx.store.revokeSessionsOfUser(poolId, username, now);
    const user = ctx.store.getUser(poolId, username);
    if (user) ctx.store.putUser({ ...user, tokensValidAfter: now });
  });
}

export async function getUser(ctx: UserPoolContext, input: Input) {
  const { user } = await authenticateAccessToken(ctx, requiredString(input, 'AccessToken', { max: 16_384 }));
  return {
    Username: user.username,
    UserAttributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    MFAOptions: [],
    UserMFASettingList: [],
  };
}

/** A client without a secret needs none; one with a secret must send it, compared in constant time. */
function clientSecretMatches(client: ClientRecord, given: string | undefined): boolean {
  return client.secret === null || (given !== undefined && constantTimeEqual(client.secret, given));
}
