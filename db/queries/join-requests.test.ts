/**
 * listUnansweredJoinRequests, which the 7-day reminder (and the 14-day note
 * to staff) use to find requests still waiting on their convenor: a new
 * request counts from when it came in; "meet first" is an answer only until
 * its proposed date passes, and from then counts as unanswered, from that date.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Services } from "../../app/context";
import { applyDecision } from "../../app/join/decisions.server";
import { queueJoinRequestEmails, remindConvenors } from "../../app/join/join-emails.server";
import { parseEnv } from "../../app/utils/env.server";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { seedDemoData } from "../seed";
import { getGroupBySlug } from "./groups";
import { createJoinRequest, findJoinRequest, listUnansweredJoinRequests } from "./join-requests";
import type { ConvenorDecision } from "../../machines/join-request";

const DAY = 24 * 60 * 60 * 1000;
const CREATED = new Date("2026-03-02T01:00:00.000Z");
const at = (iso: string) => new Date(iso);
const daysAfter = (d: Date, days: number) => new Date(d.getTime() + days * DAY);

let db: DB;
let services: Pick<Services, "db" | "env" | "secrets">;

beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-unanswered-")), "t.db"));
  migrate(db);
  seedDemoData(db);
  services = { db, env: parseEnv({ APP_URL: "https://pwcop.example" }), secrets: ["a-test-secret-that-is-long-enough"] };
});

/** A join request as the join form makes it (its convenor emailed), made at CREATED. */
function makeRequest(session: string): number {
  const group = getGroupBySlug(db, "hobart")!;
  return db.transaction(() => {
    createJoinRequest(db, {
      groupId: group.id,
      wizardSessionId: session,
      name: "Jo Citizen",
      email: `${session}@example.com`,
      note: "",
      hopes: [],
      answers: { experience: "workshops", practice: "paid" },
      outcome: "group",
      reasons: ["match"],
      ruleVersion: "test",
      distanceKm: 2,
    });
    const id = findJoinRequest(db, session, group.id)!.id;
    queueJoinRequestEmails(services, id, CREATED);
    db.prepare("UPDATE join_requests SET created_at = ? WHERE id = ?").run(CREATED.toISOString(), id);
    return id;
  })();
}

/** The convenor's answer, through the one decision module, at `now`. */
function decide(id: number, decision: ConvenorDecision, now: Date, meetOn: string | null = null) {
  const result = applyDecision(
    services,
    { requestId: id, decision, actor: { kind: "user", user: { id: 1, email: "ruth.convenor@example.org", role: "convenor" } }, meetOn, declineReason: decision === "declined" ? "other" : null },
    now,
  );
  expect(result.ok, `${decision} at ${now.toISOString()}`).toBe(true);
}

/** Ids due a reminder at `now` (REMIND_AFTER_DAYS = 7 before it). */
const dueForReminder = (now: Date) => listUnansweredJoinRequests(db, "reminded_at", daysAfter(now, -7)).map((r) => r.id);
const dueForStaff = (now: Date) => listUnansweredJoinRequests(db, "escalated_at", daysAfter(now, -14)).map((r) => r.id);

describe("listUnansweredJoinRequests: meet first", () => {
  it("is an answer until its proposed date has passed, then counts from that date", () => {
    const untouched = makeRequest("new-one");
    const met = makeRequest("meet-first");
    decide(met, "meet_first", daysAfter(CREATED, 1), "2026-03-20");

    // Day 7: the unanswered new request is due; the one met first is not (it would be, as new).
    expect(dueForReminder(daysAfter(CREATED, 7))).toEqual([untouched]);
    // The proposed day itself and six days after it: still answered.
    expect(dueForReminder(at("2026-03-20T23:00:00.000Z"))).toEqual([untouched]);
    expect(dueForReminder(at("2026-03-26T23:59:00.000Z"))).toEqual([untouched]);
    // Seven days after the date: unanswered again, like a new request a week old.
    expect(dueForReminder(at("2026-03-27T00:00:00.000Z"))).toEqual([untouched, met]);
    // Staff are told 14 days after the date, not 14 days after the request came in.
    expect(dueForStaff(at("2026-03-20T00:00:00.000Z"))).toEqual([untouched]);
    expect(dueForStaff(at("2026-04-02T23:59:00.000Z"))).toEqual([untouched]);
    expect(dueForStaff(at("2026-04-03T00:00:00.000Z"))).toEqual([untouched, met]);
  });

  it("a new date (meet first again) moves the clock; accepting or declining after meeting ends it", () => {
    const again = makeRequest("again");
    const accepted = makeRequest("accepted-after");
    const declined = makeRequest("declined-after");
    for (const id of [again, accepted, declined]) decide(id, "meet_first", daysAfter(CREATED, 1), "2026-03-10");
    expect(dueForReminder(at("2026-03-17T00:00:00.000Z"))).toEqual([again, accepted, declined]);

    decide(again, "meet_first", at("2026-03-17T01:00:00.000Z"), "2026-04-01");
    decide(accepted, "accepted", at("2026-03-17T01:00:00.000Z"));
    decide(declined, "declined", at("2026-03-17T01:00:00.000Z"));
    expect(dueForReminder(at("2026-03-17T02:00:00.000Z"))).toEqual([]);
    expect(dueForReminder(at("2026-04-07T23:59:00.000Z"))).toEqual([]);
    expect(dueForReminder(at("2026-04-08T00:00:00.000Z"))).toEqual([again]);
    expect(dueForReminder(at("2026-06-01T00:00:00.000Z"))).toEqual([again]);
  });

  it("without a date, and on the waiting list, a request counts as answered", () => {
    const noDate = makeRequest("no-date");
    const waiting = makeRequest("waiting");
    decide(noDate, "meet_first", daysAfter(CREATED, 1));
    decide(waiting, "waiting_list", daysAfter(CREATED, 1));
    expect(dueForReminder(daysAfter(CREATED, 7))).toEqual([]);
    expect(dueForReminder(daysAfter(CREATED, 90))).toEqual([]);
    expect(dueForStaff(daysAfter(CREATED, 90))).toEqual([]);
  });
});

describe("the 7-day reminder job with meet first", () => {
  it("reminds the convenor once, seven days after the proposed date, not seven days after the request", () => {
    const id = makeRequest("job");
    decide(id, "meet_first", daysAfter(CREATED, 2), "2026-03-20");
    const reminders = () =>
      (db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'join.reminder' AND dedupe_key LIKE ?").get(`join:${id}:reminder%`) as { n: number }).n;
    const remindedAt = () => (db.prepare("SELECT reminded_at AS r FROM join_requests WHERE id = ?").get(id) as { r: string | null }).r;

    expect(remindConvenors(services, daysAfter(CREATED, 7))).toBe(0);
    expect(remindConvenors(services, at("2026-03-26T12:00:00.000Z"))).toBe(0);
    expect(reminders()).toBe(0);
    expect(remindedAt()).toBeNull();

    const due = at("2026-03-27T09:00:00.000Z");
    expect(remindConvenors(services, due)).toBe(1);
    expect(reminders()).toBe(1);
    expect(remindedAt()).toBe(due.toISOString());
    // Once.
    expect(remindConvenors(services, daysAfter(due, 1))).toBe(0);
    expect(reminders()).toBe(1);
  });
});
