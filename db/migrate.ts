import { checkpointTruncate, type DB, isBusyError, writeTransaction } from "./client";
import { MIGRATIONS, type Migration } from "./migrations";

/**
 * Applies pending migrations; returns the ids it applied. Call once at server start.
 * Ids need not be consecutive: each is applied once, in order of id. When one
 * that asks for it (`vacuum`) was applied, the file is rebuilt (VACUUM) and
 * its WAL emptied, so nothing deleted before is left on disk
 * (docs/decisions/016-erased-on-disk.md); a database busy with another
 * process skips that, never fails on it.
 */
export function migrate(db: DB, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  const done = new Set(
    (db.prepare("SELECT id FROM schema_migrations").all() as { id: number }[]).map((r) => r.id),
  );
  const applied: number[] = [];
  let vacuum = false;
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (done.has(m.id)) continue;
    writeTransaction(db, () => {
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (id, name) VALUES (?, ?)").run(m.id, m.name);
    });
    applied.push(m.id);
    vacuum ||= m.vacuum === true;
  }
  if (vacuum && !db.memory && !db.inTransaction) {
    try {
      db.exec("VACUUM");
      checkpointTruncate(db);
    } catch (error) {
      if (!isBusyError(error)) throw error;
    }
  }
  return applied;
}
