/**
 * The request lists at scale (migration 12): on thousands of requests with
 * many ties in every sort key, each page of the staff list and the convenor
 * inbox is exactly the rows, in the order, of one plain SQL sort of the whole
 * set with LIMIT/OFFSET (as the lists were read before), every total and
 * count is a count(*) of the requests, and join_request_counts stays equal
 * to the requests counted by group and status through every kind of write.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "../client";
import { migrate } from "../migrate";
import { MIGRATIONS } from "../migrations";
import { insertGroup } from "./groups";
import { changeJoinRequestStatus, createJoinRequest } from "./join-requests";
import { countByStatus, listGroupSummaries, listInbox } from "./inbox";
import { countRequests } from "./request-counts";
import { plainGroup, SORT_ORDERS } from "./request-orders.fixture";
import { countStaffRequests, groupOptions, listStaffRequests, moveJoinRequest, type RequestSort, type StaffRequestFilter } from "./staff-requests";
import { NEW_STATUS } from "../../machines/join-request";

const DAY = 86_400_000;
const now = new Date("2026-06-01T00:00:00Z");
const STATUSES = ["new", "meet_first", "waiting_list", "accepted", "declined", "withdrawn"] as const;
const REQUESTS = 3_000;
const PAGE = 25;

function freshDb(name: string): DB {
  return openDatabase(path.join(mkdtempSync(path.join(tmpdir(), `pwcop-${name}-`)), "t.db"));
}

function addGroups(db: DB, names: readonly string[]): number[] {
  return names.map((name, i) =>
    insertGroup(db, plainGroup({ slug: `g-${i}`, name, convenorFirstName: "C", convenorEmail: `c${i}@example.org` })),
  );
}

/** `n` requests spread over the groups (one group far larger), statuses mixed, created at only 60 distinct moments (ties in every sort). */
function addRequests(db: DB, groups: readonly number[], n: number, from = 0) {
  const set = db.prepare("UPDATE join_requests SET status = ?, created_at = ? WHERE id = ?");
  db.transaction(() => {
    for (let i = from; i < from + n; i++) {
      const groupId = i % 3 === 0 ? groups[0]! : groups[(i * 7) % groups.length]!;
      const { created } = createJoinRequest(db, { groupId, wizardSessionId: `s${i}`, name: `P${i}`, email: `p${i}@example.com`, note: "", hopes: [], answers: {}, outcome: "match", reasons: [], ruleVersion: "t", distanceKm: null });
      expect(created).toBe(true);
      const id = (db.prepare("SELECT id FROM join_requests WHERE wizard_session_id = ?").get(`s${i}`) as { id: number }).id;
      set.run(STATUSES[(i * 5 + Math.floor(i / 13)) % STATUSES.length], new Date(now.getTime() - (i % 60) * 3 * DAY).toISOString(), id);
    }
  })();
}

const countsTable = (db: DB) => db.prepare("SELECT group_id AS g, status AS s, n FROM join_request_counts WHERE n != 0 ORDER BY g, s").all();
const countedNow = (db: DB) => db.prepare("SELECT group_id AS g, status AS s, count(*) AS n FROM join_requests GROUP BY g, s ORDER BY g, s").all();

// --- The staff list -------------------------------------------------------------------


describe("request lists on many rows, with ties", () => {
  let db: DB;
  let groups: number[];

  beforeAll(() => {
    db = freshDb("request-lists");
    migrate(db);
    // Names that tie once case is ignored, so the group sort falls back to the id.
    groups = addGroups(db, ["Alpha", "beta", "Beta", "ALPHA", "Gamma", "delta", "Delta", "epsilon", "Zeta", "zeta", "Eta", "theta"]);
    addRequests(db, groups, REQUESTS);
  });

  const big = () => groups[0]!;
  const filters = (): Array<[string, StaffRequestFilter, string]> => [
    ["everything", { now }, "1 = 1"],
    ["new", { status: "new", now }, "r.status = 'new'"],
    ["declined", { status: "declined", now }, "r.status = 'declined'"],
    ["the big group", { groupId: big(), now }, `r.group_id = ${big()}`],
    ["the big group, new", { groupId: big(), status: "new", now }, `r.group_id = ${big()} AND r.status = 'new'`],
    ["a small group, accepted", { groupId: groups[5]!, status: "accepted", now }, `r.group_id = ${groups[5]} AND r.status = 'accepted'`],
    ["the last 30 days", { age: "30", now }, `r.created_at >= '${new Date(now.getTime() - 30 * DAY).toISOString()}'`],
    ["new, the last 90 days", { status: "new", age: "90", now }, `r.status = 'new' AND r.created_at >= '${new Date(now.getTime() - 90 * DAY).toISOString()}'`],
    ["the big group, older than 90 days", { groupId: big(), age: "older", now }, `r.group_id = ${big()} AND r.created_at < '${new Date(now.getTime() - 90 * DAY).toISOString()}'`],
    ["overdue after 14 days", { overdue: "14", now }, `r.status = 'new' AND r.created_at <= '${new Date(now.getTime() - 14 * DAY).toISOString()}'`],
  ];

  it("has many rows and ties: the big group holds a thousand, and each moment is shared by dozens", () => {
    expect((db.prepare("SELECT count(*) AS n FROM join_requests WHERE group_id = ?").get(big()) as { n: number }).n).toBeGreaterThanOrEqual(1000);
    expect((db.prepare("SELECT max(n) AS n FROM (SELECT count(*) AS n FROM join_requests GROUP BY created_at)").get() as { n: number }).n).toBeGreaterThan(40);
  });

  it("every filter, sort and direction: each page (first, middle, last, past the end) is the same rows in the same order as LIMIT/OFFSET over one full SQL sort, and the total is count(*)", () => {
    for (const [label, f, sql] of filters()) {
      const all = (db.prepare(`SELECT count(*) AS n FROM join_requests r WHERE ${sql}`).get() as { n: number }).n;
      expect(all, `${label}: some rows`).toBeGreaterThan(PAGE);
      expect(countStaffRequests(db, f), label).toBe(all);
      const last = Math.ceil(all / PAGE);
      for (const [key, order] of Object.entries(SORT_ORDERS)) {
        const [sort, dir] = key.split(" ") as [RequestSort, "asc" | "desc"];
        for (const pageNo of [1, 2, Math.ceil(last / 2), last, last + 1]) {
          const offset = (pageNo - 1) * PAGE;
          const expected = db
            .prepare(
              `SELECT r.id, r.status, r.name, r.created_at AS createdAt, g.id AS groupId, g.name AS groupName, g.slug AS groupSlug, g.time_zone AS groupTimeZone
               FROM join_requests r JOIN groups g ON g.id = r.group_id WHERE ${sql} ORDER BY ${order} LIMIT ${PAGE} OFFSET ${offset}`,
            )
            .all();
          const { rows, total } = listStaffRequests(db, f, { sort, dir, limit: PAGE, offset });
          expect(total, `${label}, ${key}, page ${pageNo}`).toBe(all);
          expect(rows, `${label}, ${key}, page ${pageNo}`).toEqual(expected);
        }
      }
    }
  });

  // --- The convenor inbox ---------------------------------------------------------------

  const inboxCases = (): Array<[string, number[] | null, { status?: (typeof STATUSES)[number]; groupId?: number }, string]> => [
    ["one convenor's group", [big()], {}, `r.group_id = ${big()}`],
    ["one convenor's group, new", [big()], { status: "new" }, `r.group_id = ${big()} AND r.status = 'new'`],
    ["one convenor's group, picked, waiting list", [big()], { groupId: big(), status: "waiting_list" }, `r.group_id = ${big()} AND r.status = 'waiting_list'`],
    ["three groups", [groups[1]!, groups[4]!, groups[9]!], {}, `r.group_id IN (${groups[1]}, ${groups[4]}, ${groups[9]})`],
    ["three groups, one picked, declined", [groups[1]!, groups[4]!, groups[9]!], { groupId: groups[4]!, status: "declined" }, `r.group_id = ${groups[4]} AND r.status = 'declined'`],
    ["a group not theirs picked", [groups[1]!], { groupId: groups[2]! }, "0"],
    ["staff, every group", null, {}, "1 = 1"],
    ["staff, meet first", null, { status: "meet_first" }, "r.status = 'meet_first'"],
    ["no groups", [], {}, "0"],
  ];

  it("the inbox: each page newest first as one full SQL sort, the total, and the count in each status are the requests counted", () => {
    for (const [label, groupIds, f, sql] of inboxCases()) {
      const all = (db.prepare(`SELECT count(*) AS n FROM join_requests r WHERE ${sql}`).get() as { n: number }).n;
      const last = Math.max(1, Math.ceil(all / PAGE));
      for (const pageNo of [1, 2, Math.ceil(last / 2), last, last + 1]) {
        const offset = (pageNo - 1) * PAGE;
        const expected = db
          .prepare(
            `SELECT r.id, r.status, r.name, r.created_at AS createdAt, r.status_changed_at AS statusChangedAt,
                    g.id AS groupId, g.name AS groupName, g.slug AS groupSlug, g.time_zone AS groupTimeZone
             FROM join_requests r JOIN groups g ON g.id = r.group_id WHERE ${sql} ORDER BY r.created_at DESC, r.id DESC LIMIT ${PAGE} OFFSET ${offset}`,
          )
          .all();
        const { rows, total } = listInbox(db, { groupIds, ...f, limit: PAGE, offset });
        expect(total, `${label}, page ${pageNo}`).toBe(all);
        expect(rows, `${label}, page ${pageNo}`).toEqual(expected);
      }
      const byStatusSql = sql.replace(/ AND r\.status = '\w+'/, "").replace(/^r\.status = '\w+'$/, "1 = 1");
      const expectedCounts = Object.fromEntries(
        (db.prepare(`SELECT r.status, count(*) AS n FROM join_requests r WHERE ${byStatusSql} GROUP BY r.status`).all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
      );
      expect(countByStatus(db, { groupIds, groupId: f.groupId }), label).toEqual(expectedCounts);
    }
  });

  it("the groups' members, waiting and open counts are the requests counted", () => {
    const expected = db
      .prepare(
        `SELECT g.id, g.slug, g.name, g.status, g.format, g.capacity, g.time_zone AS timeZone,
           (SELECT count(*) FROM join_requests r WHERE r.group_id = g.id AND r.status = 'accepted') AS members,
           (SELECT count(*) FROM join_requests r WHERE r.group_id = g.id AND r.status = 'waiting_list') AS waiting,
           (SELECT count(*) FROM join_requests r WHERE r.group_id = g.id AND r.status IN ('new', 'meet_first')) AS open
         FROM groups g ORDER BY g.name`,
      )
      .all();
    expect(listGroupSummaries(db, null)).toEqual(expected);
    const some = [groups[3]!, groups[0]!];
    expect(listGroupSummaries(db, some)).toEqual(expected.filter((g) => some.includes((g as { id: number }).id)));
  });

  it("the group filter's options, read from groups_by_name, are in the order of a sort of the table (names that tie but for case, by id)", () => {
    const expected = db.prepare("SELECT id, slug, name, status FROM groups NOT INDEXED ORDER BY name COLLATE NOCASE, id").all();
    expect(groupOptions(db)).toEqual(expected);
    expect((expected as { name: string }[]).slice(0, 2).map((g) => g.name)).toEqual(["Alpha", "ALPHA"]);
  });

  it("reads each page's ids on an index and only the page's rows from the table", () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join("\n");
    const inner = (where: string) => `SELECT r.id FROM join_requests r ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT 25 OFFSET 2000`;
    expect(plan(inner(""))).toMatch(/SCAN r USING COVERING INDEX join_requests_by_created/);
    expect(plan(inner("WHERE r.status = 'new'"))).toMatch(/USING COVERING INDEX join_requests_by_status_created \(status=\?\)/);
    expect(plan(inner("WHERE r.group_id = 1"))).toMatch(/USING COVERING INDEX join_requests_by_group_created \(group_id=\?\)/);
    expect(plan(inner("WHERE r.group_id = 1 AND r.status = 'new'"))).toMatch(/USING COVERING INDEX join_requests_inbox \(group_id=\? AND status=\?\)/);
    for (const p of [plan(inner("")), plan(inner("WHERE r.status = 'new'")), plan(inner("WHERE r.group_id = 1"))]) expect(p).not.toMatch(/TEMP B-TREE/);
    expect(plan("SELECT coalesce(sum(c.n), 0) FROM join_request_counts c WHERE c.group_id = 1 AND c.status = 'new'")).toMatch(/SEARCH c USING PRIMARY KEY/);
    expect(plan("SELECT id, slug, name, status FROM groups ORDER BY name COLLATE NOCASE, id")).toBe("SCAN groups USING COVERING INDEX groups_by_name");
  });
});

// --- join_request_counts --------------------------------------------------------------

describe("join_request_counts", () => {
  it("migration 12 counts the requests already there, and the triggers keep it equal through inserts, answers, moves, other updates and deletes", () => {
    const db = freshDb("request-counts");
    migrate(db, MIGRATIONS.filter((m) => m.id < 12));
    const groups = addGroups(db, ["One", "Two", "Three"]);
    addRequests(db, groups, 300);
    migrate(db);
    expect(countsTable(db)).toEqual(countedNow(db));

    addRequests(db, groups, 200, 300);
    expect(countsTable(db)).toEqual(countedNow(db));

    const open = db.prepare("SELECT id, status, group_id AS groupId FROM join_requests WHERE status = 'new' ORDER BY id LIMIT 40").all() as { id: number; status: "new"; groupId: number }[];
    for (const r of open.slice(0, 20)) expect(changeJoinRequestStatus(db, r.id, "new", "accepted", {}, now)).toBe(true);
    for (const r of open.slice(20, 30)) expect(moveJoinRequest(db, r.id, { groupId: r.groupId, status: r.status }, { groupId: groups.find((g) => g !== r.groupId)!, status: NEW_STATUS }, now)).toBe(true);
    // An update that changes neither group nor status (a reminder, an erasure) leaves the counts alone.
    db.prepare("UPDATE join_requests SET reminded_at = ?, name = '' WHERE id IN (SELECT id FROM join_requests ORDER BY id LIMIT 50)").run(now.toISOString());
    // Both at once, and a status set to what it already was.
    db.prepare("UPDATE join_requests SET status = 'declined', group_id = ? WHERE id = ?").run(groups[2], open[30]!.id);
    db.prepare("UPDATE join_requests SET status = status WHERE id = ?").run(open[31]!.id);
    expect(countsTable(db)).toEqual(countedNow(db));

    db.prepare("DELETE FROM join_requests WHERE id % 7 = 0").run();
    expect(countsTable(db)).toEqual(countedNow(db));
    expect(countRequests(db, {})).toBe((db.prepare("SELECT count(*) AS n FROM join_requests").get() as { n: number }).n);

    // A rolled-back write leaves no trace in the counts either.
    expect(() =>
      db.transaction(() => {
        db.prepare("UPDATE join_requests SET status = 'withdrawn'").run();
        throw new Error("rolled back");
      })(),
    ).toThrow("rolled back");
    expect(countsTable(db)).toEqual(countedNow(db));
    db.close();
  });
});
