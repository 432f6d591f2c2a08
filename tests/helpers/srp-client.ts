import { poolNameOf } from '../../src/stack/userpool/context.ts';
import { nodeCryptoPrimitives } from '../../src/stack/userpool/node-primitives.ts';
import { hexToBigInt } from '../../src/stack/userpool/srp/group.ts';
import { CognitoSrp, srpTimestamp } from '../../src/stack/userpool/srp/srp.ts';

const srp = new CognitoSrp(nodeCryptoPrimitives);

/** The client half of USER_SRP_AUTH, computed with node:crypto: what Amplify does, without Amplify. */
export function srpStart(): { a: bigint; A: bigint; SRP_A: string } {
  const { a, A } = srp.clientEphemeral();
  return { a, A, SRP_A: A.toString(16) };
}

export function srpAnswer(
  poolId: string,
  { a, A }: { a: bigint; A: bigint },
  challenge: { SALT: string; SRP_B: string; SECRET_BLOCK: string; USER_ID_FOR_SRP: string },
  password: string,
  now = new Date(),
): Record<string, string> {
  const poolName = poolNameOf(poolId);
  const B = hexToBigInt(challenge.SRP_B);
  const x = srp.privateKey(poolName, challenge.USER_ID_FOR_SRP, password, challenge.SALT);
  const u = srp.scrambler(A, B);
  const key = srp.sessionKey(u, srp.clientSecret({ a, u, B, x }));
  const TIMESTAMP = srpTimestamp(now);
  return {
    USERNAME: challenge.USER_ID_FOR_SRP,
    PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK,
    TIMESTAMP,
    PASSWORD_CLAIM_SIGNATURE: srp.passwordClaimSignature(key, poolName, challenge.USER_ID_FOR_SRP, challenge.SECRET_BLOCK, TIMESTAMP),
  };
}
