import Database from 'better-sqlite3';
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
} from './store.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pools (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clients (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keys (kid TEXT PRIMARY KEY, pool_id TEXT NOT NULL, created_at INTEGER NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  pool_id TEXT NOT NULL, username TEXT NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY (pool_id, username)
);
CREATE TABLE IF NOT EXISTS user_attributes (
  pool_id TEXT NOT NULL, username TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (pool_id, username, name)
);
CREATE INDEX IF NOT EXISTS user_attributes_by_value ON user_attributes (pool_id, name, value);
CREATE TABLE IF NOT EXISTS groups (
  pool_id TEXT NOT NULL, name TEXT NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY (pool_id, name)
);
CREATE TABLE IF NOT EXISTS memberships (
  pool_id TEXT NOT NULL, username TEXT NOT NULL, group_name TEXT NOT NULL,
  PRIMARY KEY (pool_id, username, group_name)
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, username TEXT NOT NULL, origin_jti TEXT NOT NULL UNIQUE,
  revoked_at INTEGER, record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (pool_id, username);
CREATE TABLE IF NOT EXISTS codes (
  pool_id TEXT NOT NULL, username TEXT NOT NULL, purpose TEXT NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY (pool_id, username, purpose)
);
CREATE TABLE IF NOT EXISTS mail (id INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL);
`;

/**
 * The user pool's store in one SQLite file. WAL mode with synchronous=NORMAL
 * keeps every committed transaction across a crash of the process (kill -9);
 * only an operating-system crash could lose the last few.
 */
export class SqliteUserPoolStore implements UserPoolStore {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  // Keys, clients and groups are read on every sign-in and change only
  // through admin calls, so their parsed rows are kept until they change.
  readonly #keys = new Map<string, KeyRecord[]>();
  readonly #clients = new Map<string, ClientRecord | undefined>();
  readonly #groups = new Map<string, GroupRecord[]>();

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('foreign_keys = ON');
    this.#db.exec(SCHEMA);
  }

  close(): void {
    this.#db.close();
  }

  /**
   * Deletes every record but the meta table's (the stack's own secret and
   * admin credentials), in one transaction: what a live reset to the seed
   * starts from. Mail ids go on from where they were, never reused.
   */
  clearRecords(): void {
    this.transaction(() => {
      for (const table of ['memberships', 'user_attributes', 'codes', 'sessions', 'users', 'groups', 'keys', 'clients', 'pools', 'mail'])
        this.#db.exec(`DELETE FROM ${table}`);
    });
    this.#keys.clear();
    this.#clients.clear();
    this.#groups.clear();
  }

  transaction<T>(work: () => T): T {
    try {
      return this.#db.transaction(work)();
    } catch (error) {
      // A rolled-back change must not survive in a cache.
      this.#keys.clear();
      this.#clients.clear();
      this.#groups.clear();
      throw error;
    }
  }

  #sql(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #one<T>(sql: string, ...params: unknown[]): T | undefined {
    const row = this.#sql(sql).get(...params) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as T) : undefined;
  }

  #all<T>(sql: string, ...params: unknown[]): T[] {
    return (this.#sql(sql).all(...params) as { record: string }[]).map((row) => JSON.parse(row.record) as T);
  }

  getMeta(key: string): string | undefined {
    return (this.#sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.#sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  getPool(id: string): PoolRecord | undefined {
    return this.#one('SELECT record FROM pools WHERE id = ?', id);
  }

  putPool(pool: PoolRecord): void {
    this.#sql('INSERT INTO pools (id, record) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record').run(pool.id, JSON.stringify(pool));
  }

  listPools(): PoolRecord[] {
    return this.#all('SELECT record FROM pools ORDER BY id');
  }

  getClient(id: string): ClientRecord | undefined {
    if (!this.#clients.has(id)) this.#clients.set(id, this.#one<ClientRecord>('SELECT record FROM clients WHERE id = ?', id));
    return this.#clients.get(id);
  }

  putClient(client: ClientRecord): void {
    this.#clients.delete(client.id);
    this.#sql('INSERT INTO clients (id, pool_id, record) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record').run(
      client.id,
      client.poolId,
      JSON.stringify(client),
    );
  }

  listClients(poolId: string): ClientRecord[] {
    return this.#all('SELECT record FROM clients WHERE pool_id = ? ORDER BY id', poolId);
  }

  listKeys(poolId: string): KeyRecord[] {
    let keys = this.#keys.get(poolId);
    if (!keys) {
      keys = this.#all<KeyRecord>('SELECT record FROM keys WHERE pool_id = ? ORDER BY created_at, kid', poolId);
      this.#keys.set(poolId, keys);
    }
    return keys;
  }

  putKey(key: KeyRecord): void {
    this.#keys.delete(key.poolId);
    this.#sql('INSERT INTO keys (kid, pool_id, created_at, record) VALUES (?, ?, ?, ?) ON CONFLICT (kid) DO UPDATE SET record = excluded.record').run(
      key.kid,
      key.poolId,
      key.createdAt,
      JSON.stringify(key),
    );
  }

  deleteKey(kid: string): void {
    this.#keys.clear();
    this.#sql('DELETE FROM keys WHERE kid = ?').run(kid);
  }

  getUser(poolId: string, username: string): UserRecord | undefined {
    return this.#one('SELECT record FROM users WHERE pool_id = ? AND username = ?', poolId, username);
  }

  findUsersByAttribute(poolId: string, name: string, value: string): UserRecord[] {
    return this.#all(
      `SELECT u.record FROM user_attributes a JOIN users u ON u.pool_id = a.pool_id AND u.username = a.username
       WHERE a.pool_id = ? AND a.name = ? AND a.value = ? ORDER BY u.username`,
      poolId,
      name,
      value,
    );
  }

  putUser(user: UserRecord): void {
    this.transaction(() => {
      this.#sql('INSERT INTO users (pool_id, username, record) VALUES (?, ?, ?) ON CONFLICT (pool_id, username) DO UPDATE SET record = excluded.record').run(
        user.poolId,
        user.username,
        JSON.stringify(user),
      );
      this.#sql('DELETE FROM user_attributes WHERE pool_id = ? AND username = ?').run(user.poolId, user.username);
      const insert = this.#sql('INSERT INTO user_attributes (pool_id, username, name, value) VALUES (?, ?, ?, ?)');
      for (const [name, value] of Object.entries(user.attributes)) insert.run(user.poolId, user.username, name, value);
    });
  }

  deleteUser(poolId: string, username: string): void {
    this.transaction(() => {
      for (const table of ['users', 'user_attributes', 'memberships', 'codes']) {
        this.#sql(`DELETE FROM ${table} WHERE pool_id = ? AND username = ?`).run(poolId, username);
      }
    });
  }

  listUsers(poolId: string, limit: number, afterUsername = ''): UserRecord[] {
    return this.#all('SELECT record FROM users WHERE pool_id = ? AND username > ? ORDER BY username LIMIT ?', poolId, afterUsername, limit);
  }

  getGroup(poolId: string, name: string): GroupRecord | undefined {
    return this.#one('SELECT record FROM groups WHERE pool_id = ? AND name = ?', poolId, name);
  }

  putGroup(group: GroupRecord): void {
    this.#groups.delete(group.poolId);
    this.#sql('INSERT INTO groups (pool_id, name, record) VALUES (?, ?, ?) ON CONFLICT (pool_id, name) DO UPDATE SET record = excluded.record').run(
      group.poolId,
      group.name,
      JSON.stringify(group),
    );
  }

  listGroups(poolId: string): GroupRecord[] {
    let groups = this.#groups.get(poolId);
    if (!groups) {
      groups = this.#all<GroupRecord>('SELECT record FROM groups WHERE pool_id = ? ORDER BY name', poolId);
      this.#groups.set(poolId, groups);
    }
    return groups;
  }

  addUserToGroup(poolId: string, username: string, group: string): void {
    this.#sql('INSERT OR IGNORE INTO memberships (pool_id, username, group_name) VALUES (?, ?, ?)').run(poolId, username, group);
  }

  removeUserFromGroup(poolId: string, username: string, group: string): void {
    this.#sql('DELETE FROM memberships WHERE pool_id = ? AND username = ? AND group_name = ?').run(poolId, username, group);
  }

  groupsOfUser(poolId: string, username: string): string[] {
    const names = new Set(
      (this.#sql('SELECT group_name FROM memberships WHERE pool_id = ? AND username = ?').all(poolId, username) as { group_name: string }[]).map(
        (row) => row.group_name,
      ),
    );
    if (names.size === 0) return [];
    return this.listGroups(poolId)
      .filter((group) => names.has(group.name))
      .sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name))
      .map((group) => group.name);
  }

  getSession(id: string): SessionRecord | undefined {
    return this.#one('SELECT record FROM sessions WHERE id = ?', id);
  }

  findSessionByOrigin(originJti: string): SessionRecord | undefined {
    return this.#one('SELECT record FROM sessions WHERE origin_jti = ?', originJti);
  }

  putSession(session: SessionRecord): void {
    this.#sql(
      `INSERT INTO sessions (id, pool_id, username, origin_jti, revoked_at, record) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at, record = excluded.record`,
    ).run(session.id, session.poolId, session.username, session.originJti, session.revokedAt, JSON.stringify(session));
  }

  revokeSession(id: string, at: number): void {
    const session = this.getSession(id);
    if (session && session.revokedAt === null) this.putSession({ ...session, revokedAt: at });
  }

  revokeSessionsOfUser(poolId: string, username: string, at: number): void {
    this.transaction(() => {
      const live = this.#all<SessionRecord>('SELECT record FROM sessions WHERE pool_id = ? AND username = ? AND revoked_at IS NULL', poolId, username);
      for (const session of live) this.putSession({ ...session, revokedAt: at });
    });
  }

  getCode(poolId: string, username: string, purpose: CodePurpose): CodeRecord | undefined {
    return this.#one('SELECT record FROM codes WHERE pool_id = ? AND username = ? AND purpose = ?', poolId, username, purpose);
  }

  putCode(code: CodeRecord): void {
    this.#sql(
      'INSERT INTO codes (pool_id, username, purpose, record) VALUES (?, ?, ?, ?) ON CONFLICT (pool_id, username, purpose) DO UPDATE SET record = excluded.record',
    ).run(code.poolId, code.username, code.purpose, JSON.stringify(code));
  }

  deleteCode(poolId: string, username: string, purpose: CodePurpose): void {
    this.#sql('DELETE FROM codes WHERE pool_id = ? AND username = ? AND purpose = ?').run(poolId, username, purpose);
  }

  addMail(mail: Omit<MailRecord, 'id'>): MailRecord {
    const { lastInsertRowid } = this.#sql('INSERT INTO mail (record) VALUES (?)').run(JSON.stringify(mail));
    const id = Number(lastInsertRowid);
    return { id, ...mail };
  }

  pruneMail(keep: number): void {
    this.#sql('DELETE FROM mail WHERE id <= (SELECT MAX(id) FROM mail) - ?').run(keep);
  }

  listMail(afterId: number, limit: number): MailRecord[] {
    const rows = this.#sql('SELECT id, record FROM mail WHERE id > ? ORDER BY id LIMIT ?').all(afterId, limit) as { id: number; record: string }[];
    return rows.map((row) => ({ ...(JSON.parse(row.record) as Omit<MailRecord, 'id'>), id: row.id }));
  }
}
