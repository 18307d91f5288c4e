import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Services } from "../app/context";
import { queueJoinRequestEmails } from "../app/join/join-emails.server";
import { parseEnv } from "../app/utils/env.server";
import { createLogger } from "../app/utils/logger.server";
import { openDatabase, type DB } from "../db/client";
import { mailDirOf, mailFileName } from "../db/mail-files";
import { migrate } from "../db/migrate";
import { getGroupBySlug } from "../db/queries/groups";
import { changeJoinRequestStatus, createJoinRequest, findJoinRequest } from "../db/queries/join-requests";
import { getOutboxMessage, listOutbox, markSent } from "../db/queries/outbox";
import { issueToken } from "../db/queries/tokens";
import { seedDemoData } from "../db/seed";
import { joinRequestJobs, retentionJobs, scheduledJobs } from "./jobs";
import { fileMailer, startMailWorker } from "./mail-worker";

let db: DB;
let services: Services;
const DAY = 24 * 60 * 60 * 1000;
const CREATED = new Date("2026-03-02T01:00:00.000Z");

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-jobs-")), "t.db"));
  migrate(db);
  seedDemoData(db);
  services = {
    db,
    env: parseEnv({ APP_URL: "https://pwcop.example", STAFF_EMAIL: "staff@anzpop.example" }),
    logger: createLogger("silent"),
    secrets: ["a-test-secret-that-is-long-enough"],
  };
});

/** A join request as the join form makes it: the row and both emails in one transaction, made at CREATED. */
function makeRequest(session: string, slug = "melbourne-inner-north") {
  const group = getGroupBySlug(db, slug)!;
  return db.transaction(() => {
    const r = createJoinRequest(db, {
      groupId: group.id,
      wizardSessionId: session,
      name: "Jo Citizen",
      email: `${session}@example.com`,
      note: "I facilitate community meetings.",
      hopes: ["connection", "learn_share"],
      answers: { experience: "workshops", practice: "unpaid" },
      outcome: "group",
      reasons: ["match"],
      ruleVersion: "test",
      distanceKm: 3.4,
    });
    const id = findJoinRequest(db, session, group.id)!.id;
    if (r.created) queueJoinRequestEmails(services, id, CREATED);
    db.prepare("UPDATE join_requests SET created_at = ? WHERE id = ?").run(CREATED.toISOString(), id);
    return { id, created: r.created };
  })();
}

const runJobs = (now: Date) => {
  for (const job of scheduledJobs(services)) job.run(now);
};
const kinds = () => listOutbox(db).map((m) => m.kind).sort();
const row = (id: number) =>
  db.prepare("SELECT reminded_at AS remindedAt, escalated_at AS escalatedAt FROM join_requests WHERE id = ?").get(id) as {
    remindedAt: string | null;
    escalatedAt: string | null;
  };

describe("join request emails", () => {
  it("queues the convenor's summary with three links and the applicant's receipt, once", () => {
    const first = makeRequest("s1");
    const again = makeRequest("s1");
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    expect(kinds()).toEqual(["join.convenor", "join.receipt"]);

    const [convenor] = listOutbox(db).filter((m) => m.kind === "join.convenor");
    expect(convenor!.to).toBe("mira.convenor@example.org");
    expect(convenor!.subject).toBe("New request to join Melbourne Inner North");
    expect(convenor!.text).toContain("Email: s1@example.com");
    expect(convenor!.text).toContain("Process Work learning: I have been to some Process Work workshops or courses");
    expect(convenor!.text).toContain("Process Work in their work: Yes, in unpaid work");
    expect(convenor!.text).toContain("Distance from the group: about 3 km");
    expect(convenor!.text).toContain("- Less isolation, and more support in using Process Work\n- To learn from others and share what I know");
    expect(convenor!.text).toContain("I facilitate community meetings.");
    const links = [...convenor!.text.matchAll(/https:\/\/pwcop\.example\/join-requests\/decide\?token=([\w.%-]+)/g)].map((m) => m[1]);
    expect(links).toHaveLength(3);
    expect(new Set(links).size).toBe(3);
    expect(convenor!.text).toContain("the links work until Monday 16 March 2026");
    expect(convenor!.html).not.toMatch(/<img/i);

    const [receipt] = listOutbox(db).filter((m) => m.kind === "join.receipt");
    expect(receipt!.to).toBe("s1@example.com");
    expect(receipt!.subject).toBe("Your request to join Melbourne Inner North");
    expect(receipt!.text).not.toContain("token=");
  });
});

describe("reminder and escalation jobs", () => {
  it("are importable, named, and remind before they escalate", () => {
    expect(joinRequestJobs(services).map((j) => j.name)).toEqual(["join.remind-convenors", "join.escalate-unanswered"]);
    expect(scheduledJobs(services).map((j) => j.name)).toEqual(expect.arrayContaining(["join.remind-convenors", "join.escalate-unanswered"]));
  });

  it("remind the convenor once after 7 days and tell staff once after 14", () => {
    const { id } = makeRequest("s2");
    runJobs(new Date(CREATED.getTime() + 7 * DAY - 60_000));
    expect(kinds()).toEqual(["join.convenor", "join.receipt"]);
    expect(row(id)).toEqual({ remindedAt: null, escalatedAt: null });

    const day7 = new Date(CREATED.getTime() + 7 * DAY);
    runJobs(day7);
    runJobs(new Date(day7.getTime() + 60_000));
    expect(kinds()).toEqual(["join.convenor", "join.receipt", "join.reminder"]);
    expect(row(id)).toEqual({ remindedAt: day7.toISOString(), escalatedAt: null });
    const reminder = listOutbox(db).find((m) => m.kind === "join.reminder")!;
    expect(reminder.to).toBe("mira.convenor@example.org");
    expect(reminder.subject).toBe("Reminder: a request to join Melbourne Inner North is waiting for your answer");
    expect(reminder.text).toContain("On Monday 2 March 2026, Jo Citizen asked to join Melbourne Inner North");
    // Fresh links, good for another 14 days.
    expect(reminder.text.match(/\/join-requests\/decide\?token=/g)).toHaveLength(3);
    expect(reminder.text).toContain("until Monday 23 March 2026");

    runJobs(new Date(CREATED.getTime() + 14 * DAY - 60_000));
    expect(kinds()).not.toContain("join.escalation");
    const day14 = new Date(CREATED.getTime() + 14 * DAY);
    runJobs(day14);
    runJobs(new Date(day14.getTime() + DAY));
    expect(kinds()).toEqual(["join.convenor", "join.escalation", "join.receipt", "join.reminder"]);
    expect(row(id)).toEqual({ remindedAt: day7.toISOString(), escalatedAt: day14.toISOString() });
    const staff = listOutbox(db).find((m) => m.kind === "join.escalation")!;
    expect(staff.to).toBe("staff@anzpop.example");
    expect(staff.subject).toBe("No answer after 14 days: a request to join Melbourne Inner North");
    expect(staff.text).toContain("Reminder sent to the convenor: Monday 9 March 2026");
    // Staff get the reference, not the applicant's details.
    expect(staff.text).not.toMatch(/Jo Citizen|s2@example\.com|community meetings/);
  });

  it("does both at once for a request found late, and nothing for answered requests", () => {
    const late = makeRequest("s3");
    const answered = makeRequest("s4");
    changeJoinRequestStatus(db, answered.id, "new", "accepted", {}, new Date(CREATED.getTime() + DAY));
    runJobs(new Date(CREATED.getTime() + 30 * DAY));
    runJobs(new Date(CREATED.getTime() + 31 * DAY));
    const byKind = (k: string) => listOutbox(db).filter((m) => m.kind === k);
    expect(byKind("join.reminder")).toHaveLength(1);
    expect(byKind("join.escalation")).toHaveLength(1);
    expect(row(late.id).remindedAt).not.toBeNull();
    expect(row(answered.id)).toEqual({ remindedAt: null, escalatedAt: null });
  });

  it("leave alone requests whose convenor was never emailed (made before these emails existed)", () => {
    const group = getGroupBySlug(db, "hobart")!;
    createJoinRequest(db, { groupId: group.id, wizardSessionId: "old", name: "Old", email: "old@example.com", note: "", hopes: [], answers: {}, outcome: "group", reasons: ["match"], ruleVersion: "t", distanceKm: 2 });
    db.prepare("UPDATE join_requests SET created_at = ?").run(CREATED.toISOString());
    runJobs(new Date(CREATED.getTime() + 30 * DAY));
    expect(kinds()).toEqual([]);
  });
});

describe("retention jobs", () => {
  it("empty sent emails after 30 days, leave unsent ones, and still never queue the same email twice", () => {
    const { id } = makeRequest("s9");
    const [convenor, receipt] = ["join.convenor", "join.receipt"].map((kind) => listOutbox(db).find((m) => m.kind === kind)!);
    markSent(db, convenor!.id, CREATED);
    runJobs(new Date(CREATED.getTime() + 30 * DAY - 60_000));
    expect(getOutboxMessage(db, convenor!.id)!.to).toBe("mira.convenor@example.org");

    runJobs(new Date(CREATED.getTime() + 30 * DAY + 60_000));
    const emptied = getOutboxMessage(db, convenor!.id)!;
    expect(emptied).toMatchObject({ to: "", subject: "", text: "", html: "", headers: {}, status: "sent", kind: "join.convenor" });
    expect(emptied.messageId).toBe(convenor!.messageId);
    // The applicant's receipt was never sent: it keeps everything it needs to be sent.
    expect(getOutboxMessage(db, receipt!.id)!.to).toBe("s9@example.com");
    // Queuing the same request's emails again adds nothing.
    queueJoinRequestEmails(services, id, new Date(CREATED.getTime() + 31 * DAY));
    expect(listOutbox(db).filter((m) => m.kind === "join.convenor")).toHaveLength(1);
  });

  it("delete an email's saved .eml file (no SMTP server) when they empty its row, and no other", async () => {
    makeRequest("s10");
    const worker = startMailWorker({ db, logger: services.logger, mailer: fileMailer(mailDirOf(db.name)), from: "t@test.local", pollMs: 60_000, retryBaseMs: 10, retryCapMs: 20 });
    await worker.drain();
    await worker.stop();
    const [convenor, receipt] = ["join.convenor", "join.receipt"].map((kind) => listOutbox(db).find((m) => m.kind === kind)!);
    const saved = () => readdirSync(mailDirOf(db.name)).sort();
    expect(saved()).toEqual([convenor!.id, receipt!.id].map(mailFileName).sort());
    // The convenor's copy was sent 31 days ago, the receipt today.
    markSent(db, convenor!.id, new Date(Date.now() - 31 * DAY));
    runJobs(new Date());
    expect(getOutboxMessage(db, convenor!.id)!.to).toBe("");
    expect(existsSync(`${mailDirOf(db.name)}/${mailFileName(convenor!.id)}`)).toBe(false);
    expect(saved()).toEqual([mailFileName(receipt!.id)]);
  });

  it("delete tokens 90 days after they expire", () => {
    const runRetention = (now: Date) => {
      for (const job of retentionJobs(services)) job.run(now);
    };
    const ids = () => (db.prepare("SELECT subject FROM tokens ORDER BY subject").all() as { subject: string }[]).map((r) => r.subject);
    issueToken(db, services.secrets[0]!, { purpose: "decide", subject: "short", ttlMs: DAY, now: CREATED });
    issueToken(db, services.secrets[0]!, { purpose: "decide", subject: "long", ttlMs: 30 * DAY, now: CREATED });
    runRetention(new Date(CREATED.getTime() + 91 * DAY - 60_000));
    expect(ids()).toEqual(["long", "short"]);
    runRetention(new Date(CREATED.getTime() + 91 * DAY + 60_000));
    expect(ids()).toEqual(["long"]);
    runRetention(new Date(CREATED.getTime() + 120 * DAY + 60_000));
    expect(ids()).toEqual([]);
  });
});
