/**
 * Moving a join request to another group (moveRequest), on a real
 * (temporary) SQLite file: one transaction that moves it, spends the old
 * group's answer links, audits it and queues one email each to the
 * applicant and every convenor of both groups.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { getGroupBySlug, setGroupStatus } from "../../db/queries/groups";
import { createJoinRequest, findJoinRequest, getJoinRequestDetails } from "../../db/queries/join-requests";
import { listStaffRequests } from "../../db/queries/staff-requests";
import { migrate } from "../../db/migrate";
import { seedDemoAccounts, seedDemoData } from "../../db/seed";
import type { Services } from "../context";
import { applyDecision } from "../join/decisions.server";
import { escalateUnanswered, queueJoinRequestEmails, remindConvenors } from "../join/join-emails.server";
import { parseEnv } from "../utils/env.server";
import { moveRequest } from "./requests.server";

let db: DB;
let services: Pick<Services, "db" | "env" | "secrets">;
const STAFF = { id: 999, email: "demo.staff@example.org" };
const DAY = 86_400_000;

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-move-")), "t.db"));
  migrate(db);
  seedDemoData(db);
  seedDemoAccounts(db);
  services = { db, env: parseEnv({ APP_URL: "https://pwcop.example" }), secrets: ["a-test-secret-that-is-long-enough"] };
});

function ask(slug: string, session: string, created = new Date(Date.now() - 20 * DAY)): number {
  const group = getGroupBySlug(db, slug)!;
  return db.transaction(() => {
    createJoinRequest(db, {
      groupId: group.id,
      wizardSessionId: session,
      name: "Jo Citizen",
      email: `${session}@example.com`,
      note: "",
      hopes: [],
      answers: { experience: "workshops", practice: "paid" },
      outcome: "match",
      reasons: ["match"],
      ruleVersion: "test",
      distanceKm: 2,
    });
    const id = findJoinRequest(db, session, group.id)!.id;
    queueJoinRequestEmails(services, id, created);
    db.prepare("UPDATE join_requests SET created_at = ?, reminded_at = ?, escalated_at = ? WHERE id = ?").run(created.toISOString(), created.toISOString(), created.toISOString(), id);
    return id;
  })();
}

const outbox = () => db.prepare("SELECT kind, to_address AS toAddress, dedupe_key AS key FROM outbox ORDER BY id").all() as { kind: string; toAddress: string; key: string }[];
const liveTokens = (id: number) => (db.prepare("SELECT count(*) AS n FROM tokens WHERE purpose = 'join.decide' AND subject = ? AND used_at IS NULL").get(String(id)) as { n: number }).n;

describe("moveRequest", () => {
  it("moves an overdue request to another group as new, and tells the applicant and both groups' convenors once each", () => {
    const id = ask("hobart", "s1");
    const before = outbox().length;
    expect(liveTokens(id)).toBe(3);
    const brisbane = getGroupBySlug(db, "brisbane")!;
    const now = new Date();
    const result = moveRequest(services, { requestId: id, toGroupId: brisbane.id, user: STAFF }, now);
    expect(result).toMatchObject({ ok: true, from: { slug: "hobart" }, to: { slug: "brisbane" } });

    const r = getJoinRequestDetails(db, id)!;
    expect(r).toMatchObject({ status: "new", group: { slug: "brisbane" }, createdAt: now.toISOString(), remindedAt: null, escalatedAt: null, decidedAt: null });
    // The old group's links were spent; the new group's convenor has three fresh ones.
    expect(liveTokens(id)).toBe(3);
    const sent = outbox().slice(before);
    expect(sent.map((m) => [m.kind, m.toAddress]).sort()).toEqual(
      [
        ["join.convenor", "sam.convenor@example.org"],
        ["join.movedAway", "ruth.convenor@example.org"],
        ["join.reassigned", "s1@example.com"],
      ].sort(),
    );
    // The applicant can still withdraw, from a fresh link in the move's email.
    const toApplicant = db.prepare("SELECT text_body AS text FROM outbox WHERE kind = 'join.reassigned'").get() as { text: string };
    expect(toApplicant.text).toMatch(/\/join-requests\/withdraw\?t=/);
    expect(toApplicant.text).toContain("You asked to join Hobart");
    // Still seen as "convenor emailed" by the reminder job's key range.
    expect(sent.find((m) => m.kind === "join.convenor")!.key.startsWith(`join:${id}:convenor`)).toBe(true);

    const audit = db.prepare("SELECT actor, action, group_id AS groupId, detail FROM audit_log WHERE subject_id = ? AND subject_type = 'join_request' ORDER BY id").all(id) as { actor: string; action: string; groupId: number; detail: string }[];
    const moved = audit.find((a) => a.action === "request.reassigned")!;
    // The account's role, never its address: the log shows its name while it exists.
    expect(moved.actor).toBe("staff");
    expect(JSON.parse(moved.detail)).toEqual({ from: getGroupBySlug(db, "hobart")!.id, to: brisbane.id, fromStatus: "new", via: "staff" });

    // It no longer counts as overdue (the clock starts at the move).
    expect(listStaffRequests(db, { overdue: "7", now }, { sort: "received", dir: "desc", limit: 50, offset: 0 }).rows.map((x) => x.id)).not.toContain(id);
  });

  it("a convenor of both groups is told both things (dedupe keys of the move's own round)", () => {
    const id = ask("hobart", "s2");
    const ruth = db.prepare("SELECT id FROM users WHERE email = 'ruth.convenor@example.org'").get() as { id: number };
    const adelaide = getGroupBySlug(db, "adelaide")!;
    db.prepare("INSERT INTO group_convenors (group_id, user_id) VALUES (?, ?)").run(adelaide.id, ruth.id);
    const before = outbox().length;
    expect(moveRequest(services, { requestId: id, toGroupId: adelaide.id, user: STAFF }).ok).toBe(true);
    const toRuth = outbox()
      .slice(before)
      .filter((m) => m.toAddress === "ruth.convenor@example.org")
      .map((m) => m.kind)
      .sort();
    expect(toRuth).toEqual(["join.convenor", "join.movedAway"]);
  });

  it("a request reminded and raised with staff in its first group is reminded and raised again in the group it moved to", () => {
    const id = ask("hobart", "s4");
    db.prepare("UPDATE join_requests SET reminded_at = NULL, escalated_at = NULL WHERE id = ?").run(id);
    const now = Date.now();
    const remindersTo = () => outbox().filter((m) => m.kind === "join.reminder").map((m) => m.toAddress);
    const escalations = () => outbox().filter((m) => m.kind === "join.escalation").length;
    expect(remindConvenors(services, new Date(now))).toBe(1);
    expect(escalateUnanswered(services, new Date(now))).toBe(1);
    expect(remindersTo()).toEqual(["ruth.convenor@example.org"]);

    const brisbane = getGroupBySlug(db, "brisbane")!;
    expect(moveRequest(services, { requestId: id, toGroupId: brisbane.id, user: STAFF }, new Date(now + DAY)).ok).toBe(true);
    // Not yet due in the new group; then due: the new group's convenor is reminded, then staff are told, once each.
    expect(remindConvenors(services, new Date(now + 2 * DAY))).toBe(0);
    expect(remindConvenors(services, new Date(now + 9 * DAY))).toBe(1);
    expect(remindConvenors(services, new Date(now + 10 * DAY))).toBe(0);
    expect(remindersTo()).toEqual(["ruth.convenor@example.org", "sam.convenor@example.org"]);
    expect(escalateUnanswered(services, new Date(now + 16 * DAY))).toBe(1);
    expect(escalateUnanswered(services, new Date(now + 17 * DAY))).toBe(0);
    expect(escalations()).toBe(2);
  });

  it("refuses closed requests, groups that are not open or full, the same group, and a group they already asked", () => {
    const hobart = getGroupBySlug(db, "hobart")!;
    const brisbane = getGroupBySlug(db, "brisbane")!;
    const accepted = ask("hobart", "s3");
    applyDecision(services, { requestId: accepted, decision: "accepted", actor: { kind: "user", user: { ...STAFF, role: "staff" } } });
    expect(moveRequest(services, { requestId: accepted, toGroupId: brisbane.id, user: STAFF })).toEqual({ ok: false, reason: "not_allowed" });

    const id = ask("hobart", "s4");
    expect(moveRequest(services, { requestId: id, toGroupId: hobart.id, user: STAFF })).toEqual({ ok: false, reason: "no_group" });
    setGroupStatus(db, "brisbane", "closed");
    expect(moveRequest(services, { requestId: id, toGroupId: brisbane.id, user: STAFF })).toEqual({ ok: false, reason: "no_group" });
    const christchurch = getGroupBySlug(db, "christchurch-central")!;
    expect(moveRequest(services, { requestId: id, toGroupId: christchurch.id, user: STAFF })).toEqual({ ok: false, reason: "no_group" });

    // The same run through the questions already asked Adelaide.
    const adelaide = getGroupBySlug(db, "adelaide")!;
    createJoinRequest(db, { groupId: adelaide.id, wizardSessionId: "s4", name: "Jo", email: "other@example.com", note: "", hopes: [], answers: {}, outcome: "match", reasons: [], ruleVersion: "t", distanceKm: null });
    expect(moveRequest(services, { requestId: id, toGroupId: adelaide.id, user: STAFF })).toEqual({ ok: false, reason: "already_there" });
    expect(getJoinRequestDetails(db, id)!.group.slug).toBe("hobart");
    expect(moveRequest(services, { requestId: 123456, toGroupId: adelaide.id, user: STAFF })).toEqual({ ok: false, reason: "not_found" });
  });
});
