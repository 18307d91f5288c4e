/**
 * Finding and erasing everything held for one address, on a real SQLite
 * file with the real migrations and demo data: afterwards, no text column of
 * any table holds the address (case-insensitively), while another person's
 * data, whose address merely contains it, is untouched.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { migrate } from "../../db/migrate";
import { auditFor } from "../../db/queries/audit";
import { getGroupBySlug } from "../../db/queries/groups";
import { changeJoinRequestStatus, createJoinRequest, findJoinRequest } from "../../db/queries/join-requests";
import { listOutbox } from "../../db/queries/outbox";
import { getPrivacyRequest, mentionsAddress } from "../../db/queries/privacy";
import { scheduleRecheck } from "../../db/queries/recheck";
import { insertSignInCode, findUserByEmail } from "../../db/queries/users";
import { saveWizardSnapshot } from "../../db/queries/wizard-sessions";
import { seedDemoAccounts, seedDemoData } from "../../db/seed";
import { sendContactMessage } from "../contact/contact.server";
import type { Services } from "../context";
import { queueJoinRequestEmails } from "../join/join-emails.server";
import { requestSignup } from "../newsletter/subscription.server";
import { parseEnv } from "../utils/env.server";
import { createLogger } from "../utils/logger.server";
import { eraseEverything, findEverything, previewErasure } from "./erase.server";
import { requestDataLink } from "./my-data.server";

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
    expect(auditFor(db, "privacy", again.requestId)[0]).toMatchObject({ action: "privacy.erased", actor: "demo.staff@example.org", actorUserId: staff.id });
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
