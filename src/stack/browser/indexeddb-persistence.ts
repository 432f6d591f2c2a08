import { KEYS_TABLE, type StoreChange, type StorePersistence, type StoreRow, type StoreRowValue, type StoreSnapshot } from './persistence.ts';

/** The database the stack's worker keeps its pool in, one per origin. */
export const STACK_DATABASE = 'token-trail-stack';
/** 2: the private keys moved out of the key records into their own store, as CryptoKeys. */
const VERSION = 2;
/** One object store of every row, keyed `[table, key]`. */
export const ROWS = 'rows';
/** The pool's private keys, non-extractable CryptoKeys keyed by kid. */
export const PRIVATE_KEYS = 'private-keys';

/**
 * The in-browser pool's records in IndexedDB: one object store of rows keyed
 * by `[table, key]`, loaded whole when the worker starts, and written by one
 * transaction per save. A transaction's `complete` means the browser has
 * committed it, so it survives the worker (or the whole browser) being
 * stopped; like SQLite's `synchronous = NORMAL`, the durability hint is
 * relaxed, so an operating-system crash may lose the last saves.
 *
 * The pool's private keys are a second object store of CryptoKeys, which
 * IndexedDB keeps as opaque objects (a non-extractable key stays so:
 * https://w3c.github.io/webcrypto/#cryptokey-interface-clone).
 */
export class IndexedDbPersistence implements StorePersistence {
  readonly #name: string;
  readonly #factory: IDBFactory;
  #db: Promise<IDBDatabase> | undefined;

  constructor(name: string = STACK_DATABASE, factory: IDBFactory = indexedDB) {
    this.#name = name;
    this.#factory = factory;
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = this.#factory.open(this.#name, VERSION);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        // Version 1 kept private JWKs in its key records: a demo stack that old starts over from the seed.
        if (event.oldVersion < 2 && db.objectStoreNames.contains(ROWS)) db.deleteObjectStore(ROWS);
        if (!db.objectStoreNames.contains(ROWS)) db.createObjectStore(ROWS);
        if (!db.objectStoreNames.contains(PRIVATE_KEYS)) db.createObjectStore(PRIVATE_KEYS);
      };
      request.onsuccess = () => {
        const db = request.result;
        // A newer worker upgrading the database must not wait for this one.
        db.onversionchange = () => {
          db.close();
          this.#db = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error(`IndexedDB ${this.#name} could not be opened`));
    }).catch((error: unknown) => {
      this.#db = undefined;
      throw error;
    });
    return this.#db;
  }

  async load(): Promise<StoreSnapshot> {
    const db = await this.#open();
    const transaction = db.transaction(ROWS, 'readonly');
    const store = transaction.objectStore(ROWS);
    // getAllKeys and getAll list the same records in the same (key) order.
    const [allKeys, allValues] = await Promise.all([request(store.getAllKeys()), request(store.getAll()), done(transaction)]);
    const rows: StoreRow[] = [];
    allKeys.forEach((id, i) => {
      if (!Array.isArray(id) || typeof id[0] !== 'string' || typeof id[1] !== 'string') return;
      rows.push({ table: id[0], key: id[1], row: allValues[i] as StoreRowValue });
    });
    return { rows };
  }

  async save(changes: readonly StoreChange[]): Promise<void> {
    if (changes.length === 0) return;
    const db = await this.#open();
    const transaction = db.transaction([ROWS, PRIVATE_KEYS], 'readwrite', { durability: 'relaxed' });
    const store = transaction.objectStore(ROWS);
    for (const { table, key, row } of changes) {
      if (row === null) store.delete([table, key]);
      else store.put(row, [table, key]);
      // A key that left the pool (past its rotation grace) takes its private half with it.
      if (row === null && table === KEYS_TABLE) transaction.objectStore(PRIVATE_KEYS).delete(key);
    }
    await done(transaction);
  }

  async clear(): Promise<void> {
    const db = await this.#open();
    const transaction = db.transaction([ROWS, PRIVATE_KEYS], 'readwrite', { durability: 'relaxed' });
    transaction.objectStore(ROWS).clear();
    transaction.objectStore(PRIVATE_KEYS).clear();
    await done(transaction);
  }

  async putPrivateKey(kid: string, key: CryptoKey): Promise<void> {
    const db = await this.#open();
    const transaction = db.transaction(PRIVATE_KEYS, 'readwrite');
    transaction.objectStore(PRIVATE_KEYS).put(key, kid);
    await done(transaction);
  }

  async getPrivateKey(kid: string): Promise<CryptoKey | undefined> {
    const db = await this.#open();
    const transaction = db.transaction(PRIVATE_KEYS, 'readonly');
    const [key] = await Promise.all([request(transaction.objectStore(PRIVATE_KEYS).get(kid)), done(transaction)]);
    return key as CryptoKey | undefined;
  }

  /** Closes the connection; the next call opens it again. */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    (await db?.catch(() => undefined))?.close();
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Resolves when the transaction commits; rejects when it aborts or fails. */
function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}
