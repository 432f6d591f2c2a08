import type {
  ClientRecord,
  CodePurpose,
  CodeRecord,
  GroupRecord,
  KeyRecord,
  MailRecord,
  PoolRecord,
  SessionRecord,
  UserPoolStore,
  UserRecord,
} from '../userpool/store.ts';
import type { StoreChange, StoreRowValue, StoreSnapshot } from './persistence.ts';

/**
 * The tables, with the columns SqliteUserPoolStore keeps beside each record.
 * A column is written when its row is first inserted and, as SQLite's
 * `ON CONFLICT … DO UPDATE SET record = …` does, left as it was when the
 * row is replaced (only `sessions.revokedAt` is updated).
 */
interface Rows {
  meta: { value: string };
  pools: { record: string };
  clients: { poolId: string; record: string };
  keys: { poolId: string; createdAt: number; record: string };
  users: { poolId: string; username: string; record: string; attributes: string };
  groups: { poolId: string; name: string; record: string };
  memberships: { poolId: string; username: string; group: string };
  sessions: { poolId: string; username: string; originJti: string; revokedAt: number | null; record: string };
  codes: { poolId: string; username: string; purpose: string; record: string };
  mail: { id: number; record: string };
  /** SQLite's sqlite_sequence: the largest mail id ever given, so that ids are never reused. */
  sequences: { value: number };
}

type TableName = keyof Rows;

const key = (...parts: readonly (string | number)[]) => JSON.stringify(parts);

/**
 * The order of SQLite's BINARY collation, which compares UTF-8 bytes, that is
 * code points. JavaScript compares UTF-16 code units, which differs only
 * when a surrogate (an astral character) meets U+E000 to U+FFFF: the
 * surrogates are moved above those.
 */
export function compareBinary(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** One table: rows by key, with secondary indexes that list the keys of the rows under an index value. */
class Table<R extends StoreRowValue> {
  readonly rows = new Map<string, R>();
  /** Bumped on every write, so that parsed-record caches know when they are stale. */
  version = 0;
  readonly #indexes = new Map<string, Map<string, Set<string>>>();
  readonly name: TableName;
  readonly #indexers: Readonly<Record<string, (row: R) => readonly string[]>>;
  readonly #written: (table: Table<R>, key: string, previous: R | undefined) => void;

  constructor(
    name: TableName,
    indexers: Readonly<Record<string, (row: R) => readonly string[]>>,
    written: (table: Table<StoreRowValue>, key: string, previous: StoreRowValue | undefined) => void,
  ) {
    this.name = name;
    this.#indexers = indexers;
    this.#written = written as unknown as (table: Table<R>, key: string, previous: R | undefined) => void;
    for (const index of Object.keys(indexers)) this.#indexes.set(index, new Map());
  }

  get(key: string): R | undefined {
    return this.rows.get(key);
  }

  set(key: string, row: R): void {
    this.#written(this, key, this.rows.get(key));
    this.restore(key, row);
  }

  delete(key: string): void {
    if (!this.rows.has(key)) return;
    this.#written(this, key, this.rows.get(key));
    this.restore(key, undefined);
  }

  /** Puts a row back (or removes it) without recording the write: for loading and rolling back. */
  restore(key: string, row: R | undefined): void {
    const previous = this.rows.get(key);
    if (previous) this.#unindex(key, previous);
    if (row === undefined) this.rows.delete(key);
    else {
      this.rows.set(key, row);
      this.#index(key, row);
    }
    this.version += 1;
  }

  /** Keys of the rows an index lists under `value`. */
  keysBy(index: string, value: string): string[] {
    return [...(this.#indexes.get(index)?.get(value) ?? [])];
  }

  /** Rows an index lists under `value`. */
  rowsBy(index: string, value: string): R[] {
    return this.keysBy(index, value).map((k) => this.rows.get(k)!);
  }

  clear(): void {
    this.rows.clear();
    for (const index of this.#indexes.values()) index.clear();
    this.version += 1;
  }

  #index(key: string, row: R): void {
    for (const [name, indexer] of Object.entries(this.#indexers)) {
      const index = this.#indexes.get(name)!;
      for (const value of indexer(row)) {
        const keys = index.get(value) ?? new Set();
        index.set(value, keys.add(key));
      }
    }
  }

  #unindex(key: string, row: R): void {
    for (const [name, indexer] of Object.entries(this.#indexers)) {
      const index = this.#indexes.get(name)!;
      for (const value of indexer(row)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}

interface Undo {
  table: Table<StoreRowValue>;
  key: string;
  previous: StoreRowValue | undefined;
}

/**
 * The user pool's store in memory, for the stack in a Service Worker: the
 * same tables, answers and orderings as SqliteUserPoolStore (a shared
 * contract suite runs against both), synchronous like it, with
 * transactions that roll back when their work throws, nested ones as
 * savepoints.
 *
 * Persistence stays outside: the store starts from a snapshot, and records
 * which rows each write touched; `takeChanges()` hands over the rows changed
 * since the last call, for the worker to save before it answers.
 */
export class MemoryUserPoolStore implements UserPoolStore {
  readonly #undo: Undo[] = [];
  #depth = 0;
  readonly #dirty = new Map<Table<StoreRowValue>, Set<string>>();
  readonly #written = (table: Table<StoreRowValue>, key: string, previous: StoreRowValue | undefined) => {
    if (this.#depth > 0) this.#undo.push({ table, key, previous });
    this.#markDirty(table, key);
  };

  readonly #meta = this.#table('meta', {});
  readonly #pools = this.#table('pools', {});
  readonly #clients = this.#table('clients', { pool: (row) => [row.poolId] });
  readonly #keys = this.#table('keys', { pool: (row) => [row.poolId] });
  readonly #users = this.#table('users', {
    pool: (row) => [row.poolId],
    // What SQLite's user_attributes table holds: one entry per attribute.
    attribute: (row) => (JSON.parse(row.attributes) as [string, string][]).map(([name, value]) => key(row.poolId, name, value)),
  });
  readonly #groups = this.#table('groups', { pool: (row) => [row.poolId] });
  readonly #memberships = this.#table('memberships', { user: (row) => [key(row.poolId, row.username)] });
  readonly #sessions = this.#table('sessions', { origin: (row) => [row.originJti], user: (row) => [key(row.poolId, row.username)] });
  readonly #codes = this.#table('codes', { user: (row) => [key(row.poolId, row.username)] });
  readonly #mail = this.#table('mail', {});
  readonly #sequences = this.#table('sequences', {});
  readonly #tables: ReadonlyMap<string, Table<StoreRowValue>>;

  // Parsed records read on every sign-in, kept until their table changes, as SqliteUserPoolStore keeps them.
  readonly #keyCache = new Map<string, KeyRecord[]>();
  #keyCacheVersion = -1;
  readonly #groupCache = new Map<string, GroupRecord[]>();
  #groupCacheVersion = -1;
  readonly #clientCache = new Map<string, ClientRecord | undefined>();
  #clientCacheVersion = -1;

  constructor(snapshot: StoreSnapshot = { rows: [] }) {
    this.#tables = new Map(
      [
        this.#meta,
        this.#pools,
        this.#clients,
        this.#keys,
        this.#users,
        this.#groups,
        this.#memberships,
        this.#sessions,
        this.#codes,
        this.#mail,
        this.#sequences,
      ].map((table) => [table.name, table as unknown as Table<StoreRowValue>]),
    );
    // Tables a later version may add are left alone.
    for (const { table, key: rowKey, row } of snapshot.rows) this.#tables.get(table)?.restore(rowKey, row);
  }

  #table<T extends TableName>(name: T, indexers: Readonly<Record<string, (row: Rows[T]) => readonly string[]>>): Table<Rows[T]> {
    return new Table<Rows[T]>(name, indexers, this.#written);
  }

  // ---- persistence -------------------------------------------------------

  /** Every row, for a snapshot or a test. */
  snapshot(): StoreSnapshot {
    const rows: StoreSnapshot['rows'] = [];
    for (const table of this.#tables.values()) for (const [rowKey, row] of table.rows) rows.push({ table: table.name, key: rowKey, row });
    return { rows };
  }

  /** The rows written or deleted since the last call, as they are now; outside a transaction only. */
  takeChanges(): StoreChange[] {
    if (this.#depth > 0) throw new Error('Changes cannot be taken inside a transaction.');
    const changes: StoreChange[] = [];
    for (const [table, keys] of this.#dirty) for (const rowKey of keys) changes.push({ table: table.name, key: rowKey, row: table.get(rowKey) ?? null });
    this.#dirty.clear();
    return changes;
  }

  /** Takes changes back that could not be saved: their rows are saved, as they are then, by the next `takeChanges`. */
  restoreChanges(changes: readonly StoreChange[]): void {
    for (const change of changes) {
      const table = this.#tables.get(change.table);
      if (table) this.#markDirty(table, change.key);
    }
  }

  /** Whether rows changed since the last `takeChanges`. */
  get changed(): boolean {
    return this.#dirty.size > 0;
  }

  #markDirty(table: Table<StoreRowValue>, rowKey: string): void {
    const keys = this.#dirty.get(table) ?? new Set();
    this.#dirty.set(table, keys.add(rowKey));
  }

  // ---- transactions ------------------------------------------------------

  transaction<T>(work: () => T): T {
    const savepoint = this.#undo.length;
    this.#depth += 1;
    let result: T;
    try {
      result = work();
      // better-sqlite3 refuses an async transaction: its awaits would run outside it.
      if (typeof (result as { then?: unknown } | null)?.then === 'function') throw new TypeError('Transaction function cannot return a promise');
    } catch (error) {
      this.#rollBackTo(savepoint);
      throw error;
    } finally {
      this.#depth -= 1;
    }
    if (this.#depth === 0) this.#undo.length = 0;
    return result;
  }

  #rollBackTo(savepoint: number): void {
    while (this.#undo.length > savepoint) {
      const { table, key: rowKey, previous } = this.#undo.pop()!;
      table.restore(rowKey, previous);
      this.#markDirty(table, rowKey);
    }
  }

  // ---- meta, pools, clients, keys ----------------------------------------

  getMeta(name: string): string | undefined {
    return this.#meta.get(name)?.value;
  }

  setMeta(name: string, value: string): void {
    requireText(value, 'meta.value');
    this.#meta.set(name, { value });
  }

  getPool(id: string): PoolRecord | undefined {
    return parse(this.#pools.get(id));
  }

  putPool(pool: PoolRecord): void {
    this.#pools.set(pool.id, { record: JSON.stringify(pool) });
  }

  listPools(): PoolRecord[] {
    return [...this.#pools.rows.entries()].sort(([a], [b]) => compareBinary(a, b)).map(([, row]) => parse<PoolRecord>(row)!);
  }

  getClient(id: string): ClientRecord | undefined {
    if (this.#clientCacheVersion !== this.#clients.version) {
      this.#clientCache.clear();
      this.#clientCacheVersion = this.#clients.version;
    }
    if (!this.#clientCache.has(id)) this.#clientCache.set(id, parse(this.#clients.get(id)));
    return this.#clientCache.get(id);
  }

  putClient(client: ClientRecord): void {
    const existing = this.#clients.get(client.id);
    this.#clients.set(client.id, { poolId: existing?.poolId ?? client.poolId, record: JSON.stringify(client) });
  }

  listClients(poolId: string): ClientRecord[] {
    return this.#clients
      .keysBy('pool', poolId)
      .sort(compareBinary)
      .map((id) => parse<ClientRecord>(this.#clients.get(id))!);
  }

  listKeys(poolId: string): KeyRecord[] {
    if (this.#keyCacheVersion !== this.#keys.version) {
      this.#keyCache.clear();
      this.#keyCacheVersion = this.#keys.version;
    }
    let keys = this.#keyCache.get(poolId);
    if (!keys) {
      keys = this.#keys
        .keysBy('pool', poolId)
        .map((kid) => ({ kid, row: this.#keys.get(kid)! }))
        .sort((a, b) => a.row.createdAt - b.row.createdAt || compareBinary(a.kid, b.kid))
        .map(({ row }) => parse<KeyRecord>(row)!);
      this.#keyCache.set(poolId, keys);
    }
    return keys;
  }

  putKey(record: KeyRecord): void {
    const existing = this.#keys.get(record.kid);
    this.#keys.set(record.kid, {
      poolId: existing?.poolId ?? record.poolId,
      createdAt: existing?.createdAt ?? record.createdAt,
      record: JSON.stringify(record),
    });
  }

  deleteKey(kid: string): void {
    this.#keys.delete(kid);
  }

  // ---- users and groups --------------------------------------------------

  getUser(poolId: string, username: string): UserRecord | undefined {
    return parse(this.#users.get(key(poolId, username)));
  }

  findUsersByAttribute(poolId: string, name: string, value: string): UserRecord[] {
    return this.#users
      .rowsBy('attribute', key(poolId, name, value))
      .sort((a, b) => compareBinary(a.username, b.username))
      .map((row) => parse<UserRecord>(row)!);
  }

  putUser(user: UserRecord): void {
    // user_attributes.value is TEXT NOT NULL: SQLite refuses a missing value, and stores a number as its text.
    const attributes = Object.entries(user.attributes).map(([name, value]): [string, string] => {
      if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`NOT NULL constraint failed: user_attributes.value (${name})`);
      return [name, String(value)];
    });
    this.#users.set(key(user.poolId, user.username), {
      poolId: user.poolId,
      username: user.username,
      record: JSON.stringify(user),
      attributes: JSON.stringify(attributes),
    });
  }

  deleteUser(poolId: string, username: string): void {
    this.transaction(() => {
      const user = key(poolId, username);
      this.#users.delete(user);
      for (const membership of this.#memberships.keysBy('user', user)) this.#memberships.delete(membership);
      for (const code of this.#codes.keysBy('user', user)) this.#codes.delete(code);
    });
  }

  listUsers(poolId: string, limit: number, afterUsername = ''): UserRecord[] {
    const rows = this.#users
      .rowsBy('pool', poolId)
      .filter((row) => compareBinary(row.username, afterUsername) > 0)
      .sort((a, b) => compareBinary(a.username, b.username));
    return limited(rows, limit).map((row) => parse<UserRecord>(row)!);
  }

  getGroup(poolId: string, name: string): GroupRecord | undefined {
    return parse(this.#groups.get(key(poolId, name)));
  }

  putGroup(group: GroupRecord): void {
    this.#groups.set(key(group.poolId, group.name), { poolId: group.poolId, name: group.name, record: JSON.stringify(group) });
  }

  listGroups(poolId: string): GroupRecord[] {
    if (this.#groupCacheVersion !== this.#groups.version) {
      this.#groupCache.clear();
      this.#groupCacheVersion = this.#groups.version;
    }
    let groups = this.#groupCache.get(poolId);
    if (!groups) {
      groups = this.#groups
        .rowsBy('pool', poolId)
        .sort((a, b) => compareBinary(a.name, b.name))
        .map((row) => parse<GroupRecord>(row)!);
      this.#groupCache.set(poolId, groups);
    }
    return groups;
  }

  addUserToGroup(poolId: string, username: string, group: string): void {
    const membership = key(poolId, username, group);
    if (!this.#memberships.get(membership)) this.#memberships.set(membership, { poolId, username, group });
  }

  removeUserFromGroup(poolId: string, username: string, group: string): void {
    this.#memberships.delete(key(poolId, username, group));
  }

  groupsOfUser(poolId: string, username: string): string[] {
    const names = new Set(this.#memberships.rowsBy('user', key(poolId, username)).map((row) => row.group));
    if (names.size === 0) return [];
    return this.listGroups(poolId)
      .filter((group) => names.has(group.name))
      .sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name))
      .map((group) => group.name);
  }

  // ---- sessions ----------------------------------------------------------

  getSession(id: string): SessionRecord | undefined {
    return parse(this.#sessions.get(id));
  }

  findSessionByOrigin(originJti: string): SessionRecord | undefined {
    const [id] = this.#sessions.keysBy('origin', originJti);
    return id === undefined ? undefined : parse(this.#sessions.get(id));
  }

  putSession(session: SessionRecord): void {
    const existing = this.#sessions.get(session.id);
    const record = JSON.stringify(session);
    if (existing) {
      this.#sessions.set(session.id, { ...existing, revokedAt: session.revokedAt, record });
      return;
    }
    if (this.#sessions.keysBy('origin', session.originJti).length > 0) throw new Error('UNIQUE constraint failed: sessions.origin_jti');
    this.#sessions.set(session.id, { poolId: session.poolId, username: session.username, originJti: session.originJti, revokedAt: session.revokedAt, record });
  }

  revokeSession(id: string, at: number): void {
    const session = this.getSession(id);
    if (session && session.revokedAt === null) this.putSession({ ...session, revokedAt: at });
  }

  revokeSessionsOfUser(poolId: string, username: string, at: number): void {
    this.transaction(() => {
      const live = this.#sessions.rowsBy('user', key(poolId, username)).filter((row) => row.revokedAt === null);
      for (const row of live) this.putSession({ ...parse<SessionRecord>(row)!, revokedAt: at });
    });
  }

  // ---- codes -------------------------------------------------------------

  getCode(poolId: string, username: string, purpose: CodePurpose): CodeRecord | undefined {
    return parse(this.#codes.get(key(poolId, username, purpose)));
  }

  putCode(code: CodeRecord): void {
    this.#codes.set(key(code.poolId, code.username, code.purpose), {
      poolId: code.poolId,
      username: code.username,
      purpose: code.purpose,
      record: JSON.stringify(code),
    });
  }

  deleteCode(poolId: string, username: string, purpose: CodePurpose): void {
    this.#codes.delete(key(poolId, username, purpose));
  }

  // ---- mail --------------------------------------------------------------

  addMail(mail: Omit<MailRecord, 'id'>): MailRecord {
    // AUTOINCREMENT: one past the largest id there ever was, deleted or not.
    const id = Math.max(this.#sequences.get('mail')?.value ?? 0, this.#largestMailId() ?? 0) + 1;
    this.transaction(() => {
      this.#sequences.set('mail', { value: id });
      this.#mail.set(String(id), { id, record: JSON.stringify(mail) });
    });
    return { id, ...mail };
  }

  listMail(afterId: number, limit: number): MailRecord[] {
    const rows = [...this.#mail.rows.values()].filter((row) => row.id > afterId).sort((a, b) => a.id - b.id);
    return limited(rows, limit).map((row) => ({ ...(JSON.parse(row.record) as Omit<MailRecord, 'id'>), id: row.id }));
  }

  pruneMail(keep: number): void {
    const largest = this.#largestMailId();
    if (largest === undefined) return;
    for (const row of [...this.#mail.rows.values()]) if (row.id <= largest - keep) this.#mail.delete(String(row.id));
  }

  #largestMailId(): number | undefined {
    let largest: number | undefined;
    for (const row of this.#mail.rows.values()) if (largest === undefined || row.id > largest) largest = row.id;
    return largest;
  }
}

function parse<T>(row: { record: string } | undefined): T | undefined {
  return row ? (JSON.parse(row.record) as T) : undefined;
}

/** SQLite's LIMIT: a negative limit means none, and a limit must be an integer. */
function limited<T>(rows: T[], limit: number): T[] {
  if (!Number.isInteger(limit)) throw new TypeError('datatype mismatch');
  return limit < 0 ? rows : rows.slice(0, limit);
}

function requireText(value: unknown, column: string): void {
  if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`NOT NULL constraint failed: ${column}`);
}
