import { resourceNotFound } from './errors.ts';
import type { ClientRecord, PoolRecord, UserPoolStore } from './store.ts';

/** The pool a request names, or Cognito's answer when there is none. */
export function requirePool(store: UserPoolStore, poolId: string): PoolRecord {
  const pool = store.getPool(poolId);
  if (!pool) throw resourceNotFound(`User pool ${poolId} does not exist.`);
  return pool;
}

/** The app client a request names, or Cognito's answer when there is none. */
export function requireClient(store: UserPoolStore, clientId: string): ClientRecord {
  const client = store.getClient(clientId);
  if (!client) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
  return client;
}
