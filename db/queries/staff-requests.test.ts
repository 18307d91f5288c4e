/**
 * Staff's request list: the filters, and every sort paged through equals one
 * plain SQL sort of the whole set (the group sort reads only the groups a
 * page falls on).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { seedDemoData } from "../seed";
import { createJoinRequest } from "./join-requests";
import { countStaffRequests, listStaffRequests, type StaffRequestFilter } from "./staff-requests";
import { SORT_ORDERS } from "./request-orders.fixture";

const DAY = 86_400_000;
const now = new Date("2026-06-01T00:00:00Z");
let db: DB;

beforeAll(() => {
  db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), "pwcop-staff-list-")), "t.db"));
  migrate(db);
  seedDemoData(db);
  const groups = (db.prepare("SELECT id FROM groups ORDER BY id").all() as { id: number }[]).map((g) => g.id);
  const statuses = ["new", "meet_first", "accepted", "declined", "withdrawn", "waiting_list"];
  db.transaction(() => {
    for (let i = 0; i < 160; i++) {
      createJoinRequest(db, { groupId: groups[(i * 7) % groups.length]!, wizardSessionId: `s${i}`, name: `P${i}`, email: `p${i}@example.com`, note: "", hopes: [], answers: {}, outcome: "match", reasons: [], ruleVersion: "t", distanceKm: null });
      // Some requests share a moment, to check the tie-break.
      const created = new Date(now.getTime() - Math.floor(i / 2) * 1.7 * DAY).toISOString();
      db.prepare("UPDATE join_requests SET status = ?, created_at = ? WHERE id = ?").run(statuses[i % statuses.length], created, i + 1);
    }
  })();
});

const EXPECTED = SORT_ORDERS;

function allPages(f: StaffRequestFilter, sort: "received" | "group" | "status", dir: "asc" | "desc") {
  const out: number[] = [];
  for (let offset = 0; ; offset += 7) {
    const { rows, total } = listStaffRequests(db, f, { sort, dir, limit: 7, offset });
    expect(total).toBe(countStaffRequests(db, f));
    out.push(...rows.map((r) => r.id));
    if (rows.length < 7) break;
  }
  return out;
}

describe("listStaffRequests", () => {
  const filters: Array<[string, StaffRequestFilter, string]> = [
    ["everything", { now }, "1 = 1"],
    ["new", { status: "new", now }, "r.status = 'new'"],
    ["the last 30 days", { age: "30", now }, `r.created_at >= '${new Date(now.getTime() - 30 * DAY).toISOString()}'`],
    ["older than 90 days", { age: "older", now }, `r.created_at < '${new Date(now.getTime() - 90 * DAY).toISOString()}'`],
    ["overdue after 14 days", { overdue: "14", now }, `r.status = 'new' AND r.created_at <= '${new Date(now.getTime() - 14 * DAY).toISOString()}'`],
  ];
  it.each(filters)("%s: every sort, paged 7 at a time, is the whole set in one SQL order", (_label, f, sql) => {
    for (const [key, order] of Object.entries(EXPECTED)) {
      const [sort, dir] = key.split(" ") as ["received" | "group" | "status", "asc" | "desc"];
      const expected = (db.prepare(`SELECT r.id FROM join_requests r JOIN groups g ON g.id = r.group_id WHERE ${sql} ORDER BY ${order}`).all() as { id: number }[]).map((r) => r.id);
      expect(expected.length, `${_label}: some rows`).toBeGreaterThan(0);
      expect(allPages(f, sort, dir), `${_label}, ${key}`).toEqual(expected);
    }
  });

  it("one group's requests, by group, are that group's newest first", () => {
    const hobart = (db.prepare("SELECT id FROM groups WHERE slug = 'hobart'").get() as { id: number }).id;
    const expected = (db.prepare("SELECT id FROM join_requests WHERE group_id = ? ORDER BY created_at DESC, id DESC").all(hobart) as { id: number }[]).map((r) => r.id);
    expect(allPages({ groupId: hobart, now }, "group", "asc")).toEqual(expected);
  });
});
