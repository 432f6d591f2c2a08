import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * The data folder holds the admin credentials (stack.json) and the pool's
 * private signing keys (userpool.sqlite): only the user who runs the stack
 * may read them. Modes are set on every start, so a folder made by an older
 * version, or by hand, is tightened too.
 */
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR });
  chmodSync(path, PRIVATE_DIR);
}

/** Makes a file private, creating it empty when missing, so that whatever opens it next (SQLite) never finds it readable by others. */
export function privateFile(path: string): void {
  writeFileSync(path, '', { flag: 'a', mode: PRIVATE_FILE });
  chmodSync(path, PRIVATE_FILE);
}

/** Makes the files that exist private; SQLite's WAL and shared-memory files come and go. */
export function privateIfPresent(paths: readonly string[]): void {
  for (const path of paths) if (existsSync(path)) chmodSync(path, PRIVATE_FILE);
}

/** Writes a private file in one step: a reader sees the old file or the new one, never half of one. */
export function writePrivateFile(path: string, content: string): void {
  const temporary = `${path}.tmp`;
  rmSync(temporary, { force: true });
  writeFileSync(temporary, content, { mode: PRIVATE_FILE });
  renameSync(temporary, path);
}
