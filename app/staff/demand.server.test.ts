/**
 * Demand, seeding a group and the overview's counts, against a real SQLite
 * file with the gazetteer and the demo groups: who counts as waiting with no
 * group near them, the areas they make, the forming group and its emails
 * (once each, only with consent) in one transaction, and the threshold.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../../db/client";
import { loadGazetteer } from "../../db/gazetteer";
import { migrate } from "../../db/migrate";
import { auditForGroup } from "../../db/queries/audit";
import { getDemandThreshold, setDemandThreshold } from "../../db/queries/demand";
import { getGroupBySlug } from "../../db/queries/groups";
import { listOutbox } from "../../db/queries/outbox";
import { countFailedEmails, countNewContactMessages, countUnansweredRequests, listGroupsNeedingPerson } from "../../db/queries/overview";
import { seedDemoData } from "../../db/seed";
import type { Services } from "../context";
import { parseEnv } from "../utils/env.server";
import { createLogger } from "../utils/logger.server";
import { clusterLabel, computeDemand, seedCluster, slugify } from "./demand.server";

const STAFF = "staff@anzpop.example";
const STAFF_USER = { id: 1, email: "demo.staff@example.org" };
const BALLARAT = { lat: -37.562159, lon: 143.850256 };
const BENDIGO = { lat: -36.757016, lon: 144.279391 };
const BRUNSWICK = { lat: -37.7667, lon: 144.96 };
const DUNEDIN = { lat: -45.87416, lon: 170.50361 };

let template: string;
let db: DB;
let services: Services;

beforeAll(() => {
  template = path.join(mkdtempSync(path.join(tmpdir(), "pwcop-demand-")), "template.db");
  const t = openDatabase(template);
  migrate(t);
  loadGazetteer(t);
  seedDemoData(t);
  t.pragma("wal_checkpoint(TRUNCATE)");
  t.close();
}, 60_000);

beforeEach(() => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "pwcop-demand-")), "t.db");
  copyFileSync(template, file);
  db = openDatabase(file);
  services = { db, env: parseEnv({ APP_URL: "https://pwcop.example", STAFF_EMAIL: STAFF }), logger: createLogger("silent"), secrets: ["a-test-secret-that-is-long-enough"] };
});

let people = 0;
const emailOf = new Map<number, string>();
/** A sign-up on the waiting list (confirmed unless told), `dx` km east of a point. */
function waiting(
  at: { lat: number; lon: number },
  o: { dx?: number; distanceKm?: number; interests?: string[]; online?: boolean; confirmed?: boolean; unsubscribed?: boolean; waiting?: boolean } = {},
): number {
  const n = ++people;
  const lon = at.lon + (o.dx ?? 0) / (111.195 * Math.cos((at.lat * Math.PI) / 180));
  const row = db
    .prepare(
      `INSERT INTO newsletter_signups (email, interests, country, place, lat, lon, distance_km, accepts_online, outcome, reasons, confirmed_at, unsubscribed_at, waiting_since)
       VALUES (?, ?, 'AU', ?, ?, ?, ?, ?, 'newsletter', '["no_group_nearby"]', ?, ?, ?) RETURNING id`,
    )
    .get(
      `waiting${n}@example.com`,
      JSON.stringify(o.interests ?? ["new_groups"]),
      `Place ${n}`,
      at.lat,
      lon,
      o.distanceKm ?? 25,
      o.online ? 1 : 0,
      o.confirmed === false ? null : "2026-01-01T00:00:00.000Z",
      o.unsubscribed ? "2026-02-01T00:00:00.000Z" : null,
      o.waiting === false ? null : "2026-01-02T00:00:00.000Z",
    ) as { id: number };
  emailOf.set(row.id, `waiting${n}@example.com`);
  return row.id;
}

describe("computeDemand", () => {
  it("clusters confirmed people waiting with no group within their distance", () => {
    const ballarat = [-2, -1, 0, 1, 2].map((dx, i) => waiting(BALLARAT, { dx, online: i % 2 === 0, interests: i === 0 ? ["new_groups", "convening"] : ["new_groups"] }));
    const bendigo = [waiting(BENDIGO), waiting(BENDIGO, { dx: 3 })];
    // Not counted: near the Melbourne Inner North group, unconfirmed, unsubscribed, off the waiting list.
    waiting(BRUNSWICK, { distanceKm: 10 });
    waiting(BALLARAT, { confirmed: false });
    waiting(BALLARAT, { unsubscribed: true });
    waiting(BALLARAT, { waiting: false });

    const d = computeDemand(db);
    expect(d.waiting).toBe(8);
    expect(d.withGroupNear).toBe(1);
    expect(d.threshold).toBe(5);
    expect(d.clusters.map((c) => c.ids)).toEqual([ballarat, bendigo]);
    const [b, g] = d.clusters;
    expect(b!.key).toBe(ballarat[0]);
    expect(clusterLabel(b!)).toMatch(/^Ballarat.*, VIC$/);
    expect(clusterLabel(g!)).toMatch(/, VIC$/);
    expect(b!.spreadKm).toBeCloseTo(2, 0);
    expect({ inPersonOnly: b!.inPersonOnly, either: b!.eitherFormat }).toEqual({ inPersonOnly: 2, either: 3 });
    expect(b!.interests).toEqual({ new_groups: 5, training_events: 0, convening: 1 });
    expect(b!.formingNear).toBeNull();
  });

  it("a chain of people each within 50 km of the next is one area, however far its ends are apart", () => {
    // Ballarat to Horsham, about 175 km: three people in between, about 44 km apart.
    const HORSHAM = { lat: -36.7113, lon: 142.1997 };
    const at = (f: number) => ({ lat: BALLARAT.lat + (HORSHAM.lat - BALLARAT.lat) * f, lon: BALLARAT.lon + (HORSHAM.lon - BALLARAT.lon) * f });
    waiting(BALLARAT);
    waiting(HORSHAM);
    expect(computeDemand(db).clusters.map((c) => c.count)).toEqual([1, 1]);
    waiting(at(0.25));
    waiting(at(0.75));
    expect(computeDemand(db).clusters.map((c) => c.count)).toEqual([2, 2]);
    waiting(at(0.5));
    expect(computeDemand(db).clusters.map((c) => c.count)).toEqual([5]);
  });
});

describe("seedCluster", () => {
  it("makes a forming group at the area and emails each consenting person once, in one transaction, audit-logged", () => {
    const ids = [-2, -1, 0, 1, 2].map((dx) => waiting(BALLARAT, { dx, interests: ["new_groups"] }));
    const convening = waiting(BALLARAT, { dx: 3, interests: ["convening"] });
    const noConsent = waiting(BALLARAT, { dx: -3, interests: ["training_events"] });
    const other = waiting(DUNEDIN);
    const key = computeDemand(db).clusters[0]!.key;
    expect(key).toBe(ids[0]);

    const result = seedCluster(services, key, STAFF_USER);
    expect(result).toMatchObject({ ok: true, people: 7, emailed: 6 });
    if (!result.ok) throw new Error("not seeded");
    const group = getGroupBySlug(db, result.slug)!;
    expect(group).toMatchObject({ status: "forming", format: "in_person", capacity: 12, region: "VIC", country: "AU", timeZone: "Australia/Melbourne", convenorFirstName: "ANZPOP" });
    expect(group.name).toMatch(/^Ballarat/);
    expect(group.rhythm).toEqual({ frequency: "monthly", weekday: 2, week: 1, start: "19:00", end: "21:00" });
    expect((db.prepare("SELECT convenor_email AS e FROM groups WHERE id = ?").get(group.id) as { e: string }).e).toBe(STAFF);

    const seeds = listOutbox(db, 1000).filter((m) => m.kind === "demand.seed");
    expect(seeds.map((m) => m.to).sort()).toEqual([...ids, convening].map((id) => emailOf.get(id)!).sort());
    expect(seeds.map((m) => m.to)).not.toContain(emailOf.get(noConsent));
    expect(seeds.every((m) => m.headers["Reply-To"] === STAFF || m.headers["reply-to"] === STAFF)).toBe(true);
    expect(seeds[0]!.subject).toMatch(/^A group is starting near Ballarat/);
    expect(seeds[0]!.text).toContain(group.name);
    expect(seeds[0]!.text).toContain(STAFF);
    const keys = db.prepare("SELECT dedupe_key AS k FROM outbox WHERE kind = 'demand.seed' ORDER BY k").all() as { k: string }[];
    expect(keys.map((k) => k.k)).toEqual([...ids, convening].map((id) => `seed:${group.id}:${id}`).sort());
    expect(auditForGroup(db, group.id).map((a) => ({ action: a.action, actor: a.actor, detail: a.detail }))).toEqual([
      { action: "group.seeded", actor: "staff", detail: { people: 7, consenting: 6, emailed: 6 } },
    ]);
    // Dunedin is untouched.
    expect(computeDemand(db).clusters.map((c) => c.ids)).toEqual([[other]]);

    // The area is gone (its people now have a group within their distance): seeding again changes nothing.
    const outbox = listOutbox(db, 1000).length;
    expect(seedCluster(services, key, STAFF_USER)).toEqual({ ok: false, reason: "changed" });
    expect(listOutbox(db, 1000).length).toBe(outbox);
  });

  it("refuses an area with a group already forming near it, and an area that is not there", () => {
    waiting(BALLARAT, { dx: 0 });
    waiting(BALLARAT, { dx: 1 });
    const first = seedCluster(services, computeDemand(db).clusters[0]!.key, STAFF_USER);
    expect(first.ok).toBe(true);
    // Someone 30 km away who would travel only 10 km: still waiting, but a group forms within 50 km.
    const far = waiting(BALLARAT, { dx: 30, distanceKm: 10 });
    const area = computeDemand(db).clusters[0]!;
    expect(area.ids).toEqual([far]);
    expect(area.formingNear).toMatchObject({ name: expect.stringMatching(/^Ballarat/) });
    expect(seedCluster(services, area.key, STAFF_USER)).toEqual({ ok: false, reason: "forming", group: area.formingNear!.name });
    expect(seedCluster(services, 999_999, STAFF_USER)).toEqual({ ok: false, reason: "changed" });
  });

  it("names a second group in the same place apart, with its own web address", () => {
    waiting(DUNEDIN);
    const a = seedCluster(services, computeDemand(db).clusters[0]!.key, STAFF_USER);
    db.prepare("UPDATE groups SET status = 'closed' WHERE status = 'forming'").run();
    db.prepare("UPDATE newsletter_signups SET distance_km = 1").run();
    waiting(DUNEDIN, { distanceKm: 1 });
    const b = seedCluster(services, computeDemand(db).clusters[0]!.key, STAFF_USER);
    if (!a.ok || !b.ok) throw new Error("not seeded");
    expect(a.name).toBe("Dunedin");
    expect(a.slug).toBe("dunedin");
    expect(b.name).toBe("Dunedin Otago");
    expect(b.slug).toBe("dunedin-otago");
  });
});

describe("slugify", () => {
  it("keeps lower-case ASCII letters, digits and hyphens", () => {
    expect(slugify("Ōtaki Beach")).toBe("otaki-beach");
    expect(slugify("St Kilda (East)")).toBe("st-kilda-east");
    expect(slugify("!!!")).toBe("group");
  });
});

describe("the threshold", () => {
  it("is 5 until staff change it", () => {
    expect(getDemandThreshold(db)).toBe(5);
    setDemandThreshold(db, 12);
    expect(getDemandThreshold(db)).toBe(12);
    expect(computeDemand(db).threshold).toBe(12);
  });
});

describe("the overview's counts", () => {
  it("join requests no convenor answered, groups needing a person, failed emails and contact messages", () => {
    const now = new Date("2026-05-20T00:00:00.000Z");
    const hobart = getGroupBySlug(db, "hobart")!;
    const insertRequest = (daysAgo: number, status = "new") =>
      db
        .prepare(
          `INSERT INTO join_requests (public_id, group_id, wizard_session_id, name, email, hopes, answers, outcome, reasons, rule_version, consented_at, status, created_at)
           VALUES (?, ?, ?, 'A', 'a@example.com', '[]', '{}', 'group', '[]', 'v', ?, ?, ?)`,
        )
        .run(`p${daysAgo}${status}`, hobart.id, `w${daysAgo}${status}`, now.toISOString(), status, new Date(now.getTime() - daysAgo * 86_400_000).toISOString());
    insertRequest(3);
    insertRequest(8);
    insertRequest(15);
    insertRequest(20, "accepted");
    expect(countUnansweredRequests(db, new Date(now.getTime() - 7 * 86_400_000))).toBe(2);
    expect(countUnansweredRequests(db, new Date(now.getTime() - 14 * 86_400_000))).toBe(1);

    const check = (slug: string, roundStart: string, answer: string | null) =>
      db
        .prepare("INSERT INTO freshness_checks (group_id, round_start, answered_at, answer) VALUES ((SELECT id FROM groups WHERE slug = ?), ?, ?, ?)")
        .run(slug, roundStart, answer ? roundStart : null, answer);
    check("adelaide", "2026-01-01T00:00:00.000Z", null);
    check("adelaide", "2026-04-01T00:00:00.000Z", null);
    check("brisbane", "2026-01-01T00:00:00.000Z", "still_meeting");
    check("brisbane", "2026-04-01T00:00:00.000Z", null);
    check("canberra", "2026-04-01T00:00:00.000Z", "need_help");
    check("perth-fremantle", "2025-01-01T00:00:00.000Z", "closing");
    check("hobart", "2026-01-01T00:00:00.000Z", null);
    check("hobart", "2026-04-01T00:00:00.000Z", "closing");
    expect(listGroupsNeedingPerson(db, new Date("2026-02-01T00:00:00.000Z")).map((g) => [g.slug, g.why])).toEqual([
      ["adelaide", "unanswered"],
      ["canberra", "need_help"],
      ["hobart", "closing"],
    ]);
    db.prepare("UPDATE groups SET status = 'closed' WHERE slug = 'adelaide'").run();
    expect(listGroupsNeedingPerson(db, new Date("2026-02-01T00:00:00.000Z")).map((g) => g.slug)).toEqual(["canberra", "hobart"]);

    db.prepare("INSERT INTO outbox (message_id, kind, to_address, subject, text_body, html_body, status) VALUES ('<1@x>', 'k', 'a@example.com', 's', 't', 'h', 'failed')").run();
    db.prepare("INSERT INTO outbox (message_id, kind, to_address, subject, text_body, html_body, status) VALUES ('<2@x>', 'k', 'a@example.com', 's', 't', 'h', 'sent')").run();
    expect(countFailedEmails(db)).toBe(1);

    const hasContact = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'contact_messages'").get() !== undefined;
    expect(countNewContactMessages(db)).toBe(0);
    if (hasContact) {
      db.prepare("INSERT INTO contact_messages (name, email, topic, message) VALUES ('A', 'a@example.com', 'other', 'Hello')").run();
      expect(countNewContactMessages(db)).toBe(1);
    }
  });

  it("counts no contact messages before their table exists", () => {
    db.exec("DROP TABLE IF EXISTS contact_messages");
    expect(countNewContactMessages(db)).toBe(0);
  });
});
