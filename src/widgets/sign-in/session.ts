import { confirmSignIn, confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from '@aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from '@aws-amplify/auth/cognito';
import { Amplify, Hub, sessionStorage } from '@aws-amplify/core';
import type { Backend } from '../../lib/backend.ts';
import { backendReady } from '../../lib/browser-stack-client.ts';
import { storeTokens } from '../shared/token-store.ts';

/**
 * The reader's session, run by the real @aws-amplify/auth, the same code a
 * production app runs. This module is the only one that imports Amplify, and
 * the sign-in widget loads it only when the reader acts.
 */

export type SignInOutcome = { step: 'done' } | { step: 'new-password' } | { step: 'confirm-sign-up' } | { step: 'unsupported'; name: string };

let configuredFor: string | undefined;

/** Amplify set up for the page's pool, once the pool can be reached (for the stack in the browser: its worker controls the page). */
async function configure(backend: Backend): Promise<void> {
  await backendReady(backend);
  if (configuredFor === backend.userPoolId) return;
  // The demo stacks need their endpoint; on AWS, Amplify derives it from the region.
  const Cognito = {
    userPoolId: backend.userPoolId,
    userPoolClientId: backend.userPoolClientId,
    ...(backend.userPoolEndpoint ? { userPoolEndpoint: backend.userPoolEndpoint } : {}),
  };
  // Amplify's tokens live in this tab's sessionStorage, like the widgets' own, not in localStorage.
  cognitoUserPoolsTokenProvider.setKeyValueStorage(sessionStorage);
  cognitoUserPoolsTokenProvider.setAuthConfig({ Cognito });
  Amplify.configure({ Auth: { Cognito } }, { Auth: { tokenProvider: cognitoUserPoolsTokenProvider } });
  configuredFor = backend.userPoolId;
}

export async function startSignIn(backend: Backend, username: string, password: string): Promise<SignInOutcome> {
  await configure(backend);
  let result: Awaited<ReturnType<typeof signIn>>;
  try {
    result = await signIn({ username, password });
  } catch (error) {
    // Amplify refuses to sign in over a session it still holds (one left from another tab's sign-out, say).
    if ((error as Error).name !== 'UserAlreadyAuthenticatedException') throw error;
    await signOut();
    result = await signIn({ username, password });
  }
  return outcome(result.nextStep.signInStep);
}

export async function setNewPassword(backend: Backend, newPassword: string): Promise<SignInOutcome> {
  await configure(backend);
  const result = await confirmSignIn({ challengeResponse: newPassword });
  return outcome(result.nextStep.signInStep);
}

async function outcome(step: string): Promise<SignInOutcome> {
  if (step === 'DONE') {
    await keepTokens();
    return { step: 'done' };
  }
  if (step === 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED') return { step: 'new-password' };
  if (step === 'CONFIRM_SIGN_UP') return { step: 'confirm-sign-up' };
  return { step: 'unsupported', name: step };
}

export async function startSignUp(backend: Backend, username: string, email: string, password: string): Promise<void> {
  await configure(backend);
  await signUp({ username, password, options: { userAttributes: { email } } });
}

export async function finishSignUp(backend: Backend, username: string, code: string): Promise<void> {
  await configure(backend);
  await confirmSignUp({ username, confirmationCode: code });
}

/** New ID and access tokens for the refresh token (GetTokensFromRefreshToken). */
export async function refreshTokens(backend: Backend): Promise<void> {
  await configure(backend);
  if (!(await cognitoUserPoolsTokenProvider.authTokenStore.loadTokens())) {
    throw new Error('Amplify holds no session in this tab, so there is no refresh token to use. Sign in here first.');
  }
  // When Cognito refuses the refresh token, fetchAuthSession does not throw: Amplify
  // clears its tokens, resolves without them, and reports the error on Hub's 'auth' channel.
  let refused: unknown;
  const stopListening = Hub.listen('auth', ({ payload }) => {
    if (payload.event === 'tokenRefresh_failure') refused = payload.data?.error;
  });
  let session: Awaited<ReturnType<typeof fetchAuthSession>>;
  try {
    session = await fetchAuthSession({ forceRefresh: true });
  } finally {
    stopListening();
  }
  if (!session.tokens) {
    storeTokens(null);
    throw refused instanceof Error ? refused : new Error('The pool refused the refresh token, and Amplify signed the session out.');
  }
  await keepTokens();
}

/** `global`: GlobalSignOut, every session of the user; otherwise RevokeToken, this sign-in only. */
export async function endSession(backend: Backend, global: boolean): Promise<void> {
  await configure(backend);
  await signOut({ global });
  storeTokens(null);
}

/** Copies Amplify's tokens into the widgets' shared store. */
async function keepTokens(): Promise<void> {
  const tokens = await cognitoUserPoolsTokenProvider.authTokenStore.loadTokens();
  if (!tokens?.idToken) throw new Error('The pool answered, but Amplify stored no ID token.');
  storeTokens({
    idToken: tokens.idToken.toString(),
    accessToken: tokens.accessToken.toString(),
    refreshToken: tokens.refreshToken,
    username: tokens.username,
    storedAt: Date.now(),
  });
}
