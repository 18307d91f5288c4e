/**
 * Backups of the one SQLite file, so that a damaged file, a bad change or
 * (with the backups on another disk) a lost disk loses at most the time since
 * the last backup (docs/decisions/011-backups.md).
 *
 * - backupDatabase: an online copy through SQLite's backup API (consistent
 *   while the app keeps writing), written under a temporary name in the backup
 *   folder, checked, and renamed to `<db name>-YYYY-MM-DDTHHMMSSZ.db` (UTC) only
 *   once complete; then rotation.
 * - planRotation: which backups to keep (pure): every one from the last 24
 *   hours, the newest of each UTC day for 30 days, and always the newest.
 * - backupScheduler: runs backupDatabase every N minutes, one at a time.
 * - restoreBackup: puts a checked backup in place of the database. Only with
 *   the server stopped: it refuses while another connection holds the file.
 */
import Database from "better-sqlite3";
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { holdQueuedMail } from "./held-mail";
import { createPrivateFile, makePrivateFolder, PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE, tightenMode, type DB } from "./client";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Every backup younger than this is kept. */
export const KEEP_ALL_FOR_MS = DAY_MS;
/** The newest backup of each UTC day younger than this is kept. */
export const KEEP_DAILY_FOR_MS = 30 * DAY_MS;
/** After a failed scheduled backup, the next try comes after this (or the interval, if shorter). */
export const RETRY_AFTER_FAILURE_MS = 5 * 60 * 1000;

/** A refusal or failure with a message meant for the person running the command. */
export class BackupError extends Error {
  override name = "BackupError";
}

const errorCode = (error: unknown) => (error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "");

/** Where backups go unless BACKUP_DIR says otherwise: `backups` beside the database file. */
export function defaultBackupDir(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), "backups");
}

/** `pwcop` for `/srv/data/pwcop.db`: backups of different databases can share a folder. */
export function backupPrefix(databasePath: string): string {
  return path.basename(databasePath).replace(/\.(db|sqlite3?)$/i, "");
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * `pwcop-2026-11-29T170000Z.db`: the UTC second the backup was started. A
 * backup that must not replace one taken in the same second (the copy of the
 * database a restore replaces) is numbered: `pwcop-2026-11-29T170000Z-2.db`.
 */
export function backupName(prefix: string, at: Date, copy = 1): string {
  const d = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  const n = copy > 1 ? `-${copy}` : "";
  return `${prefix}-${d}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z${n}.db`;
}

const NAME = /^(.+)-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-([2-9]|[1-9]\d+))?\.db$/;

/** The time in a backup's name, or null if the name is not one of this prefix's backups. */
export function parseBackupName(name: string, prefix: string): Date | null {
  const m = NAME.exec(name);
  if (!m || m[1] !== prefix) return null;
  const [y, mo, d, h, mi, sec] = m.slice(2, 8).map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return backupName(prefix, at, m[8] ? Number(m[8]) : 1) === name ? at : null;
}

export interface BackupFile {
  name: string;
  takenAt: Date;
}

/**
 * Rotation, as a pure function of the backups' times and now: keep every
 * backup from the last 24 hours, the newest backup of each UTC day for the
 * last 30 days, and in any case the newest of all (a server that was off for
 * two months must not wake up to an empty folder); remove the rest.
 */
export function planRotation(backups: readonly BackupFile[], now: Date): { keep: string[]; remove: string[] } {
  const newestFirst = [...backups].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.name < b.name ? 1 : -1));
  const keep = new Set<string>();
  const daysKept = new Set<string>();
  newestFirst.forEach((b, i) => {
    const age = now.getTime() - b.takenAt.getTime();
    const day = b.takenAt.toISOString().slice(0, 10);
    if (i === 0 || age < KEEP_ALL_FOR_MS) keep.add(b.name);
    if (age < KEEP_DAILY_FOR_MS && !daysKept.has(day)) {
      daysKept.add(day);
      keep.add(b.name);
    }
  });
  return {
    keep: newestFirst.filter((b) => keep.has(b.name)).map((b) => b.name),
    remove: newestFirst.filter((b) => !keep.has(b.name)).map((b) => b.name),
  };
}

/** This database's backups in `dir`, newest first; none if the folder does not exist. */
export function listBackups(dir: string, prefix: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  const found: BackupFile[] = [];
  for (const name of readdirSync(dir)) {
    const takenAt = parseBackupName(name, prefix);
    if (takenAt) found.push({ name, takenAt });
  }
  return found.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

const partialPrefix = (prefix: string) => `.${prefix}-`;
const isPartial = (name: string, prefix: string) => name.startsWith(partialPrefix(prefix)) && name.endsWith(".partial");

/** Deletes the backups planRotation does not keep, and temporary files left by a backup interrupted over a day ago. */
export function rotateBackups(dir: string, prefix: string, now: Date): string[] {
  const { remove } = planRotation(listBackups(dir, prefix), now);
  for (const name of remove) rmSync(path.join(dir, name), { force: true });
  for (const name of readdirSync(dir)) {
    if (!isPartial(name, prefix)) continue;
    const file = path.join(dir, name);
    if (now.getTime() - statSync(file).mtimeMs > DAY_MS) rmSync(file, { force: true });
  }
  return remove;
}

/** Flushes a file (or a folder, after a rename in it) to the disk; some systems cannot sync folders. */
function fsyncPath(p: string) {
  let fd: number | undefined;
  try {
    fd = openSync(p, "r");
    fsyncSync(fd);
  } catch (error) {
    if (!statSync(p).isDirectory()) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Problems found by `PRAGMA integrity_check`, or [] if it says ok. */
function integrityProblems(db: DB): string[] {
  const rows = db.pragma("integrity_check") as Array<{ integrity_check: string }>;
  const lines = rows.map((r) => r.integrity_check);
  return lines.length === 1 && lines[0] === "ok" ? [] : lines;
}

/**
 * Copies `source` into a new file `destination` with SQLite's backup API,
 * `pagesPerStep` pages at a time so a large database does not hold up the
 * event loop. Writes by the same connection go into the copy as it runs;
 * a write by another connection (another process) restarts the copy, so after
 * a restart the rest is copied in one step, under one read snapshot (in WAL
 * mode, writers carry on meanwhile). Returns how many restarts there were.
 */
async function copyOnline(source: DB, destination: string, pagesPerStep: number): Promise<number> {
  let restarts = 0;
  let lastRemaining = Infinity;
  let allAtOnce = false;
  await source.backup(destination, {
    progress: ({ remainingPages }) => {
      // Each step copies at least one page: no progress means the copy started over.
      if (remainingPages >= lastRemaining) {
        restarts++;
        allAtOnce = true;
      }
      lastRemaining = remainingPages;
      return allAtOnce ? 0x7fffffff : pagesPerStep;
    },
  });
  return restarts;
}

/**
 * A copy made by the backup API carries the live file's WAL flag; switched to
 * a rollback journal it is one self-contained file that opens read-only
 * without leaving -wal/-shm files beside it. It is vacuumed: the backup API
 * copies every page as it is, free pages and the unused space in pages
 * included, where what was deleted may still be; VACUUM rebuilds the file
 * from the live rows only (docs/decisions/016-erased-on-disk.md). Then it must
 * pass `PRAGMA integrity_check`, or it is not kept. It is the server's user's
 * only (0600).
 */
function finishCopy(file: string) {
  tightenMode(file, PRIVATE_FILE_MODE);
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    copy.exec("VACUUM");
    const problems = integrityProblems(copy);
    if (problems.length) throw new BackupError(`The copy failed its integrity check (is the database damaged?): ${problems.slice(0, 3).join("; ")}`);
  } finally {
    copy.close();
  }
  fsyncPath(file);
}

export interface BackupResult {
  /** Full path of the new backup. */
  file: string;
  name: string;
  bytes: number;
  ms: number;
  takenAt: Date;
  /** Times the copy started over because another process wrote meanwhile. */
  restarts: number;
  /** Older backups deleted by rotation. */
  removed: string[];
}

/**
 * Backs up the database open as `db` into `dir` (created if needed) as
 * `<db name>-<UTC time>.db`, while the app keeps using it. The copy is made
 * under a temporary name, checked, and renamed only when complete, so a file
 * with a backup's name is always a whole backup. A second backup in the same
 * second replaces the first, unless `replace` is false (then it is numbered,
 * `…Z-2.db`). Then rotation, unless `rotate` is false.
 */
export async function backupDatabase(
  db: DB,
  dir: string,
  options: { now?: Date; rotate?: boolean; replace?: boolean; pagesPerStep?: number } = {},
): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const prefix = backupPrefix(db.name);
  let name = backupName(prefix, now);
  let file = path.join(dir, name);
  const partial = path.join(dir, `.${name}.${process.pid}.partial`);
  const started = performance.now();
  makePrivateFolder(dir);
  tightenMode(dir, PRIVATE_FOLDER_MODE);
  rmSync(partial, { force: true });
  let restarts: number;
  try {
    createPrivateFile(partial);
    restarts = await copyOnline(db, partial, options.pagesPerStep ?? 100);
    finishCopy(partial);
    if (options.replace === false) {
      // linkSync fails if the name is taken, where a rename would replace the file: take the next number instead.
      for (let copy = 2; ; copy += 1) {
        try {
          linkSync(partial, file);
          break;
        } catch (error) {
          if (errorCode(error) !== "EEXIST" || copy > 99) throw error;
          name = backupName(prefix, now, copy);
          file = path.join(dir, name);
        }
      }
      rmSync(partial);
    } else {
      renameSync(partial, file);
    }
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  fsyncPath(dir);
  const bytes = statSync(file).size;
  const ms = Math.round(performance.now() - started);
  const removed = options.rotate === false ? [] : rotateBackups(dir, prefix, now);
  return { file, name, bytes, ms, takenAt: now, restarts, removed };
}

/**
 * Scheduled backups for a long-running process: `runIfDue(now)` (called about
 * once a minute) starts a backup when none was taken in the last
 * `everyMinutes` (going by the newest file in the folder at first, so a
 * restart does not skip or repeat one), never while one is still running.
 * It never throws and never rejects: outcomes go to `onBackup` / `onError`.
 */
export function backupScheduler(o: {
  db: DB;
  dir: string;
  everyMinutes: number;
  onBackup: (result: BackupResult) => void;
  onError: (error: unknown) => void;
  pagesPerStep?: number;
}) {
  const intervalMs = o.everyMinutes * 60_000;
  let last: number | null | undefined; // undefined: not looked at the folder yet
  let notBefore = -Infinity;
  let running: Promise<void> | null = null;
  const report = (fn: () => void) => {
    try {
      fn();
    } catch {
      // A failing logger must not stop backups.
    }
  };

  return {
    runIfDue(now: Date): void {
      if (running || intervalMs <= 0 || now.getTime() < notBefore) return;
      try {
        if (last === undefined) last = listBackups(o.dir, backupPrefix(o.db.name))[0]?.takenAt.getTime() ?? null;
      } catch (error) {
        notBefore = now.getTime() + Math.min(intervalMs, RETRY_AFTER_FAILURE_MS);
        report(() => o.onError(error));
        return;
      }
      if (last !== null && now.getTime() - last < intervalMs) return;
      running = backupDatabase(o.db, o.dir, { now, pagesPerStep: o.pagesPerStep })
        .then(
          (result) => {
            last = now.getTime();
            report(() => o.onBackup(result));
          },
          (error: unknown) => {
            notBefore = now.getTime() + Math.min(intervalMs, RETRY_AFTER_FAILURE_MS);
            report(() => o.onError(error));
          },
        )
        .finally(() => {
          running = null;
        });
    },
    /** Resolves when no backup is running (tests, shutdown). */
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}

export interface RestoreResult {
  from: string;
  to: string;
  bytes: number;
  /** A backup of the database that was replaced, when one existed and `saveCurrentIn` was given. */
  savedCurrentAs: string | null;
  /** The file at `to` existed but could not be read as a database, so it was not saved. */
  currentUnreadable: boolean;
  /** Stale -wal/-shm/-journal files of the replaced database that were deleted. */
  removed: string[];
  /** Emails the backup still had to send, now held for staff to send or discard (db/held-mail.ts). */
  held: number;
}


/**
 * Replaces the database at `databasePath` with the backup at `backupPath`.
 * RUN IT WITH THE SERVER STOPPED. It refuses:
 * - a backup that does not pass `PRAGMA integrity_check` or has no
 *   `schema_migrations` table (not this app's database);
 * - while another connection holds the database (a running server): it takes
 *   an exclusive lock on it first and keeps it until just before the swap.
 *   The lock is cheap to try but a server started in the last instant can
 *   still slip in, hence the rule.
 * The backup is copied with the backup API into a temporary file beside the
 * target, checked again, and renamed over it (atomic on one file system), after
 * the old database's -wal/-shm/-journal files are deleted (they would be
 * replayed into the restored file). With `saveCurrentIn`, the database being
 * replaced is first backed up there like any other backup (not rotated).
 * Emails the backup still had to send are held, not sent (db/held-mail.ts).
 */
export async function restoreBackup(backupPath: string, databasePath: string, options: { saveCurrentIn?: string; now?: Date } = {}): Promise<RestoreResult> {
  const from = path.resolve(backupPath);
  const to = path.resolve(databasePath);
  if (!existsSync(from) || !statSync(from).isFile()) throw new BackupError(`No backup file at ${from}.`);
  if (from === to) throw new BackupError(`The backup and the database are the same file (${to}).`);
  if (!existsSync(path.dirname(to))) throw new BackupError(`The folder for the database does not exist: ${path.dirname(to)}.`);

  const temporary = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}.restore`);
  let source: DB | undefined;
  let current: DB | undefined;
  try {
    try {
      source = new Database(from, { readonly: true, fileMustExist: true });
      const problems = integrityProblems(source);
      if (problems.length) throw new BackupError(`${from} failed its integrity check, so it was not restored: ${problems.slice(0, 3).join("; ")}.`);
      const hasSchema = source.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
      if (!hasSchema) throw new BackupError(`${from} is an SQLite file but not a backup of this app's database (no schema_migrations table).`);
    } catch (error) {
      if (error instanceof BackupError) throw error;
      throw new BackupError(`${from} is not a usable backup: ${error instanceof Error ? error.message : String(error)}.`);
    }

    let currentUnreadable = false;
    if (existsSync(to)) {
      try {
        current = new Database(to, { fileMustExist: true, timeout: 0 });
        current.pragma("locking_mode = EXCLUSIVE");
        current.exec("BEGIN EXCLUSIVE; COMMIT");
      } catch (error) {
        const code = errorCode(error);
        if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
          throw new BackupError(`The database ${to} is in use (is the server running?). Stop the server, restore, then start it again.`);
        }
        // Not a database we can read (damaged, perhaps why it is being restored): nothing to save, nothing holding it.
        current?.close();
        current = undefined;
        currentUnreadable = true;
      }
    }

    rmSync(temporary, { force: true });
    createPrivateFile(temporary);
    await source.backup(temporary);
    source.close();
    source = undefined;
    const held = holdQueuedMail(temporary);
    finishCopy(temporary);

    const savedCurrentAs = current && options.saveCurrentIn ? (await backupDatabase(current, options.saveCurrentIn, { now: options.now, rotate: false, replace: false })).file : null;
    current?.close();
    current = undefined;

    const removed: string[] = [];
    for (const suffix of ["-wal", "-shm", "-journal"]) {
      if (existsSync(to + suffix)) {
        rmSync(to + suffix, { force: true });
        removed.push(path.basename(to + suffix));
      }
    }
    renameSync(temporary, to);
    fsyncPath(path.dirname(to));
    return { from, to, bytes: statSync(to).size, savedCurrentAs, currentUnreadable, removed, held };
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    source?.close();
    current?.close();
  }
}
