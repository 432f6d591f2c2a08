import type { Backend, LocalExtras } from '../../lib/backend.ts';
import { backendReady } from '../../lib/browser-stack-client.ts';
import { isUnreachable, unreachable } from '../shared/explain.ts';
import type { PublicJwk } from '../shared/jwks.ts';

/**
 * Asks the demo pool to rotate its signing keys (an endpoint of the demo
 * stacks only; on AWS, Cognito rotates keys itself). New tokens are signed with the new
 * keys; the old ones stay in the JWKS for `graceSeconds`.
 */
export interface Rotation {
  keys: PublicJwk[];
  signing: { use: string; kid: string }[];
}

export async function rotateKeys(backend: Backend & { local: LocalExtras }, graceSeconds: number): Promise<Rotation> {
  await backendReady(backend);
  let response: Response;
  try {
    response = await fetch(backend.local.rotateKeys, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ graceSeconds }),
    });
  } catch (error) {
    throw new Error(isUnreachable(error) ? unreachable(backend.local.rotateKeys, backend) : String(error));
  }
  if (!response.ok) throw new Error(`The pool refused to rotate its keys (${response.status}): ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as Rotation;
}
