import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

export type DB = Database.Database;

/**
 * Opens (creating if needed) the one SQLite file, in WAL mode. Runs no migrations.
 *
 * `db.prepare(sql)` hands back the same statement for the same SQL text, so a
 * query written inline costs its compilation once per connection, not once per
 * request. Statements are only ever used with `get`, `all` and `run` here;
 * modes such as `pluck()` or `raw()` would stick to the shared statement, so
 * they are not used.
 */
export function openDatabase(path: string): DB {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
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
