/**
 * Where the in-browser user pool keeps its records between runs of its
 * Service Worker. The store itself lives in memory (MemoryUserPoolStore) and
 * stays synchronous; persistence only loads every record when the stack
 * starts, and saves the records that changed before an answer leaves.
 */

/** A row's columns: primitives only, so that IndexedDB and JSON hold it as it is. Records travel as their JSON text in `record`. */
export type StoreRowValue = Readonly<Record<string, string | number | null>>;

/** One record of one table, by its key in that table. */
export interface StoreRow {
  table: string;
  key: string;
  row: StoreRowValue;
}

/** Every record, in no particular order. */
export interface StoreSnapshot {
  rows: StoreRow[];
}

/** A record written (`row`) or deleted (`row: null`). */
export interface StoreChange {
  table: string;
  key: string;
  row: StoreRowValue | null;
}

/**
 * Where the pool's private keys are kept: as the non-extractable CryptoKeys
 * WebCryptoPoolKeyCrypto makes, by `kid`, never as bytes.
 */
export interface PrivateKeyVault {
  /** Keeps the key; resolves once it is committed. */
  putPrivateKey(kid: string, key: CryptoKey): Promise<void>;
  getPrivateKey(kid: string): Promise<CryptoKey | undefined>;
}

/** The key table, whose row keys are kids: deleting a row deletes its private key too. */
export const KEYS_TABLE = 'keys';

export interface StorePersistence extends PrivateKeyVault {
  /** Every saved record; an empty snapshot the first time. */
  load(): Promise<StoreSnapshot>;
  /** Writes these changes all or none, and resolves once they are committed. */
  save(changes: readonly StoreChange[]): Promise<void>;
  /** Forgets every record and every private key. */
  clear(): Promise<void>;
}

/**
 * Persistence in this process's memory: for tests, which make a stack, drop
 * it and make another from the same object, and for a browser without
 * IndexedDB (the stack then lasts as long as its worker). Rows are copied in
 * and out, as IndexedDB clones them.
 */
export class MemoryPersistence implements StorePersistence {
  readonly #rows = new Map<string, StoreRow>();
  readonly #privateKeys = new Map<string, CryptoKey>();
  /** How many saves wrote something, for tests. */
  saves = 0;

  async load(): Promise<StoreSnapshot> {
    return { rows: [...this.#rows.values()].map((row) => structuredClone(row)) };
  }

  async save(changes: readonly StoreChange[]): Promise<void> {
    if (changes.length === 0) return;
    const copies = structuredClone(changes);
    for (const { table, key, row } of copies) {
      const id = JSON.stringify([table, key]);
      if (row === null) this.#rows.delete(id);
      else this.#rows.set(id, { table, key, row });
      if (row === null && table === KEYS_TABLE) this.#privateKeys.delete(key);
    }
    this.saves += 1;
  }

  async clear(): Promise<void> {
    this.#rows.clear();
    this.#privateKeys.clear();
  }

  // A CryptoKey is kept as the object it is: it cannot be copied out, only used.
  async putPrivateKey(kid: string, key: CryptoKey): Promise<void> {
    this.#privateKeys.set(kid, key);
  }

  async getPrivateKey(kid: string): Promise<CryptoKey | undefined> {
    return this.#privateKeys.get(kid);
  }

  /** How many records are saved, for tests. */
  get size(): number {
    return this.#rows.size;
  }
}
