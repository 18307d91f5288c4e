import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { seedDemoData } from "../seed";
import { getGroupBySlug } from "./groups";
import { createJoinRequest, findJoinRequest } from "./join-requests";
import { upsertNewsletterSignup } from "./newsletter";
import { purgeStaleWizardSessions, readWizardSnapshot, saveWizardSnapshot } from "./wizard-sessions";
import { sessionSecret } from "./settings";

let db: DB;
beforeEach(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-forms-")), "t.db"));
  migrate(db);
  seedDemoData(db);
});

const request = (groupId: number) => ({
  groupId,
  wizardSessionId: "session-1",
  name: "Jo",
  email: "jo@example.com",
  note: "",
  hopes: ["connection"],
  answers: { experience: "workshops" },
  outcome: "group",
  reasons: ["match"],
  ruleVersion: "test",
  distanceKm: 1.2,
});

describe("join requests", () => {
  it("stores one request per wizard session and group, however often it is sent", () => {
    const group = getGroupBySlug(db, "melbourne-inner-north")!;
    const first = createJoinRequest(db, request(group.id));
    const again = createJoinRequest(db, request(group.id));
    expect(first.created).toBe(true);
    expect(again).toEqual({ publicId: first.publicId, created: false });
    expect((db.prepare("SELECT count(*) AS n FROM join_requests").get() as { n: number }).n).toBe(1);
    expect(findJoinRequest(db, "session-1", group.id)?.publicId).toBe(first.publicId);
  });
});

describe("newsletter sign-ups", () => {
  it("keeps one row per address and updates interests", () => {
    const base = { interests: ["new_groups" as const], country: "AU", place: "Brunswick, VIC 3056", areaId: "au-3056-brunswick", lat: -37.77, lon: 144.96, distanceKm: 25, acceptsOnline: false, outcome: "newsletter", reasons: ["no_group_nearby"], ruleVersion: "t" };
    expect(upsertNewsletterSignup(db, { ...base, email: "Sam@Example.com" }).created).toBe(true);
    expect(upsertNewsletterSignup(db, { ...base, email: "sam@example.com", interests: ["training_events"], country: null, place: null, areaId: null, lat: null, lon: null, distanceKm: null }).created).toBe(false);
    const row = db.prepare("SELECT email, interests, place FROM newsletter_signups").get() as Record<string, string>;
    expect(row).toEqual({ email: "sam@example.com", interests: '["training_events"]', place: "Brunswick, VIC 3056" });
  });
});

describe("wizard sessions and settings", () => {
  it("round-trips a snapshot and purges stale ones", () => {
    saveWizardSnapshot(db, "abc", { value: "practice" });
    expect(readWizardSnapshot(db, "abc")).toEqual({ value: "practice" });
    db.prepare("UPDATE wizard_sessions SET updated_at = '2000-01-01T00:00:00.000Z'").run();
    expect(purgeStaleWizardSessions(db)).toBe(1);
    expect(readWizardSnapshot(db, "abc")).toBeUndefined();
  });

  it("generates the session secret once", () => {
    const s = sessionSecret(db);
    expect(s.length).toBeGreaterThanOrEqual(32);
    expect(sessionSecret(db)).toBe(s);
  });
});
