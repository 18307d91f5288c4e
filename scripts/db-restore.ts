/**
 * Restores the database from a backup:  npm run db:restore -- <backup file>
 *
 * STOP THE SERVER FIRST. Run it with the server's settings (DATABASE_PATH,
 * BACKUP_DIR). It checks the backup (`PRAGMA integrity_check`), refuses while
 * the database is in use, saves the database it replaces as one more backup in
 * BACKUP_DIR, then puts the backup in its place (see restoreBackup in
 * db/backup.ts). Emails the backup still had to send are held, not sent:
 * staff send or discard them at /staff/outbox. Start the server again
 * afterwards.
 */
import path from "node:path";
import { BackupError, defaultBackupDir, restoreBackup } from "../db/backup";
import { keepFilesPrivate } from "../db/client";
import { parseEnv } from "../app/utils/env.server";

const [backupFile, ...extra] = process.argv.slice(2);
if (!backupFile || extra.length) {
  console.error("Usage: npm run db:restore -- <backup file>   (stop the server first)");
  process.exit(2);
}

let env;
try {
  env = parseEnv();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const databasePath = path.resolve(env.DATABASE_PATH);
const dir = path.resolve(env.BACKUP_DIR ?? defaultBackupDir(databasePath));
// The restored database and the saved copy of the one it replaces: 0600, like every file the server makes.
keepFilesPrivate();

try {
  const r = await restoreBackup(backupFile, databasePath, { saveCurrentIn: dir });
  console.log(`Checked ${r.from}: integrity ok.`);
  if (r.savedCurrentAs) console.log(`Saved the database it replaces as ${r.savedCurrentAs}.`);
  if (r.currentUnreadable) console.log(`The file it replaces at ${r.to} could not be read as a database, so it was not saved.`);
  if (r.removed.length) console.log(`Deleted the old database's ${r.removed.join(", ")}.`);
  if (r.held) console.log(`Held ${r.held} emails the backup still had to send (some may have gone out already): send or discard them at /staff/outbox.`);
  console.log(`Restored ${r.to} (${(r.bytes / 1024 / 1024).toFixed(1)} MB) from the backup. Start the server again.`);
} catch (error) {
  if (error instanceof BackupError) console.error(`Not restored. ${error.message}`);
  else console.error(`Restore failed; the database was not replaced: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
