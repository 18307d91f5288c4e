/**
 * One seeded database per test run, copied for every test server.
 *
 * A server started on an empty file migrates it, loads the gazetteer and
 * seeds the demo groups and accounts before it answers; every test file's
 * server did that afresh. The global setup does it once, into a template
 * file, with the same functions server/index.ts runs at start, and
 * `startServer` copies the template for each server (tests/support/server.ts,
 * TEMPLATE_DATABASE_ENV).
 * The server still runs all of it at start: on a copy, migrations find
 * nothing to apply, the gazetteer's version matches, and the seeds find
 * their "seeded at" settings and add nothing. What the server makes for
 * itself at start (its session secret, the outbox worker's jobs) is not in
 * the template, so each server still has its own.
 */
import { existsSync } from "node:fs";
import { checkpointTruncate, openDatabase } from "../../db/client";
import { loadGazetteer } from "../../db/gazetteer";
import { migrate } from "../../db/migrate";
import { seedDemoAccounts, seedDemoData } from "../../db/seed";

/** Migrates, loads and seeds a new SQLite file at `file`, and leaves it as one file (WAL checkpointed and closed). */
export function buildTemplateDatabase(file: string): void {
  // openDatabase narrows the process's umask for the server's files; this process is the test runner's.
  const umask = process.umask();
  const db = openDatabase(file);
  try {
    migrate(db);
    loadGazetteer(db);
    seedDemoData(db);
    seedDemoAccounts(db);
    if (!checkpointTruncate(db).done) throw new Error(`could not checkpoint the template database ${file}`);
  } finally {
    db.close();
    process.umask(umask);
  }
  for (const suffix of ["-wal", "-shm"]) {
    if (existsSync(file + suffix)) throw new Error(`the template database left ${file + suffix} behind`);
  }
}

