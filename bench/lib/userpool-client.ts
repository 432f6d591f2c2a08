import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { srpAnswer, srpStart } from '../../tests/helpers/srp-client.ts';

/**
 * The benchmarks' client of the Node pool (bench/lib/userpool-server.ts, in a
 * child process): AWS JSON 1.1 calls over node:http with keep-alive, a lean
 * client, so that the figures are the pool's and not the HTTP client's, and
 * SRP computed as Amplify computes it (tests/helpers/srp-client.ts).
 */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

export function call(url: string, operation: string, body: unknown, expectedStatus = 200): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const json = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, any>;
          if (response.statusCode !== expectedStatus) reject(new Error(`${operation}: ${JSON.stringify(json)}`));
          else resolve(json);
        });
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/** USER_SRP_AUTH, both calls: InitiateAuth, then RespondToAuthChallenge PASSWORD_VERIFIER. */
export async function srpSignIn(url: string, poolId: string, clientId: string, user: { username: string; password: string }): Promise<void> {
  const client = srpStart();
  const started = await call(url, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: user.username, SRP_A: client.SRP_A },
  });
  const answer = srpAnswer(poolId, client, started.ChallengeParameters, user.password);
  const done = await call(url, 'RespondToAuthChallenge', { ChallengeName: 'PASSWORD_VERIFIER', ClientId: clientId, ChallengeResponses: answer });
  if (!done.AuthenticationResult?.AccessToken) throw new Error('no tokens');
}

/** Sends the pool's process a message and resolves with its answer. */
export function request(child: ChildProcess, type: string): Promise<any> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ type });
  });
}
