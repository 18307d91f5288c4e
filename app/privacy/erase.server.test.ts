/**
 * Finding and erasing everything held for one address, on a real SQLite
 * file with the real migrations and demo data: afterwards, no text column of
 * any table holds the address (case-insensitively), while another person's
 * data, whose address merely contains it, is untouched.
 */
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { backupDatabase } from "../../db/backup";
import { openDatabase, type DB } from "../../db/client";
import { mailDirOf } from "../../db/mail-files";
import { migrate } from "../../db/migrate";
import { MIGRATIONS } from "../../db/migrations";
import { listAuditPage } from "../../db/queries/admin";
import { appendAudit, auditFor } from "../../db/queries/audit";
import { getGroupBySlug } from "../../db/queries/groups";
import { changeJoinRequestStatus, createJoinRequest, findJoinRequest } from "../../db/queries/join-requests";
import { listOutbox } from "../../db/queries/outbox";
import { getPrivacyRequest, mentionsAddress } from "../../db/queries/privacy";
import { scheduleRecheck } from "../../db/queries/recheck";
import { addConvenor, createSession, insertSignInCode, findUserByEmail, upsertUser } from "../../db/queries/users";
import { saveWizardSnapshot } from "../../db/queries/wizard-sessions";
import { seedDemoAccounts, seedDemoData } from "../../db/seed";
import { sendContactMessage } from "../contact/contact.server";
import type { Services } from "../context";
import { queueJoinRequestEmails } from "../join/join-emails.server";
import { requestSignup } from "../newsletter/subscription.server";
import { parseEnv } from "../utils/env.server";
import { createLogger } from "../utils/logger.server";
import { fileMailer, startMailWorker } from "../../server/mail-worker";
import { queueEmail } from "../email/outbox.server";
import { actorShown } from "../audit/actor.server";
import { eraseAccount, eraseEverything, findEverything, previewErasure } from "./erase.server";
import { eraseAction, requestDataLink } from "./my-data.server";

let db: DB;
let services: Services;
const NOW = new Date("2026-06-01T01:00:00.000Z");

/** Typed with capitals and spaces, as people do; held and matched in lower case. */
const TYPED = "  Ada.Lovelace@Example.com ";
const ADDRESS = "ada.lovelace@example.com";
/** Another person, whose address contains ADDRESS: nothing of theirs may go. */
const BYSTANDER = "bada.lovelace@example.com";

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-erase-")), "t.db"));
  migrate(db);
  seedDemoData(db);
  seedDemoAccounts(db);
  services = { db, env: parseEnv({ APP_URL: "https://pwcop.example", STAFF_EMAIL: "staff@anzpop.example" }), logger: createLogger("silent"), secrets: ["a-test-secret-that-is-long-enough"] };
});

/** A join request as the join form makes it: the row, its wizard answers and both emails, in one transaction. */
function askToJoin(email: string, slug: string, session: string, name = "Ada Lovelace") {
  const group = getGroupBySlug(db, slug)!;
  saveWizardSnapshot(db, session, { answers: { experience: "workshops", place: "Hobart" } });
  return db.transaction(() => {
    createJoinRequest(db, {
      groupId: group.id,
      wizardSessionId: session,
      name,
      email: email.trim(),
      note: `Write to me at ${email.trim()} any time.`,
      hopes: ["connection"],
      answers: { experience: "workshops", practice: "unpaid" },
      outcome: "group",
      reasons: ["match"],
      ruleVersion: "test",
      distanceKm: 2.5,
    });
    const id = findJoinRequest(db, session, group.id)!.id;
    queueJoinRequestEmails(services, id, NOW);
    return id;
  })();
}

const newsletter = (email: string) => ({
  email,
  interests: ["new_groups" as const],
  country: "AU",
  place: "Hobart, TAS 7000",
  areaId: "au-7000",
  lat: -42.88,
  lon: 147.33,
  distanceKm: 25,
  acceptsOnline: false,
  outcome: "newsletter",
  reasons: ["no_group_nearby"],
  ruleVersion: "t",
});

/** Everything a person can leave behind, for `email`. */
function leaveEverything(email: string, tag: string, name = "Ada Lovelace") {
  const open = askToJoin(email, "hobart", `${tag}-s1`, name);
  const accepted = askToJoin(email, "melbourne-inner-north", `${tag}-s2`, name);
  expect(changeJoinRequestStatus(db, accepted, "new", "accepted", {}, NOW)).toBe(true);
  requestSignup(services, newsletter(email), NOW);
  db.prepare("UPDATE newsletter_signups SET confirmed_at = ?, waiting_since = ? WHERE email = ?").run(NOW.toISOString(), NOW.toISOString(), email.trim().toLowerCase());
  // A change to a confirmed sign-up waits in its confirmation token's payload, address and all.
  requestSignup(services, { ...newsletter(email), interests: ["training_events"] }, NOW);
  scheduleRecheck(db, { email, months: 3 }, NOW);
  sendContactMessage(services, { name, email: email.trim(), topic: "my_data", message: `Please check what you hold for ${email.trim()}.` }, NOW);
  insertSignInCode(db, { id: `${tag}-code`, emailKey: email.trim().toLowerCase(), userId: null, codeHash: "x", expiresAt: new Date(NOW.getTime() + 60_000), now: NOW });
  return { open, accepted };
}

/** Every row of every table with a column that holds `address` itself (case-insensitive), as `table.column`. */
function whereAddressIs(address: string): string[] {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
  const found: string[] = [];
  for (const table of tables) {
    const columns = (db.prepare(`PRAGMA table_xinfo("${table}")`).all() as { name: string }[]).map((c) => c.name);
    for (const column of columns) {
      const rows = db.prepare(`SELECT CAST("${column}" AS TEXT) AS v FROM "${table}" WHERE instr(lower(CAST("${column}" AS TEXT)), ?) > 0`).all(address) as { v: string }[];
      // The same boundaries as an address has: "bada.lovelace@…" is someone else.
      const own = rows.filter((r) => new RegExp(`(?<![a-z0-9!#$%&'*+/=?^_\`{|}~.-])${address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![a-z0-9-]|\\.[a-z0-9])`, "i").test(r.v));
      if (own.length) found.push(`${table}.${column} (${own.length})`);
    }
  }
  return found;
}

describe("findEverything", () => {
  it("finds every kind of record for the address, however it was typed, and nothing of another's", () => {
    leaveEverything(TYPED, "ada");
    leaveEverything(BYSTANDER, "bada", "Bea Person");
    const e = findEverything(db, "ADA.LOVELACE@example.COM");
    expect(e.email).toBe(ADDRESS);
    expect(e.joinRequests.map((r) => [r.group.slug, r.status, r.name])).toEqual([
      ["hobart", "new", "Ada Lovelace"],
      ["melbourne-inner-north", "accepted", "Ada Lovelace"],
    ]);
    expect(e.newsletter).toMatchObject({ interests: ["new_groups"], place: "Hobart, TAS 7000" });
    expect(e.newsletter?.waitingSince).toBeTruthy();
    expect(e.rechecks).toHaveLength(1);
    expect(e.contactMessages.map((m) => m.topic)).toEqual(["my_data"]);
    // To them: two receipts, two newsletter confirmations, the contact acknowledgement. About them: each request's convenor copy, the staff notice.
    expect(e.emails.toAddress).toEqual({ "contact.ack": 1, "join.receipt": 2, "newsletter.confirm": 2 });
    expect(e.emails.mentioning).toBe(3);
    expect(e.signInCodes).toBe(1);
    expect(e.tokens).toBe(1);
    expect(e.account).toBeNull();
    expect(e.listedConvenorOf).toEqual([]);
    expect(whereAddressIs(ADDRESS).length).toBeGreaterThan(0);
  });

  it("shows an account and a group listing, which erasing keeps", () => {
    const e = findEverything(db, "ruth.convenor@example.org");
    expect(e.account?.role).toBe("convenor");
    expect(e.account?.groups.map((g) => g.slug)).toContain("hobart");
    expect(e.listedConvenorOf.map((g) => g.slug)).toEqual(["hobart"]);
    expect(previewErasure(db, "ruth.convenor@example.org").empty).toBe(true);
    const result = eraseEverything(services, "ruth.convenor@example.org", { kind: "self" }, { now: NOW })!;
    expect(Object.values(result.counts).every((n) => n === 0)).toBe(true);
    expect(findUserByEmail(db, "ruth.convenor@example.org")).toBeDefined();
    expect(db.prepare("SELECT convenor_email AS e FROM groups WHERE slug = 'hobart'").get()).toEqual({ e: "ruth.convenor@example.org" });
  });

  it("finds nothing for an address we never saw", () => {
    const p = previewErasure(db, "nobody@example.com");
    expect(p.empty).toBe(true);
    expect(p.everything).toMatchObject({ joinRequests: [], newsletter: null, rechecks: [], contactMessages: [], signInCodes: 0, tokens: 0, account: null });
  });
});

describe("eraseEverything", () => {
  it("leaves the address in no text column of any table, keeps counts, tells the convenor of the open request without the name, and keeps another person's data", () => {
    const { open, accepted } = leaveEverything(TYPED, "ada");
    leaveEverything(BYSTANDER, "bada", "Bea Person");
    expect(requestDataLink(services, TYPED, NOW)).toBe(true);
    const requestId = (db.prepare("SELECT max(id) AS id FROM privacy_requests").get() as { id: number }).id;
    const bystanderBefore = JSON.stringify(findEverything(db, BYSTANDER));
    const preview = previewErasure(db, TYPED);
    expect(preview.counts).toMatchObject({ joinRequests: 2, withdrawn: 1, newsletter: 1, rechecks: 1, contactMessages: 1, signInCodes: 1, tokens: 1 });

    const result = eraseEverything(services, TYPED, { kind: "self" }, { requestId, now: NOW })!;
    expect(result.requestId).toBe(requestId);
    expect(result.counts).toMatchObject({ joinRequests: 2, withdrawn: 1, newsletter: 1, rechecks: 1, contactMessages: 1, signInCodes: 1, tokens: 1 });
    // The emails: 5 to them, 3 about them (as found), and the privacy link.
    expect(result.counts.emails).toBe(9);

    expect(whereAddressIs(ADDRESS)).toEqual([]);
    expect(whereAddressIs("ada lovelace")).toEqual([]);
    expect(previewErasure(db, TYPED).empty).toBe(true);

    // Join requests keep group, status and dates for counts; the open one is withdrawn.
    const rows = db.prepare("SELECT id, status, name, email, note, hopes, answers, group_id AS groupId, created_at AS createdAt, erased_at AS erasedAt FROM join_requests WHERE id IN (?, ?) ORDER BY id").all(open, accepted) as Record<string, unknown>[];
    expect(rows.map((r) => [r.status, r.name, r.email, r.note, r.hopes, r.answers])).toEqual([
      ["withdrawn", "", "", "", "[]", "{}"],
      ["accepted", "", "", "", "[]", "{}"],
    ]);
    for (const r of rows) expect(r.erasedAt).toBe(NOW.toISOString());
    expect(auditFor(db, "join_request", open).map((a) => [a.action, a.actor, a.detail.via ?? null])).toContainEqual(["request.withdrawn", "applicant", "erasure"]);
    // The browser's answers behind the requests are gone.
    expect(db.prepare("SELECT count(*) AS n FROM wizard_sessions WHERE id IN ('ada-s1', 'ada-s2')").get()).toEqual({ n: 0 });

    // Hobart's convenor is told, without the name or the address.
    const notice = listOutbox(db).find((m) => m.kind === "join.erased")!;
    expect(notice.to).toBe("ruth.convenor@example.org");
    expect(notice.subject).toBe("A request to join Hobart has been withdrawn");
    expect(notice.text).not.toMatch(/Ada|lovelace/i);
    expect(notice.status).toBe("pending");

    // Emptied outbox rows are never sent: those still waiting are given up.
    const emptied = db.prepare("SELECT status FROM outbox WHERE to_address = '' AND kind != 'join.erased'").all() as { status: string }[];
    expect(emptied.length).toBe(9);
    expect(emptied.every((r) => r.status === "failed")).toBe(true);

    // The newsletter row stays as an empty, unsubscribed placeholder (its id is never reused).
    const signup = db.prepare("SELECT email, interests, place, lat, confirmed_at AS c, unsubscribed_at AS u, waiting_since AS w FROM newsletter_signups WHERE email LIKE 'erased:%'").get() as Record<string, unknown>;
    expect(signup).toMatchObject({ interests: "[]", place: null, lat: null, c: null, w: null });
    expect(signup.u).toBeTruthy();

    // The request is recorded, with counts and no address, in the audit log too.
    expect(getPrivacyRequest(db, requestId)).toMatchObject({ email: null, erasedAt: NOW.toISOString(), erased: result.counts });
    const audit = auditFor(db, "privacy", requestId);
    expect(audit.map((a) => a.action)).toEqual(["privacy.requested", "privacy.erased"]);
    expect(audit[1]!.detail).toMatchObject({ ...result.counts, accountKept: false, listingsKept: 0 });
    expect(JSON.stringify(audit)).not.toMatch(/lovelace/i);

    // Nothing of the other person's changed.
    expect(JSON.stringify(findEverything(db, BYSTANDER))).toBe(bystanderBefore);
    expect(listOutbox(db).filter((m) => m.to === BYSTANDER)).toHaveLength(5);
  });

  it("is safe to repeat, and staff can call it without a request (recorded as theirs)", () => {
    leaveEverything(TYPED, "ada");
    eraseEverything(services, TYPED, { kind: "self" }, { now: NOW });
    const staff = findUserByEmail(db, "demo.staff@example.org")!;
    const again = eraseEverything(services, ADDRESS, { kind: "staff", user: staff }, { now: NOW })!;
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
    expect(getPrivacyRequest(db, again.requestId)).toMatchObject({ via: "staff", email: null });
    expect(auditFor(db, "privacy", again.requestId)[0]).toMatchObject({ action: "privacy.erased", actor: "staff", actorName: "demo.staff@example.org", actorUserId: staff.id });
    expect(whereAddressIs(ADDRESS)).toEqual([]);
  });

  it("does nothing when its guard says no", () => {
    leaveEverything(TYPED, "ada");
    expect(eraseEverything(services, TYPED, { kind: "self" }, { guard: () => false, now: NOW })).toBeNull();
    expect(previewErasure(db, TYPED).empty).toBe(false);
  });
});

describe("mentionsAddress", () => {
  it("finds the address itself, not a longer address that contains it", () => {
    expect(mentionsAddress("Email: ada.lovelace@example.com\n", ADDRESS)).toBe(true);
    expect(mentionsAddress('{"Reply-To":"Ada.Lovelace@Example.com"}', ADDRESS)).toBe(true);
    expect(mentionsAddress("write to ada.lovelace@example.com.", ADDRESS)).toBe(true);
    expect(mentionsAddress("bada.lovelace@example.com", ADDRESS)).toBe(false);
    expect(mentionsAddress("x.ada.lovelace@example.com", ADDRESS)).toBe(false);
    expect(mentionsAddress("ada.lovelace@example.com.au", ADDRESS)).toBe(false);
    expect(mentionsAddress("ada.lovelace@example.community", ADDRESS)).toBe(false);
  });
});

/* ── On disk: the bytes, not only the tables ─────────────────────────── */

/** Occurrences of `needle` in a file's raw bytes. */
function occurrences(file: string, needle: string): number {
  const bytes = readFileSync(file);
  let n = 0;
  for (let i = bytes.indexOf(needle); i >= 0; i = bytes.indexOf(needle, i + 1)) n++;
  return n;
}

/** For each file that holds any of `needles`, its name and how many times (the address and name as stored and as typed). */
function bytesHolding(files: string[], needles: string[]): Record<string, number> {
  const found: Record<string, number> = {};
  for (const file of files) {
    const n = needles.reduce((sum, needle) => sum + occurrences(file, needle), 0);
    if (n) found[path.relative(path.dirname(db.name), file)] = n;
  }
  return found;
}

const mailFiles = () => {
  const dir = mailDirOf(db.name);
  return existsSync(dir) ? readdirSync(dir).map((f) => path.join(dir, f)) : [];
};
const databaseFiles = () => [db.name, `${db.name}-wal`].filter((f) => existsSync(f));

/** Sends everything queued through the file mailer (no SMTP server), as the server does: one .eml per email. */
async function sendAllAsFiles() {
  const worker = startMailWorker({ db, logger: createLogger("silent"), mailer: fileMailer(mailDirOf(db.name)), from: "PWCOP <pwcop@test.local>", pollMs: 60_000, retryBaseMs: 10, retryCapMs: 20 });
  while ((db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n > 0) await worker.drain();
  await worker.stop();
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe("erased on disk", () => {
  const OTHER = "grace.hopper@example.net";
  const NEEDLES = [ADDRESS, TYPED.trim(), "Ada Lovelace", "ada lovelace"];

  it.each(["self", "staff"] as const)("after a %s erasure and a backup, the database file, its WAL, the new backup and the mail folder hold neither the address nor the name", async (kind) => {
    leaveEverything(TYPED, "ada");
    leaveEverything(OTHER, "grace", "Grace Hopper");
    // Now, not NOW: the erase page checks the link against the clock.
    expect(requestDataLink(services, TYPED)).toBe(true);
    const requestId = (db.prepare("SELECT max(id) AS id FROM privacy_requests").get() as { id: number }).id;
    await sendAllAsFiles();
    const backups = path.join(path.dirname(db.name), "backups");
    const before = await backupDatabase(db, backups, { now: new Date("2026-06-01T02:00:00Z"), rotate: false });

    // Before: everywhere (the search finds what is there).
    const held = bytesHolding([...databaseFiles(), before.file, ...mailFiles()], NEEDLES);
    expect(held[path.relative(path.dirname(db.name), before.file)]).toBeGreaterThan(0);
    expect(Object.keys(held).filter((f) => f.endsWith(".eml")).length).toBeGreaterThanOrEqual(5);

    if (kind === "self") {
      // As the person does it: the erase page's button, with the token from the emailed link.
      const link = listOutbox(db).find((m) => m.kind === "privacy.link")!;
      expect(link.status).toBe("sent");
      const token = /[?&]t=([\w.~-]+)/.exec(link.text)![1]!;
      const res = await eraseAction({ request: new Request(`https://pwcop.example/my-data/erase?t=${token}`, { method: "POST" }), context: services, params: {} } as never).catch((thrown: unknown) => thrown);
      expect(res).toBeInstanceOf(Response);
      expect((res as Response).headers.get("location")).toBe("/my-data/erased");
      expect(getPrivacyRequest(db, requestId)?.erasedAt).toBeTruthy();
    } else {
      const staff = findUserByEmail(db, "demo.staff@example.org")!;
      const result = eraseEverything(services, ADDRESS, { kind: "staff", user: staff }, { now: NOW })!;
      expect(result.leftovers.checkpoint.done).toBe(true);
      expect(result.leftovers.mailFiles).toBeGreaterThanOrEqual(5);
    }
    const after = await backupDatabase(db, backups, { now: new Date("2026-06-01T03:00:00Z"), rotate: false });

    expect(bytesHolding([...databaseFiles(), after.file, ...mailFiles()], NEEDLES)).toEqual({});
    // The older backup still holds them: that is what the rotation's 30 days are about.
    expect(occurrences(before.file, ADDRESS)).toBeGreaterThan(0);
    // Another person's data and saved emails are all still there.
    expect(occurrences(db.name, OTHER) + occurrences(`${db.name}-wal`, OTHER)).toBeGreaterThan(0);
    expect(occurrences(after.file, OTHER)).toBeGreaterThan(0);
    expect(mailFiles().filter((f) => occurrences(f, OTHER) > 0).length).toBeGreaterThanOrEqual(5);
  });

  it("files are the server's user's only: database, WAL, backups and saved emails 0600, their folders 0700", async () => {
    leaveEverything(TYPED, "ada");
    await sendAllAsFiles();
    const backups = path.join(path.dirname(db.name), "backups");
    const backup = await backupDatabase(db, backups, { now: NOW, rotate: false });
    const files = [db.name, `${db.name}-wal`, `${db.name}-shm`, backup.file, ...mailFiles()];
    expect(mailFiles().length).toBeGreaterThanOrEqual(5);
    expect(Object.fromEntries(files.map((f) => [path.basename(f), mode(f).toString(8)]))).toEqual(Object.fromEntries(files.map((f) => [path.basename(f), "600"])));
    expect([backups, mailDirOf(db.name)].map((d) => mode(d).toString(8))).toEqual(["700", "700"]);
  });

  it("removing a staff or convenor account leaves its address nowhere in the database file, the audit log included", async () => {
    const staff = findUserByEmail(db, "demo.staff@example.org")!;
    const JO = "jo.convenor@example.net";
    const hobart = getGroupBySlug(db, "hobart")!;
    const { user: jo } = upsertUser(db, { email: JO, role: "convenor", name: "Jo Marsh" });
    addConvenor(db, hobart.id, jo.id);
    createSession(db, jo.id, new Date(NOW.getTime() + 86_400_000), "Firefox", NOW);
    insertSignInCode(db, { id: "jo-code", emailKey: JO, userId: jo.id, codeHash: "x", expiresAt: new Date(NOW.getTime() + 60_000), now: NOW });
    // As sign-in writes it (an address passed as the actor): stored as the role.
    appendAudit(db, { actorUserId: jo.id, actor: JO, action: "signed_in", subjectType: "user", subjectId: jo.id }, NOW);
    appendAudit(db, { actorUserId: jo.id, actor: JO, action: "group.marked_full", subjectType: "group", subjectId: hobart.id, groupId: hobart.id }, NOW);
    queueEmail(db, services.env, { kind: "auth.code", to: JO, vars: { code: "123456", minutes: 15, signInUrl: "https://pwcop.example/sign-in/code" } });
    await sendAllAsFiles();
    expect(Object.keys(bytesHolding([...databaseFiles(), ...mailFiles()], [JO])).length).toBeGreaterThan(0);
    expect(auditFor(db, "group", hobart.id).map(actorShown)).toContain(JO);

    const leftovers = eraseAccount(db, jo, staff, NOW);
    expect(leftovers && leftovers.checkpoint.done).toBe(true);
    expect(bytesHolding([...databaseFiles(), ...mailFiles()], [JO, "Jo Marsh"])).toEqual({});
    // The log keeps what the account did, shown without it.
    const rows = auditFor(db, "group", hobart.id).filter((r) => r.action === "group.marked_full");
    expect(rows.map((r) => [r.actor, actorShown(r)])).toEqual([["convenor", "A former convenor"]]);
    const page = listAuditPage(db, { actor: "former", limit: 50, offset: 0 });
    expect(page.total).toBe(0);
    const removed = listAuditPage(db, { action: "user_removed", limit: 50, offset: 0 }).rows;
    expect(removed.map((r) => [actorShown(r), r.detail])).toEqual([["demo.staff@example.org", JSON.stringify({ role: "convenor" })]]);
  });

  it("migration 11 rewrites the actors of an existing log to roles and leaves a removed account's address nowhere in the file", () => {
    // A database as an earlier version left it: no secure_delete, addresses as actors, an account removed since.
    const file = path.join(mkdtempSync(path.join(tmpdir(), "pwcop-audit-")), "old.db");
    const old = new Database(file);
    old.pragma("journal_mode = WAL");
    migrate(old as DB, MIGRATIONS.filter((m) => m.id < 11));
    const add = (email: string, role: string) => Number(old.prepare("INSERT INTO users (email, name, role) VALUES (?, '', ?)").run(email, role).lastInsertRowid);
    const boss = add("boss@example.org", "staff");
    const gone = add("gone.convenor@example.org", "convenor");
    const log = old.prepare("INSERT INTO audit_log (actor_user_id, actor, action, subject_type, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)");
    log.run(boss, "boss@example.org", "user_added", "user", gone, JSON.stringify({ role: "convenor" }));
    for (let i = 0; i < 50; i++) log.run(gone, "gone.convenor@example.org", "signed_in", "user", gone, "{}");
    log.run(boss, "boss@example.org", "user_removed", "user", gone, JSON.stringify({ role: "convenor" }));
    old.prepare("DELETE FROM users WHERE id = ?").run(gone);
    old.close();

    const db2 = openDatabase(file);
    try {
      expect(migrate(db2, MIGRATIONS.filter((m) => m.id <= 11))).toEqual([11]);
      const actors = db2.prepare("SELECT actor, count(*) AS n FROM audit_log GROUP BY actor ORDER BY actor").all();
      expect(actors).toEqual([
        { actor: "convenor", n: 50 },
        { actor: "staff", n: 2 },
      ]);
      const files = [file, `${file}-wal`].filter((f) => existsSync(f));
      expect(files.map((f) => occurrences(f, "gone.convenor@example.org"))).toEqual(files.map(() => 0));
      // Still append-only.
      expect(() => db2.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    } finally {
      db2.close();
    }
  });
});
