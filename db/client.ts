import Database from "better-sqlite3";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

export type DB = Database.Database;

/** Files that hold personal data (database, WAL, backups, saved emails) are readable by the server's own user only. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;

/**
 * From now on, every file and folder this process creates is its user's only
 * (umask 077): SQLite's own -wal, -shm and temporary files included. Worker
 * threads cannot change the umask; there the explicit modes below still hold.
 */
export function keepFilesPrivate(): void {
  try {
    const previous = process.umask(0o077);
    process.umask(previous | 0o077);
  } catch {
    // Not allowed in a worker thread.
  }
}

/** Sets a file's or folder's mode; a file that is not there, or not ours to change, is left as it is. */
export function tightenMode(p: string, mode: number): void {
  try {
    chmodSync(p, mode);
  } catch {
    // Missing, or owned by someone else: nothing this process can do about it.
  }
}

/** Makes `file` (empty, mode 0600) unless it exists, then makes sure its mode is 0600. */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
  tightenMode(file, PRIVATE_FILE_MODE);
}

/** Creates a folder (and its parents) 0700; an existing one is left as it is. */
export function makePrivateFolder(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
}

/**
 * Opens (creating if needed) the one SQLite file, in WAL mode. Runs no migrations.
 *
 * The file, its -wal and -shm are 0600 (SQLite gives the -wal and -shm the
 * main file's mode), a new folder for it 0700. `secure_delete` is on for every
 * connection: what a change deletes or overwrites is overwritten with zeros in
 * the file, not left in free space (docs/decisions/016-erased-on-disk.md).
 *
 * `db.prepare(sql)` hands back the same statement for the same SQL text, so a
 * query written inline costs its compilation once per connection, not once per
 * request. Statements are only ever used with `get`, `all` and `run` here;
 * modes such as `pluck()` or `raw()` would stick to the shared statement, so
 * they are not used.
 */
export function openDatabase(path: string): DB {
  if (path !== ":memory:") {
    keepFilesPrivate();
    makePrivateFolder(dirname(path));
    createPrivateFile(path);
    for (const suffix of ["-wal", "-shm"]) tightenMode(path + suffix, PRIVATE_FILE_MODE);
  }
  const db = new Database(path);
  db.pragma("secure_delete = ON");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }) as DB["prepare"];
  return db;
}

/** How long one statement waits for another process's write lock before SQLite gives up. */
export const BUSY_TIMEOUT_MS = 5_000;
/** Further whole attempts at a transaction that still met a busy database. */
const BUSY_RETRIES = 5;

export const isBusyError = (error: unknown): boolean =>
  error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("SQLITE_BUSY");

/** Sleeps the thread without spinning: the retry must not let other requests in half-way through a change. */
function pause(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The one way to change the database in more than one statement: runs `fn`
 * in a transaction that begins IMMEDIATE, so it takes the write lock before
 * it reads (a DEFERRED one that reads, then writes, fails with SQLITE_BUSY
 * under a concurrent writer, and `busy_timeout` cannot save it). Should the
 * lock still not come within the busy timeout, the whole transaction is tried
 * again a few times before the error goes up. Inside another transaction it
 * runs as a savepoint of that one.
 */
export function writeTransaction<T>(db: DB, fn: () => T): T {
  const run = db.transaction(fn).immediate;
  if (db.inTransaction) return run();
  for (let attempt = 0; ; attempt++) {
    try {
      return run();
    } catch (error) {
      if (!isBusyError(error) || attempt >= BUSY_RETRIES) throw error;
      pause(20 * 2 ** attempt + Math.random() * 20);
    }
  }
}

/** Tries of a checkpoint that found the database busy, and the first pause between them (doubling). */
const CHECKPOINT_TRIES = 8;
const CHECKPOINT_PAUSE_MS = 5;
/** How long one checkpoint attempt may wait for a lock, instead of the usual busy timeout. */
const CHECKPOINT_BUSY_TIMEOUT_MS = 50;

export interface CheckpointResult {
  /** The WAL was copied into the database file and emptied (truncated to 0 bytes). */
  done: boolean;
  tries: number;
}

/**
 * Copies the WAL into the database file and truncates it to nothing
 * (`PRAGMA wal_checkpoint(TRUNCATE)`), so that the old copies of pages a
 * change replaced, which the WAL still holds, leave the disk. Another
 * process reading or writing at that moment makes it report busy: then it is
 * tried again a few times after a short pause (under a second in all).
 * Never throws: a checkpoint that could not finish is reported, and SQLite's
 * own checkpoints finish the job later.
 */
export function checkpointTruncate(db: DB): CheckpointResult {
  if (db.memory || db.inTransaction) return { done: false, tries: 0 };
  const busyTimeout = db.pragma("busy_timeout", { simple: true }) as number;
  let tries = 0;
  try {
    db.pragma(`busy_timeout = ${CHECKPOINT_BUSY_TIMEOUT_MS}`);
    for (; tries < CHECKPOINT_TRIES; ) {
      tries++;
      try {
        const [row] = db.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number; log: number; checkpointed: number }>;
        if (row && row.busy === 0) return { done: true, tries };
      } catch (error) {
        if (!isBusyError(error)) return { done: false, tries };
      }
      if (tries < CHECKPOINT_TRIES) pause(CHECKPOINT_PAUSE_MS * 2 ** (tries - 1));
    }
    return { done: false, tries };
  } catch {
    return { done: false, tries };
  } finally {
    try {
      db.pragma(`busy_timeout = ${busyTimeout}`);
    } catch {
      // The connection was closed meanwhile.
    }
  }
}
