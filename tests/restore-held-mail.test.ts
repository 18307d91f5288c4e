/**
 * A restore sends nothing twice, end to end: the production server queues
 * emails while its mail server is down, `npm run db:backup` takes a snapshot
 * with them still waiting, the mail server comes up and everything is
 * delivered, then `npm run db:restore` puts the snapshot back and the server
 * starts again. The emails the snapshot held are held: none is delivered a
 * second time, and staff see them on /staff/outbox (data-status="held"),
 * where "Send" delivers one and "Discard" empties one.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { signIn, DEMO } from "./support/back-office";
import { outboxDrained, waitFor } from "./support/inbox";
import { freePort, startServer, type RunningServer } from "./support/server";
import { startSmtp, type TestSmtp } from "./support/smtp";

const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "pwcop-restore-"));
const DATABASE_PATH = path.join(dir, "pwcop.db");
const BACKUP_DIR = path.join(dir, "backups");
const SIGNUPS = 8;

let server: RunningServer | undefined;
let smtp: TestSmtp | undefined;
/** A reading connection to the restarted server's database. */
let live: Database.Database | undefined;
afterAll(async () => {
  live?.close();
  await server?.stop();
  await smtp?.close();
});

function run(script: string, args: string[] = []) {
  const { BACKUP_DIR: _d, BACKUP_EVERY_MINUTES: _e, DATABASE_PATH: _p, ...inherited } = process.env;
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: root, env: { ...inherited, DATABASE_PATH, BACKUP_DIR }, encoding: "utf8", timeout: 60_000 });
  expect(r.stderr, script).toBe("");
  expect(r.status, script).toBe(0);
  return r.stdout;
}

/** The server on this test's own database file, sending to `smtpPort`; no scheduled backups; quick retries. */
const start = (smtpPort: number) =>
  startServer({ DATABASE_PATH, BACKUP_DIR, BACKUP_EVERY_MINUTES: "0", SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_POLL_MS: "100", MAIL_RETRY_BASE_MS: "200", MAIL_RETRY_CAP_MS: "400", WEB_CONCURRENCY: "1" });

function readDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(DATABASE_PATH, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
const statuses = () => readDb((db) => Object.fromEntries((db.prepare("SELECT status, count(*) AS n FROM outbox GROUP BY status").all() as { status: string; n: number }[]).map((r) => [r.status, r.n])));
/** How many times each Message-ID reached the SMTP server. */
const deliveries = () => {
  const byId = new Map<string, number>();
  for (const m of smtp!.received) byId.set(m.messageId ?? "", (byId.get(m.messageId ?? "") ?? 0) + 1);
  return byId;
};

it("emails queued in a restored backup are held: none is delivered twice, and staff send or discard each", { timeout: 180_000 }, async () => {
  const smtpPort = await freePort();
  // 1. The mail server is down: sign-ups queue their confirmations, and the worker keeps retrying them.
  server = await start(smtpPort);
  for (let i = 1; i <= SIGNUPS; i++) {
    const res = await fetch(`${server.baseURL}/newsletter`, { method: "POST", body: new URLSearchParams({ email: `restore-${i}@example.org`, interests: "training_events" }), redirect: "manual" });
    expect(res.status).toBe(303);
  }
  await waitFor("a refused attempt at every email", () => readDb((db) => (db.prepare("SELECT count(*) AS n FROM outbox WHERE attempts > 0 AND status = 'pending'").get() as { n: number }).n) === SIGNUPS, 30_000);

  // 2. A backup while the server runs: the snapshot holds the 8 emails, waiting to be retried.
  expect(run("scripts/db-backup.ts")).toContain("Backed up");
  const [backup] = readdirSync(BACKUP_DIR).filter((f) => f.endsWith(".db"));
  const inSnapshot = (() => {
    const db = new Database(path.join(BACKUP_DIR, backup!), { readonly: true });
    try {
      return db.prepare("SELECT message_id AS id FROM outbox WHERE status IN ('pending', 'sending') ORDER BY id").all() as { id: string }[];
    } finally {
      db.close();
    }
  })();
  expect(inSnapshot).toHaveLength(SIGNUPS);

  // 3. The mail server comes up: every email is delivered once.
  smtp = await startSmtp(smtpPort);
  await waitFor("every email delivered", () => readDb((db) => (db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent'").get() as { n: number }).n) === SIGNUPS, 30_000);
  expect(smtp.unique()).toHaveLength(SIGNUPS);
  await server.stop();

  // 4. Restore the snapshot (server stopped), then start again.
  const restored = run("scripts/db-restore.ts", [path.join(BACKUP_DIR, backup!)]);
  expect(restored).toContain(`Held ${SIGNUPS} emails the backup still had to send`);
  expect(statuses()).toEqual({ held: SIGNUPS });
  server = await start(smtpPort);
  live = new Database(DATABASE_PATH, { readonly: true });

  // A staff member signs in: their code is queued after the restore and delivered as usual, by the same
  // worker that would have sent the held emails first (it takes the oldest due first).
  const staff = await signIn({ smtp, base: server.baseURL }, DEMO.staff);
  await outboxDrained(live);
  const twice = [...deliveries().values()].filter((n) => n > 1).length;
  console.log(`restore: ${SIGNUPS} emails in the snapshot, ${smtp.unique().length - 1} delivered before the restore, ${twice} delivered twice after it`);
  expect(twice).toBe(0);
  expect(statuses()).toMatchObject({ held: SIGNUPS, sent: 1 });

  // 5. The overview counts them among what needs a person, linking to the held list.
  const overview = await (await staff.get("/staff")).text();
  expect(overview).toMatch(new RegExp(`<li[^>]*data-task="held-emails" data-count="${SIGNUPS}"><a[^>]*href="/staff/outbox\\?status=held"`));

  // /staff/outbox lists them as held, with Send and Discard.
  const page = await (await staff.get("/staff/outbox?status=held")).text();
  const heldIds = [...page.matchAll(/<tr data-email-id="(\d+)" data-status="held">/g)].map((m) => Number(m[1]));
  expect(heldIds).toHaveLength(SIGNUPS);
  expect(page).toContain("Send all held");
  expect(page).toContain("Discard all held");
  expect((page.match(/>Send<\/button>/g) ?? []).length).toBe(SIGNUPS);
  expect((page.match(/>Discard<\/button>/g) ?? []).length).toBe(SIGNUPS);

  // Send: that one email goes out (again, as staff chose), and only it.
  const [sendId, discardId, ...rest] = heldIds;
  const messageIdOf = (id: number) => readDb((db) => (db.prepare("SELECT message_id AS m FROM outbox WHERE id = ?").get(id) as { m: string }).m);
  const before = smtp.received.length;
  const sent = await staff.post("/staff/outbox", { intent: "send", id: String(sendId) });
  expect(sent.status).toBe(303);
  expect(sent.headers.get("location")).toBe(`/staff/outbox?status=held&sent=${sendId}`);
  await waitFor("the email staff sent", () => smtp!.received.length > before, 15_000);
  await outboxDrained(live);
  expect(smtp.received.slice(before).map((m) => m.messageId)).toEqual([messageIdOf(sendId!)]);

  // Discard: emptied, never sent.
  const discarded = await staff.post("/staff/outbox", { intent: "discard", id: String(discardId) });
  expect(discarded.headers.get("location")).toBe(`/staff/outbox?status=held&discarded=${discardId}`);
  expect(readDb((db) => db.prepare("SELECT status, to_address AS t, subject, text_body AS text FROM outbox WHERE id = ?").get(discardId))).toEqual({ status: "discarded", t: "", subject: "", text: "" });
  const after = await (await staff.get(`/staff/outbox?status=held&discarded=${discardId}`)).text();
  expect([...after.matchAll(/data-status="held"/g)]).toHaveLength(rest.length);
  expect(after).toContain(`Email ${discardId} was discarded`);

  // Discard all held: the rest go the same way; every change is in the audit log.
  const all = await staff.post("/staff/outbox", { intent: "discard-all" });
  expect(all.headers.get("location")).toBe(`/staff/outbox?status=held&discardedAll=${rest.length}`);
  expect(statuses()).toMatchObject({ discarded: SIGNUPS - 1, sent: 2 });
  expect(statuses().held).toBeUndefined();
  expect(readDb((db) => db.prepare("SELECT action, subject_id AS id, detail FROM audit_log WHERE action LIKE 'email.held%' ORDER BY rowid").all())).toEqual([
    { action: "email.held_sent", id: sendId, detail: "{}" },
    { action: "email.held_discarded", id: discardId, detail: "{}" },
    { action: "email.held_discarded_all", id: null, detail: JSON.stringify({ count: rest.length }) },
  ]);
  expect([...deliveries().values()].filter((n) => n > 1)).toEqual([2]); // only the one staff chose to send
});
