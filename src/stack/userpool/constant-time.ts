/**
 * Comparison whose time depends only on the lengths, which are public here:
 * for every secret a client sends (secret hashes, client secrets, codes,
 * SRP proofs, SigV4 signatures).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
