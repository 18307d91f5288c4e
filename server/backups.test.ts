/**
 * Backups as the server and the operator use them: the scheduled job
 * (backupJobs) and `npm run db:backup` / `npm run db:restore` run as child
 * processes against real SQLite files.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../app/utils/env.server";
import { createLogger } from "../app/utils/logger.server";
import { backupName } from "../db/backup";
import { openDatabase, type DB } from "../db/client";
import { migrate } from "../db/migrate";
import { upsertNewsletterSignup, type NewsletterSignup } from "../db/queries/newsletter";
import { backupJobs } from "./jobs";

const root = path.resolve(import.meta.dirname, "..");
const open: DB[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

const signup = (email: string): NewsletterSignup => ({
  email,
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

/** A database with the app's schema and `emails` signed up to the newsletter, left open. */
function appDatabase(file: string, emails: string[]): DB {
  const db = openDatabase(file);
  open.push(db);
  migrate(db);
  for (const email of emails) upsertNewsletterSignup(db, signup(email));
  return db;
}
const emailsIn = (file: string) => {
  const db = openDatabase(file);
  try {
    return (db.prepare("SELECT email FROM newsletter_signups ORDER BY id").all() as { email: string }[]).map((r) => r.email);
  } finally {
    db.close();
  }
};

function run(script: string, args: string[], env: Record<string, string | undefined>) {
  const { BACKUP_DIR: _dir, BACKUP_EVERY_MINUTES: _every, DATABASE_PATH: _db, ...inherited } = process.env;
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, env: { ...inherited, ...env }, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("backupJobs (scheduled in the process that runs the outbox worker)", () => {
  const servicesFor = (db: DB, env: Record<string, string>, lines: string[]) => ({
    db,
    env: parseEnv(env),
    logger: createLogger("info", (l) => lines.push(l)),
    secrets: ["a-test-secret-that-is-long-enough"],
  });

  it("backs up at the first tick and logs one line, without personal data", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pwcop-backup-job-"));
    const db = appDatabase(path.join(dir, "pwcop.db"), ["someone@example.test"]);
    const lines: string[] = [];
    const [job, ...others] = backupJobs(servicesFor(db, {}, lines));
    expect(others).toEqual([]);
    expect(job?.name).toBe("db.backup");
    const now = new Date();
    job!.run(now);
    await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 10_000, interval: 10 });

    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: "info", msg: "database backed up", file: backupName("pwcop", now), oldBackupsRemoved: 0 });
    expect(line.bytes).toBeGreaterThan(0);
    expect(typeof line.ms).toBe("number");
    expect(lines[0]).not.toContain("@");
    expect(readdirSync(path.join(dir, "backups"))).toEqual([backupName("pwcop", now)]);
    expect(emailsIn(path.join(dir, "backups", backupName("pwcop", now)))).toEqual(["someone@example.test"]);
  });

  it("logs a failure instead of throwing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pwcop-backup-job-"));
    const db = appDatabase(path.join(dir, "pwcop.db"), []);
    writeFileSync(path.join(dir, "not-a-folder"), "");
    const lines: string[] = [];
    const [job] = backupJobs(servicesFor(db, { BACKUP_DIR: path.join(dir, "not-a-folder", "backups") }, lines));
    expect(() => job!.run(new Date())).not.toThrow();
    await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 10_000, interval: 10 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", msg: "database backup failed" });
  });

  it("is off with BACKUP_EVERY_MINUTES=0 and for an in-memory database", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pwcop-backup-job-"));
    expect(backupJobs(servicesFor(appDatabase(path.join(dir, "pwcop.db"), []), { BACKUP_EVERY_MINUTES: "0" }, []))).toEqual([]);
    expect(backupJobs(servicesFor(appDatabase(":memory:", []), {}, []))).toEqual([]);
  });
});

describe("npm run db:backup and db:restore", () => {
  it("backs up into BACKUP_DIR (default: backups beside the database) and prints the file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pwcop-backup-script-"));
    const database = path.join(dir, "pwcop.db");
    appDatabase(database, ["a@example.test", "b@example.test"]); // left open, as by a running server

    const custom = run("scripts/db-backup.ts", [], { DATABASE_PATH: database, BACKUP_DIR: path.join(dir, "elsewhere") });
    expect(custom.stderr).toBe("");
    expect(custom.code).toBe(0);
    const [file] = readdirSync(path.join(dir, "elsewhere"));
    expect(file).toMatch(/^pwcop-\d{4}-\d\d-\d\dT\d{6}Z\.db$/);
    expect(custom.stdout).toContain(`to ${path.join(dir, "elsewhere", file!)} (`);
    expect(emailsIn(path.join(dir, "elsewhere", file!))).toEqual(["a@example.test", "b@example.test"]);

    const byDefault = run("scripts/db-backup.ts", [], { DATABASE_PATH: database });
    expect(byDefault.code).toBe(0);
    expect(readdirSync(path.join(dir, "backups"))).toHaveLength(1);
  });

  it("db:backup fails clearly when there is no database", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pwcop-backup-script-"));
    const r = run("scripts/db-backup.ts", [], { DATABASE_PATH: path.join(dir, "missing.db") });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`No database at ${path.join(dir, "missing.db")}`);
    expect(existsSync(path.join(dir, "missing.db"))).toBe(false);
  });

  it("db:restore refuses without a file, a file that is not a database, and a database in use; then restores", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pwcop-restore-script-"));
    const database = path.join(dir, "pwcop.db");
    const env = { DATABASE_PATH: database, BACKUP_DIR: path.join(dir, "backups") };
    const server = appDatabase(database, ["before@example.test"]);
    const backedUp = run("scripts/db-backup.ts", [], env);
    expect(backedUp.code).toBe(0);
    const [backup] = readdirSync(path.join(dir, "backups"));
    const backupFile = path.join(dir, "backups", backup!);
    upsertNewsletterSignup(server, signup("after@example.test"));

    const usage = run("scripts/db-restore.ts", [], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run db:restore -- <backup file>");

    const garbage = path.join(dir, "garbage.db");
    writeFileSync(garbage, Buffer.alloc(4096, 0x42));
    const refused = run("scripts/db-restore.ts", [garbage], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Not restored. ${garbage} is not a usable backup: file is not a database.`);

    const inUse = run("scripts/db-restore.ts", [backupFile], env);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain(`The database ${database} is in use (is the server running?)`);
    expect(server.prepare("SELECT count(*) AS n FROM newsletter_signups").get()).toEqual({ n: 2 });

    server.close(); // the server is stopped
    const before = readFileSync(database);
    const restored = run("scripts/db-restore.ts", [backupFile], env);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Checked ${backupFile}: integrity ok.`);
    expect(restored.stdout).toContain(`Restored ${database} (`);
    expect(emailsIn(database)).toEqual(["before@example.test"]);
    // The database it replaced is one more backup, with the sign-up made after the backup.
    const saved = /Saved the database it replaces as (\S+)\.\n/.exec(restored.stdout)?.[1];
    expect(saved && path.dirname(saved)).toBe(path.join(dir, "backups"));
    expect(emailsIn(saved!)).toEqual(["before@example.test", "after@example.test"]);
    expect(readFileSync(database).equals(before)).toBe(false);
  });
});
