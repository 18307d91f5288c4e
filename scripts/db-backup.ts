/**
 * Backs up the database now:  npm run db:backup
 *
 * Run it with the server's settings (DATABASE_PATH, BACKUP_DIR): it makes an
 * online copy of the database (safe while the server runs) in BACKUP_DIR
 * (default: `backups` beside the database) named by the UTC minute, applies
 * the same rotation as the scheduled backups, and prints the file's path.
 * The backup is vacuumed and readable by this user only, as the server's are.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { backupDatabase, defaultBackupDir } from "../db/backup";
import { openDatabase } from "../db/client";
import { parseEnv } from "../app/utils/env.server";

let env;
try {
  env = parseEnv();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
const databasePath = path.resolve(env.DATABASE_PATH);
const dir = path.resolve(env.BACKUP_DIR ?? defaultBackupDir(databasePath));

if (!existsSync(databasePath)) {
  console.error(`No database at ${databasePath}: nothing to back up. Set DATABASE_PATH to the server's database file.`);
  process.exit(1);
}

const db = openDatabase(databasePath);
try {
  const backup = await backupDatabase(db, dir);
  console.log(`Backed up ${databasePath}`);
  console.log(`to ${backup.file} (${(backup.bytes / 1024 / 1024).toFixed(1)} MB, ${backup.ms} ms).`);
  if (backup.removed.length) console.log(`Rotation removed ${backup.removed.length} older backup(s): ${backup.removed.join(", ")}.`);
} catch (error) {
  console.error(`Backup of ${databasePath} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  db.close();
}
