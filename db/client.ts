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
  db.pragma("busy_timeout = 5000");
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
