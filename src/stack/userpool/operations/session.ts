import { constantTimeEqual } from '../constant-time.ts';
import { notAuthorized, unauthorized, unsupportedOperation, unsupportedTokenType } from '../errors.ts';
import { clientId, optionalString, requiredString, type Input } from '../input.ts';
import { requireClient } from '../lookups.ts';
import type { Needs } from '../services.ts';
import { CLIENT_SECRET_CHECKED } from '../sessions.ts';
import type { ClientRecord } from '../store.ts';

export async function getTokensFromRefreshToken({ store, sessions }: Needs<'store' | 'sessions'>, input: Input) {
  const client = requireClient(store, clientId(input));
  const refreshToken = requiredString(input, 'RefreshToken', { max: 4096 });
  const clientSecret = optionalString(input, 'ClientSecret');
  if (!clientSecretMatches(client, clientSecret)) throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
  return { AuthenticationResult: await sessions.refresh(client, refreshToken, CLIENT_SECRET_CHECKED) };
}

/** Revokes a refresh token and every access and ID token minted from it. */
export async function revokeToken({ store, clock, sessions }: Needs<'store' | 'clock' | 'sessions'>, input: Input) {
  const client = requireClient(store, clientId(input));
  const token = requiredString(input, 'Token', { max: 4096 });
  const clientSecret = optionalString(input, 'ClientSecret');
  if (!clientSecretMatches(client, clientSecret)) throw unauthorized(`Unable to verify secret hash for client ${client.id}`);
  if (!client.enableTokenRevocation) throw unsupportedOperation('Token revocation is not enabled for this app client.');
  if (token.split('.').length !== 5) throw unsupportedTokenType('Only refresh tokens can be revoked.');
  const session = await sessions.ofRefreshToken(client.poolId, token);
  if (session && session.clientId !== client.id) throw unauthorized('The refresh token was not issued to this client.');
  // An unknown or already revoked token is not an error: revocation is idempotent.
  if (session) store.revokeSession(session.id, clock.now());
  return {};
}

/** Signs the user out everywhere: every refresh token, and every access token they minted. */
export async function globalSignOut({ tokens, sessions }: Needs<'tokens' | 'sessions'>, input: Input) {
  const { user } = await tokens.authenticateAccessToken(requiredString(input, 'AccessToken', { max: 16_384 }));
  sessions.signOutEverywhere(user.poolId, user.username);
  return {};
}

export async function getUser({ tokens }: Needs<'tokens'>, input: Input) {
  const { user } = await tokens.authenticateAccessToken(requiredString(input, 'AccessToken', { max: 16_384 }));
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
