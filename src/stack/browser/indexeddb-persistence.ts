import type { StoreChange, StorePersistence, StoreRow, StoreRowValue, StoreSnapshot } from './persistence.ts';

/** The database the stack's worker keeps its pool in, one per origin. */
export const STACK_DATABASE = 'token-trail-stack';
const VERSION = 1;
/** One object store of every row, keyed `[table, key]`. */
const ROWS = 'rows';

/**
 * The in-browser pool's records in IndexedDB: one object store of rows keyed
 * by `[table, key]`, loaded whole when the worker starts, and written by one
 * transaction per save. A transaction's `complete` means the browser has
 * committed it, so it survives the worker (or the whole browser) being
 * stopped; like SQLite's `synchronous = NORMAL`, the durability hint is
 * relaxed, so an operating-system crash may lose the last saves.
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
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(ROWS)) db.createObjectStore(ROWS);
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
    const transaction = db.transaction(ROWS, 'readwrite', { durability: 'relaxed' });
    const store = transaction.objectStore(ROWS);
    for (const { table, key, row } of changes) {
      if (row === null) store.delete([table, key]);
      else store.put(row, [table, key]);
    }
    await done(transaction);
  }

  async clear(): Promise<void> {
    const db = await this.#open();
    const transaction = db.transaction(ROWS, 'readwrite', { durability: 'relaxed' });
    transaction.objectStore(ROWS).clear();
    await done(transaction);
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
