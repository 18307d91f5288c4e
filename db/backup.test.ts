import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  BackupError,
  backupDatabase,
  backupName,
  backupPrefix,
  backupScheduler,
  defaultBackupDir,
  listBackups,
  parseBackupName,
  planRotation,
  restoreBackup,
  type BackupResult,
} from "./backup";
import { openDatabase, type DB } from "./client";
import { migrate } from "./migrate";
import { upsertNewsletterSignup, type NewsletterSignup } from "./queries/newsletter";

const require = createRequire(import.meta.url);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = new Date("2026-11-29T17:00:00Z");

const open: DB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

const tempDir = () => mkdtempSync(path.join(tmpdir(), "pwcop-backup-"));
function appDatabase(file: string): DB {
  const db = openDatabase(file);
  open.push(db);
  migrate(db);
  return db;
}
const signup = (n: number): NewsletterSignup => ({
  email: `reader-${n}@example.test`,
  interests: ["new_groups"],
  country: null,
  place: null,
  areaId: null,
  lat: null,
  lon: null,
  distanceKm: null,
  acceptsOnline: null,
  outcome: null,
  reasons: null,
  ruleVersion: null,
});
const signupIds = (db: DB) => (db.prepare("SELECT id FROM newsletter_signups ORDER BY id").all() as { id: number }[]).map((r) => r.id);

describe("backup names", () => {
  it("names a backup by its UTC time and reads the time back", () => {
    const at = new Date("2026-11-29T17:00:42+10:00");
    expect(backupName("pwcop", at)).toBe("pwcop-2026-11-29T070042Z.db");
    expect(parseBackupName("pwcop-2026-11-29T070042Z.db", "pwcop")).toEqual(new Date("2026-11-29T07:00:42Z"));
    expect(backupName("pwcop", at, 2)).toBe("pwcop-2026-11-29T070042Z-2.db");
    expect(parseBackupName("pwcop-2026-11-29T070042Z-2.db", "pwcop")).toEqual(new Date("2026-11-29T07:00:42Z"));
    expect(backupPrefix("/srv/data/pwcop.db")).toBe("pwcop");
    expect(defaultBackupDir("/srv/data/pwcop.db")).toBe("/srv/data/backups");
  });

  it("ignores other databases' backups, temporary files and impossible dates", () => {
    expect(parseBackupName("other-2026-11-29T070000Z.db", "pwcop")).toBeNull();
    expect(parseBackupName(".pwcop-2026-11-29T070000Z.db.123.partial", "pwcop")).toBeNull();
    expect(parseBackupName("pwcop-2026-02-30T070000Z.db", "pwcop")).toBeNull();
    expect(parseBackupName("pwcop-2026-11-29T070000Z.db-wal", "pwcop")).toBeNull();
    expect(parseBackupName("pwcop-2026-11-29T070000Z-1.db", "pwcop")).toBeNull();
    expect(parseBackupName("pwcop-2026-11-29T070000Z-02.db", "pwcop")).toBeNull();
  });
});

describe("planRotation", () => {
  const at = (iso: string) => ({ name: backupName("pwcop", new Date(iso)), takenAt: new Date(iso) });

  it("keeps every backup of the last 24 hours and the newest of each day for 30 days", () => {
    // Hourly backups for the last 40 days.
    const hourly = Array.from({ length: 40 * 24 }, (_, i) => ({ name: backupName("pwcop", new Date(NOW.getTime() - i * HOUR)), takenAt: new Date(NOW.getTime() - i * HOUR) }));
    const { keep, remove } = planRotation(hourly, NOW);
    expect(keep.length + remove.length).toBe(hourly.length);
    // 24 from the last 24 hours (17:00 back to 18:00 yesterday), then 23:00 of each day from 27 Nov back to 30 Oct.
    expect(keep.slice(0, 24)).toEqual(hourly.slice(0, 24).map((b) => b.name));
    expect(keep.slice(24)).toEqual(Array.from({ length: 29 }, (_, i) => backupName("pwcop", new Date(Date.UTC(2026, 10, 27 - i, 23)))));
    expect(keep).toContain("pwcop-2026-10-30T230000Z.db");
    expect(remove).toContain("pwcop-2026-11-28T170000Z.db"); // exactly 24 h old, and not its day's newest
    expect(remove).toContain("pwcop-2026-11-27T220000Z.db");
    expect(remove).toContain("pwcop-2026-10-29T230000Z.db"); // over 30 days old
  });

  it("keeps one per day among several a day, the newest", () => {
    const backups = [at("2026-11-20T01:00:00Z"), at("2026-11-20T13:00:00Z"), at("2026-11-20T09:00:00Z"), at("2026-11-21T05:00:00Z")];
    expect(planRotation(backups, NOW)).toEqual({
      keep: ["pwcop-2026-11-21T050000Z.db", "pwcop-2026-11-20T130000Z.db"],
      remove: ["pwcop-2026-11-20T090000Z.db", "pwcop-2026-11-20T010000Z.db"],
    });
  });

  it("always keeps the newest backup, however old", () => {
    const backups = [at("2026-08-01T10:00:00Z"), at("2026-08-01T11:00:00Z"), at("2026-07-01T10:00:00Z")];
    expect(planRotation(backups, NOW)).toEqual({ keep: ["pwcop-2026-08-01T110000Z.db"], remove: ["pwcop-2026-08-01T100000Z.db", "pwcop-2026-07-01T100000Z.db"] });
  });

  it("keeps backups stamped in the future (a clock set back) and handles none", () => {
    const backups = [at("2026-11-30T10:00:00Z"), at("2026-11-29T16:00:00Z")];
    expect(planRotation(backups, NOW).keep).toEqual(["pwcop-2026-11-30T100000Z.db", "pwcop-2026-11-29T160000Z.db"]);
    expect(planRotation([], NOW)).toEqual({ keep: [], remove: [] });
  });
});

describe("backupDatabase", () => {
  it("writes a checked, self-contained copy under the final name only, then rotates this database's backups", async () => {
    const dir = tempDir();
    const db = appDatabase(path.join(dir, "pwcop.db"));
    upsertNewsletterSignup(db, signup(1));
    const backups = path.join(dir, "backups");
    await backupDatabase(db, backups, { now: new Date(NOW.getTime() - 40 * DAY), rotate: false });
    await backupDatabase(db, backups, { now: new Date(NOW.getTime() - 2 * HOUR), rotate: false });
    writeFileSync(path.join(backups, "other-2026-01-01T000000Z.db"), "another database's backup");
    const stale = path.join(backups, ".pwcop-2026-11-27T100000Z.db.999.partial");
    writeFileSync(stale, "left by a crash");
    utimesSync(stale, new Date(NOW.getTime() - 2 * DAY), new Date(NOW.getTime() - 2 * DAY));
    const fresh = path.join(backups, ".pwcop-2026-11-29T165900Z.db.999.partial");
    writeFileSync(fresh, "another backup still being written");
    utimesSync(fresh, NOW, NOW);

    const result = await backupDatabase(db, backups, { now: NOW });

    expect(result).toMatchObject({ name: "pwcop-2026-11-29T170000Z.db", file: path.join(backups, "pwcop-2026-11-29T170000Z.db"), removed: ["pwcop-2026-10-20T170000Z.db"] });
    expect(result.bytes).toBeGreaterThan(0);
    expect(readdirSync(backups).sort()).toEqual([".pwcop-2026-11-29T165900Z.db.999.partial", "other-2026-01-01T000000Z.db", "pwcop-2026-11-29T150000Z.db", "pwcop-2026-11-29T170000Z.db"]);
    // One file, rollback journal: opening it read-only leaves nothing beside it.
    const copy = new Database(result.file, { readonly: true, fileMustExist: true });
    open.push(copy);
    expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(signupIds(copy)).toEqual([1]);
    copy.close();
    expect(listBackups(backups, "pwcop").map((b) => b.name)).toEqual(["pwcop-2026-11-29T170000Z.db", "pwcop-2026-11-29T150000Z.db"]);
  });

  it("leaves no file with a backup's name when the copy fails", async () => {
    const dir = tempDir();
    const db = appDatabase(path.join(dir, "pwcop.db"));
    const notAFolder = path.join(dir, "file");
    writeFileSync(notAFolder, "");
    await expect(backupDatabase(db, path.join(notAFolder, "backups"))).rejects.toThrow();
    db.close();
    await expect(backupDatabase(db, path.join(dir, "backups"), { now: NOW })).rejects.toThrow(/not open/);
    expect(readdirSync(path.join(dir, "backups"))).toEqual([]);
  });
});

describe("backup while writing, then restore", () => {
  /**
   * Writes one newsletter sign-up per turn of the event loop (as requests
   * would) through `writer` until stopped; records each id once its
   * transaction has committed.
   */
  function keepWriting(writer: DB) {
    const acknowledged: number[] = [];
    let stopped = false;
    let n = 1000;
    const done = new Promise<void>((resolve, reject) => {
      const step = () => {
        if (stopped) return resolve();
        try {
          acknowledged.push(upsertNewsletterSignup(writer, signup(n++)).id);
        } catch (error) {
          return reject(error);
        }
        setImmediate(step);
      };
      setImmediate(step);
    });
    return {
      acknowledged,
      stop: () => {
        stopped = true;
        return done;
      },
    };
  }

  async function roundTrip(sameConnection: boolean): Promise<BackupResult> {
    const dir = tempDir();
    const file = path.join(dir, "pwcop.db");
    const db = appDatabase(file);
    const writer = sameConnection ? db : openDatabase(file);
    if (!sameConnection) open.push(writer);
    for (let i = 0; i < 200; i++) upsertNewsletterSignup(writer, signup(i));
    const writing = keepWriting(writer);
    // Let some writes in before the backup starts, so the loop is under way.
    while (writing.acknowledged.length < 5) await new Promise((r) => setImmediate(r));
    const acknowledgedBefore = signupIds(db);
    const writtenBefore = writing.acknowledged.length;

    const result = await backupDatabase(db, path.join(dir, "backups"), { pagesPerStep: 1 });
    const writtenDuring = writing.acknowledged.length;
    await writing.stop();
    const acknowledgedAfter = signupIds(db);

    const restored = path.join(dir, "restored", "pwcop.db");
    mkdirSync(path.dirname(restored));
    const restore = await restoreBackup(result.file, restored);
    expect(restore).toMatchObject({ to: restored, savedCurrentAs: null, removed: [] });
    const copy = openDatabase(restored);
    open.push(copy);
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    const ids = signupIds(copy);
    // Every sign-up acknowledged before the backup started is there…
    expect(ids).toEqual(expect.arrayContaining(acknowledgedBefore));
    // …and the copy is one moment of the database: the first k sign-ups, no gaps.
    expect(ids).toEqual(acknowledgedAfter.slice(0, ids.length));
    expect(ids.length).toBeGreaterThanOrEqual(acknowledgedBefore.length);
    // The writes really went on while the backup ran.
    expect(writtenDuring).toBeGreaterThan(writtenBefore);
    expect(acknowledgedAfter.length).toBeGreaterThan(acknowledgedBefore.length);
    return result;
  }

  it("through the same connection (one process): writes go into the copy as it runs", async () => {
    await roundTrip(true);
  });

  it("through another connection (HTTP processes): the copy restarts, then finishes in one step", async () => {
    const result = await roundTrip(false);
    expect(result.restarts).toBeGreaterThan(0);
  });
});

describe("restoreBackup", () => {
  async function aBackup(dir: string, rows: number[]): Promise<string> {
    const db = appDatabase(path.join(dir, "elsewhere", "pwcop.db"));
    for (const n of rows) upsertNewsletterSignup(db, signup(n));
    const { file } = await backupDatabase(db, path.join(dir, "backups"), { now: NOW });
    db.close();
    return file;
  }

  it("refuses a file that is not a database, and leaves the database alone", async () => {
    const dir = tempDir();
    const target = path.join(dir, "pwcop.db");
    const db = appDatabase(target);
    upsertNewsletterSignup(db, signup(1));
    db.close();
    const before = readFileSync(target);
    const garbage = path.join(dir, "garbage.db");
    writeFileSync(garbage, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));

    const refusal = restoreBackup(garbage, target);
    await expect(refusal).rejects.toBeInstanceOf(BackupError);
    await expect(refusal).rejects.toThrow(`${garbage} is not a usable backup: file is not a database.`);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["garbage.db", "pwcop.db"]);
  });

  it("refuses a damaged backup, an SQLite file of something else, and a missing file", async () => {
    const dir = tempDir();
    const file = await aBackup(dir, [1, 2, 3]);
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over the second page (the first table's b-tree).
    bytes.fill(0x5a, pageSize + 8, 2 * pageSize);
    const damaged = path.join(dir, "damaged.db");
    writeFileSync(damaged, bytes);
    await expect(restoreBackup(damaged, path.join(dir, "pwcop.db"))).rejects.toThrow(BackupError);
    await expect(restoreBackup(damaged, path.join(dir, "pwcop.db"))).rejects.toThrow(/damaged\.db (failed its integrity check|is not a usable backup)/);

    const other = path.join(dir, "other.db");
    const o = new Database(other);
    o.exec("CREATE TABLE t (x)");
    o.close();
    await expect(restoreBackup(other, path.join(dir, "pwcop.db"))).rejects.toThrow(/not a backup of this app's database/);
    await expect(restoreBackup(path.join(dir, "nope.db"), path.join(dir, "pwcop.db"))).rejects.toThrow(/No backup file at/);
    expect(existsSync(path.join(dir, "pwcop.db"))).toBe(false);
  });

  it("refuses while the database is open elsewhere; once it is closed, saves it, replaces it and removes its -wal/-shm", async () => {
    const dir = tempDir();
    const file = await aBackup(dir, [1, 2]);
    const target = path.join(dir, "live", "pwcop.db");
    const server = appDatabase(target);
    upsertNewsletterSignup(server, signup(7));

    await expect(restoreBackup(file, target)).rejects.toThrow(`The database ${target} is in use (is the server running?). Stop the server, restore, then start it again.`);
    // The refusal did not disturb the "server".
    upsertNewsletterSignup(server, signup(8));
    expect(signupIds(server)).toEqual([1, 2]);

    server.close();

    // A server killed mid-flight leaves -wal and -shm files, with a committed sign-up only in the -wal.
    const killed = spawnSync(process.execPath, [
      "-e",
      `const db = new (require(${JSON.stringify(require.resolve("better-sqlite3"))}))(${JSON.stringify(target)});
       db.pragma("journal_mode = WAL"); db.pragma("wal_autocheckpoint = 0");
       db.prepare("INSERT INTO newsletter_signups (email, interests) VALUES ('reader-9@example.test', '[]')").run();
       process.kill(process.pid, "SIGKILL");`,
    ]);
    expect(killed.signal).toBe("SIGKILL");
    expect(readdirSync(path.dirname(target)).sort()).toEqual(["pwcop.db", "pwcop.db-shm", "pwcop.db-wal"]);

    const saved = path.join(dir, "saved");
    const restore = await restoreBackup(file, target, { saveCurrentIn: saved, now: NOW });
    expect(restore).toMatchObject({ from: file, to: target, savedCurrentAs: path.join(saved, "pwcop-2026-11-29T170000Z.db"), currentUnreadable: false, removed: ["pwcop.db-shm"] });
    expect(readdirSync(path.dirname(target))).toEqual(["pwcop.db"]);
    const restored = openDatabase(target);
    open.push(restored);
    expect(signupIds(restored)).toEqual([1, 2]);
    expect(restored.prepare("SELECT email FROM newsletter_signups ORDER BY id").all()).toEqual([{ email: "reader-1@example.test" }, { email: "reader-2@example.test" }]);
    const previous = new Database(restore.savedCurrentAs!, { readonly: true });
    open.push(previous);
    expect((previous.prepare("SELECT email FROM newsletter_signups ORDER BY id").all() as { email: string }[]).map((r) => r.email)).toEqual([
      "reader-7@example.test",
      "reader-8@example.test",
      "reader-9@example.test",
    ]);
  });

  it("never overwrites a backup with the database it replaces", async () => {
    const dir = tempDir();
    const file = await aBackup(dir, [1]);
    const target = path.join(dir, "pwcop.db");
    appDatabase(target).close();
    const before = readFileSync(file);
    // The same second as the backup being restored, in the same folder: the replaced database is numbered.
    const restore = await restoreBackup(file, target, { saveCurrentIn: path.dirname(file), now: NOW });
    expect(restore.savedCurrentAs).toBe(path.join(path.dirname(file), "pwcop-2026-11-29T170000Z-2.db"));
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(["pwcop-2026-11-29T170000Z-2.db", "pwcop-2026-11-29T170000Z.db"]);
    expect(readdirSync(dir).sort()).toEqual(["backups", "elsewhere", "pwcop.db"]);
    // And again in that second: the next number.
    const again = await restoreBackup(file, target, { saveCurrentIn: path.dirname(file), now: NOW });
    expect(again.savedCurrentAs).toBe(path.join(path.dirname(file), "pwcop-2026-11-29T170000Z-3.db"));
  });

  it("replaces a database that cannot be read at all", async () => {
    const dir = tempDir();
    const file = await aBackup(dir, [1]);
    const target = path.join(dir, "pwcop.db");
    writeFileSync(target, "this database was lost");
    const restore = await restoreBackup(file, target, { saveCurrentIn: path.join(dir, "saved") });
    expect(restore).toMatchObject({ savedCurrentAs: null, currentUnreadable: true });
    const restored = openDatabase(target);
    open.push(restored);
    expect(signupIds(restored)).toEqual([1]);
  });
});

describe("backupScheduler", () => {
  it("backs up when due, one at a time, going by the newest backup after a restart", async () => {
    const dir = tempDir();
    const db = appDatabase(path.join(dir, "pwcop.db"));
    const backups = path.join(dir, "backups");
    const done: string[] = [];
    const errors: unknown[] = [];
    const scheduler = () => backupScheduler({ db, dir: backups, everyMinutes: 60, onBackup: (r) => done.push(r.name), onError: (e) => errors.push(e) });
    const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

    const first = scheduler();
    first.runIfDue(at(0)); // no backup yet: due at once
    first.runIfDue(at(1)); // still running: not started again
    await first.idle();
    first.runIfDue(at(59));
    await first.idle();
    expect(done).toEqual(["pwcop-2026-11-29T170000Z.db"]);
    first.runIfDue(at(60));
    await first.idle();
    expect(done).toEqual(["pwcop-2026-11-29T170000Z.db", "pwcop-2026-11-29T180000Z.db"]);

    // A restarted server looks at the folder: the newest is from 18:00.
    const second = scheduler();
    second.runIfDue(at(119));
    await second.idle();
    expect(done).toHaveLength(2);
    second.runIfDue(at(120));
    await second.idle();
    expect(done).toEqual(["pwcop-2026-11-29T170000Z.db", "pwcop-2026-11-29T180000Z.db", "pwcop-2026-11-29T190000Z.db"]);
    expect(errors).toEqual([]);
  });

  it("reports a failure instead of throwing, and tries again after five minutes", async () => {
    const dir = tempDir();
    const db = appDatabase(path.join(dir, "pwcop.db"));
    const notAFolder = path.join(dir, "backups");
    writeFileSync(notAFolder, "");
    const errors: unknown[] = [];
    const s = backupScheduler({ db, dir: path.join(notAFolder, "inside"), everyMinutes: 60, onBackup: () => undefined, onError: (e) => errors.push(e) });
    s.runIfDue(NOW);
    await s.idle();
    expect(errors).toHaveLength(1);
    s.runIfDue(new Date(NOW.getTime() + 4 * 60_000));
    await s.idle();
    expect(errors).toHaveLength(1);
    s.runIfDue(new Date(NOW.getTime() + 5 * 60_000));
    await s.idle();
    expect(errors).toHaveLength(2);
  });
});
