/**
 * The outbox on a real SQLite file with the real migrations: caps counted per
 * mailbox (a +tag is the same mailbox) while the privacy search still matches
 * exact addresses, migration 10 on a database that already holds email, and
 * held emails (after a restore) that only staff send or discard.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { queueEmail } from "../../app/email/outbox.server";
import { mailboxKey, RECIPIENT_CAPS } from "../../app/email/recipient-caps";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { MIGRATIONS } from "../migrations";
import { claimDue, countHeldEmails, discardHeldEmails, enqueueEmail, forgetOldEmails, getOutboxMessage, holdQueuedEmails, markSent, releaseInterrupted, sendHeldEmails } from "./outbox";
import { emailsHeldFor, emptyOutboxFor } from "./privacy";

let db: DB;
const ENV = { APP_URL: "http://localhost:3000", PORT: 3000 };
const email = (to: string, kind = "test") => ({ kind, to, subject: `To ${to}`, text: `Hello ${to}`, html: `<p>Hello ${to}</p>` });

function freshDb(): DB {
  const d = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-outbox-")), "t.db"));
  return d;
}

beforeEach(() => {
  db = freshDb();
  migrate(db);
});

const columnKey = (to: string) => {
  const { id } = enqueueEmail(db, email(to), "test.local");
  return (db.prepare("SELECT mailbox_key AS k FROM outbox WHERE id = ?").get(id) as { k: string }).k;
};

describe("mailbox keys", () => {
  const examples: [string, string][] = [
    ["Victim+1@Example.org", "victim@example.org"],
    ["victim+tag+more@example.org", "victim@example.org"],
    ["  victim@example.org  ", "victim@example.org"],
    ["VICTIM@EXAMPLE.ORG", "victim@example.org"],
    ["first.last+news@sub.example.org", "first.last@sub.example.org"],
    // A + that is not in a local part after its first character is left alone.
    ["+tag@example.org", "+tag@example.org"],
    ["no-at-sign+x", "no-at-sign+x"],
    ["victim@ex+ample.org", "victim@ex+ample.org"],
    ["", ""],
  ];
  for (const [address, key] of examples) {
    it(`${JSON.stringify(address)} counts as ${JSON.stringify(key)}, in code and in the outbox's column`, () => {
      expect(mailboxKey(address)).toBe(key);
      expect(columnKey(address)).toBe(key);
    });
  }

  it("mailboxKey() and the generated mailbox_key column agree on any address (fast-check)", () => {
    const local = fc.stringMatching(/^[A-Za-z0-9.+_ -]{0,12}$/);
    const anyText = fc.string({ unit: "binary", maxLength: 30 });
    const address = fc.oneof(fc.tuple(local, fc.constantFrom("@", "@@", "+@", ""), local).map(([a, at, b]) => `${a}${at}${b}`), fc.emailAddress(), anyText);
    fc.assert(fc.property(address, (a) => mailboxKey(a) === columnKey(a)), { numRuns: 500 });
  });
});

describe("per-recipient caps count mailboxes", () => {
  it("20 newsletter confirmations to x+1@ … x+20@ queue only the cap, addressed as typed", () => {
    const results = Array.from({ length: 20 }, (_, i) =>
      queueEmail(db, ENV, { kind: "newsletter.confirm", to: `X+${i + 1}@Example.org`, vars: { confirmUrl: "http://localhost:3000/newsletter/confirm?t=x", days: 7 } }),
    );
    const cap = RECIPIENT_CAPS["newsletter.confirm"].perDay;
    expect(results.filter((r) => !r.capped)).toHaveLength(cap);
    expect((db.prepare("SELECT to_address AS t FROM outbox ORDER BY id").all() as { t: string }[]).map((r) => r.t)).toEqual(["X+1@Example.org", "X+2@Example.org"]);
    // The plain address is the same mailbox: capped too. Another mailbox is not.
    expect(queueEmail(db, ENV, { kind: "newsletter.confirm", to: "x@example.org", vars: { confirmUrl: "http://localhost:3000/c", days: 7 } }).capped).toBe(true);
    expect(queueEmail(db, ENV, { kind: "newsletter.confirm", to: "y+1@example.org", vars: { confirmUrl: "http://localhost:3000/c", days: 7 } }).capped).toBe(false);
  });

  it("the privacy search still matches the exact address: a +tag address never sees the plain address's emails, nor the reverse", () => {
    enqueueEmail(db, email("x@example.org", "wizard.resume"), "test.local");
    enqueueEmail(db, email("x@example.org", "recheck.set"), "test.local");
    enqueueEmail(db, email("x+1@example.org", "wizard.resume"), "test.local");
    expect(emailsHeldFor(db, "x+1@example.org").toAddress).toEqual({ "wizard.resume": 1 });
    expect(emailsHeldFor(db, "x@example.org").toAddress).toEqual({ "wizard.resume": 1, "recheck.set": 1 });
    expect(emailsHeldFor(db, "x+1@example.org").mentioning).toBe(0);
    expect(emailsHeldFor(db, "x@example.org").mentioning).toBe(0);
  });
});

describe("migration 10 on a database that already holds email", () => {
  it("keeps every row, and keys the existing ones by mailbox", () => {
    const old = freshDb();
    migrate(
      old,
      MIGRATIONS.filter((m) => m.id < 10),
    );
    const insert = old.prepare("INSERT INTO outbox (message_id, kind, dedupe_key, to_address, subject, text_body, html_body, status, attempts) VALUES (?, ?, ?, ?, 's', 't', 'h', ?, ?)");
    insert.run("<1@t>", "newsletter.confirm", "k1", "Ann+a@Example.org", "sent", 1);
    insert.run("<2@t>", "newsletter.confirm", null, "ann+b@example.org", "pending", 0);
    insert.run("<3@t>", "join.receipt", "k3", "bob@example.org", "failed", 40);
    const before = old.prepare("SELECT id, message_id, kind, dedupe_key, to_address, status, attempts, created_at FROM outbox ORDER BY id").all();
    expect(migrate(old)).toContain(10);
    expect(old.prepare("SELECT id, message_id, kind, dedupe_key, to_address, status, attempts, created_at FROM outbox ORDER BY id").all()).toEqual(before);
    expect(old.prepare("SELECT mailbox_key AS k, recipient_key AS r FROM outbox ORDER BY id").all()).toEqual([
      { k: "ann@example.org", r: "ann+a@example.org" },
      { k: "ann@example.org", r: "ann+b@example.org" },
      { k: "bob@example.org", r: "bob@example.org" },
    ]);
    // The counting query uses the new index.
    const plan = old.prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM outbox WHERE mailbox_key = ? AND kind = ? AND created_at >= ?").all("a", "b", "c") as { detail: string }[];
    expect(plan.map((p) => p.detail).join(" ")).toContain("outbox_by_mailbox");
    // Same dedupe key, same email: still refused after the copy.
    expect(enqueueEmail(old, { ...email("ann@example.org"), dedupeKey: "k1" }, "t").created).toBe(false);
    old.close();
  });
});

describe("held emails", () => {
  function queued() {
    const ids = [1, 2, 3, 4, 5].map((n) => enqueueEmail(db, email(`p${n}@example.org`), "test.local").id);
    const now = new Date();
    const [claimed] = claimDue(db, now, 1); // p1: being sent
    markSent(db, ids[1]!, now); // p2: sent
    db.prepare("UPDATE outbox SET status = 'failed' WHERE id = ?").run(ids[2]); // p3: given up
    return { ids, claimed };
  }

  it("a restore holds what was waiting or being sent; the worker's queries never pick a held email up", () => {
    const { ids } = queued();
    expect(holdQueuedEmails(db)).toBe(3); // p1 (sending), p4, p5 (pending)
    expect(countHeldEmails(db)).toBe(3);
    expect(ids.map((id) => getOutboxMessage(db, id)!.status)).toEqual(["held", "sent", "failed", "held", "held"]);
    expect(releaseInterrupted(db)).toBe(0);
    expect(claimDue(db, new Date(Date.now() + 365 * 86_400_000), 100)).toEqual([]);
    // Retention leaves held emails alone: they have not been sent.
    expect(forgetOldEmails(db, new Date(Date.now() + 365 * 86_400_000))).toBe(2); // p2 and p3 only
    expect(getOutboxMessage(db, ids[3]!)!.to).toBe("p4@example.org");
  });

  it("Send queues one held email to go now; Discard empties one; all at once does the rest", () => {
    const { ids } = queued();
    holdQueuedEmails(db);
    const now = new Date();
    expect(sendHeldEmails(db, ids[3]!, now)).toBe(1);
    expect(sendHeldEmails(db, ids[3]!, now)).toBe(0);
    expect(sendHeldEmails(db, ids[1]!, now)).toBe(0); // sent: not held
    expect(claimDue(db, now, 100).map((r) => r.id)).toEqual([ids[3]]);
    markSent(db, ids[3]!, now);
    expect(discardHeldEmails(db, ids[4]!)).toBe(1);
    expect(getOutboxMessage(db, ids[4]!)).toMatchObject({ status: "discarded", to: "", subject: "", text: "", html: "", headers: {} });
    expect(discardHeldEmails(db, ids[4]!)).toBe(0);
    expect(sendHeldEmails(db, ids[4]!, now)).toBe(0);
    // An emptied held email (an erasure) has nothing to send: only Discard.
    holdQueuedEmails(db);
    db.prepare("UPDATE outbox SET to_address = '' WHERE id = ?").run(ids[0]);
    expect(sendHeldEmails(db, null, now)).toBe(0);
    expect(discardHeldEmails(db, null)).toBe(1);
    expect(countHeldEmails(db)).toBe(0);
  });

  it("an erasure gives up a held email to the erased address: it leaves the held list as discarded, nothing to send", () => {
    const { ids } = queued();
    holdQueuedEmails(db);
    expect(emptyOutboxFor(db, "p4@example.org")).toEqual([ids[3]]);
    expect(getOutboxMessage(db, ids[3]!)).toMatchObject({ status: "discarded", to: "", subject: "", text: "" });
    expect(countHeldEmails(db)).toBe(2);
    expect(sendHeldEmails(db, ids[3]!, new Date())).toBe(0);
  });
});
