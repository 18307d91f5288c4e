/**
 * Staff's reads and writes over every group's join requests: the filtered,
 * server-sorted list, decline reason totals, the rows the CSV exports pull in
 * batches, and moving a request to another group.
 *
 * Filtering and sorting happen in SQL. The list pages with LIMIT/OFFSET on an
 * index in the list's order; its totals come from join_request_counts unless
 * a filter on when requests came in needs them counted (on an index). The
 * exports page by key (`id < @before`, newest first), one short statement
 * per batch, so that nothing holds the connection (or a read snapshot)
 * between batches while a slow download is sent.
 */
import type { DB } from "../client";
import { NEW_STATUS, OPEN_OR_ACCEPTED_STATUSES, STATUS_LIFE_ORDER, type DeclineReason, type JoinRequestStatus } from "../../machines/join-request";
import { MATCHED_STATUSES } from "../../machines/matching";
import { GROUP_COUNTS, sqlIn, sqlStatus } from "../sql-vocabulary";
import { countRequests, countRequestsBy } from "./request-counts";

const DAY_MS = 86_400_000;

/** Received in the last 7, 30 or 90 days, or before that. */
export const AGE_FILTERS = ["7", "30", "90", "older"] as const;
export type AgeFilter = (typeof AGE_FILTERS)[number];
/** New, and no answer after 7 days (the convenor is reminded) or 14 (staff are told). */
export const OVERDUE_FILTERS = ["7", "14"] as const;
export type OverdueFilter = (typeof OVERDUE_FILTERS)[number];

export const REQUEST_SORTS = ["received", "group", "status"] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];
export type SortDir = "asc" | "desc";

export interface StaffRequestFilter {
  status?: JoinRequestStatus;
  groupId?: number;
  age?: AgeFilter;
  overdue?: OverdueFilter;
  now: Date;
}

function where(f: StaffRequestFilter): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.groupId !== undefined) {
    clauses.push("r.group_id = @groupId");
    params.groupId = f.groupId;
  }
  if (f.status) {
    clauses.push("r.status = @status");
    params.status = f.status;
  }
  if (f.age) {
    const days = f.age === "older" ? 90 : Number(f.age);
    params.ageFrom = new Date(f.now.getTime() - days * DAY_MS).toISOString();
    clauses.push(f.age === "older" ? "r.created_at < @ageFrom" : "r.created_at >= @ageFrom");
  }
  if (f.overdue) {
    params.overdueBefore = new Date(f.now.getTime() - Number(f.overdue) * DAY_MS).toISOString();
    clauses.push(`r.status = ${sqlStatus(NEW_STATUS)} AND r.created_at <= @overdueBefore`);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

/** Statuses in the order of a request's life, for sorting by status. */
const STATUS_RANK = `CASE r.status ${STATUS_LIFE_ORDER.map((s, i) => `WHEN ${sqlStatus(s)} THEN ${i}`).join(" ")} ELSE ${STATUS_LIFE_ORDER.length} END`;

function orderBy(sort: RequestSort, dir: SortDir): string {
  const d = dir === "asc" ? "ASC" : "DESC";
  switch (sort) {
    case "received":
      return `r.created_at ${d}, r.id ${d}`;
    case "group":
      return `g.name COLLATE NOCASE ${d}, r.created_at DESC, r.id DESC`;
    case "status":
      return `${STATUS_RANK} ${d}, r.created_at DESC, r.id DESC`;
  }
}

export interface StaffRequestRow {
  id: number;
  status: JoinRequestStatus;
  name: string;
  createdAt: string;
  groupId: number;
  groupName: string;
  groupSlug: string;
  groupTimeZone: string;
}

/** A filter that join_request_counts answers: groups and statuses only, nothing about when. */
const countable = (f: StaffRequestFilter) => !f.age && !f.overdue;

export function countStaffRequests(db: DB, f: StaffRequestFilter): number {
  if (countable(f)) return countRequests(db, { groupId: f.groupId, status: f.status });
  const w = where(f);
  return (db.prepare(`SELECT count(*) AS n FROM join_requests r ${w.sql}`).get(w.params) as { n: number }).n;
}

const ROW = `SELECT r.id, r.status, r.name, r.created_at AS createdAt,
  g.id AS groupId, g.name AS groupName, g.slug AS groupSlug, g.time_zone AS groupTimeZone
  FROM join_requests r JOIN groups g ON g.id = r.group_id`;

/** One page of the filtered list, and how many match in all. */
export function listStaffRequests(db: DB, f: StaffRequestFilter, page: { sort: RequestSort; dir: SortDir; limit: number; offset: number }): { rows: StaffRequestRow[]; total: number } {
  if (page.sort === "group" && f.groupId === undefined) return listByBucket(db, f, page, "group_id", groupRanks(db));
  if (page.sort === "status" && f.status === undefined) return listByBucket(db, f, page, "status", STATUS_ORDER);
  const w = where(f);
  const total = countStaffRequests(db, f);
  // Sorted by group within one group, or by status within one status: newest first, as each bucket is.
  const key = page.sort === "received" ? orderBy("received", page.dir) : orderBy("received", "desc");
  return { rows: pageOf(db, w, key, page), total };
}

/**
 * One page of requests matching `w` in `key` order (columns of join_requests
 * only). The page's ids are read on an index alone, so the rows skipped to
 * reach a later page cost no table reads; then only the page's own rows and
 * their groups are read.
 */
function pageOf(db: DB, w: { sql: string; params: Record<string, unknown> }, key: string, page: { limit: number; offset: number }): StaffRequestRow[] {
  return db
    .prepare(`${ROW} WHERE r.id IN (SELECT r.id FROM join_requests r ${w.sql} ORDER BY ${key} LIMIT @limit OFFSET @offset) ORDER BY ${key}`)
    .all({ ...w.params, limit: page.limit, offset: page.offset }) as StaffRequestRow[];
}

const STATUS_ORDER = new Map<string | number, number>(STATUS_LIFE_ORDER.map((s, i) => [s, i]));

/** Each group's place in name order (case-insensitive, then id). */
function groupRanks(db: DB): Map<string | number, number> {
  const groups = db.prepare("SELECT id, name FROM groups").all() as { id: number; name: string }[];
  groups.sort((a, b) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a.id - b.id;
  });
  return new Map(groups.map((g, i) => [g.id, i]));
}

/**
 * Sorted by group or by status across the whole list: counted per group (or
 * status) on the index, with no sort of every request; the buckets put in
 * order here; and only the buckets the page falls on read, each newest first.
 */
function listByBucket(
  db: DB,
  f: StaffRequestFilter,
  page: { dir: SortDir; limit: number; offset: number },
  column: "group_id" | "status",
  rank: Map<string | number, number>,
): { rows: StaffRequestRow[]; total: number } {
  const w = where(f);
  const counts = countable(f)
    ? countRequestsBy(db, { groupId: f.groupId, status: f.status }, column)
    : (db.prepare(`SELECT r.${column} AS bucket, count(*) AS n FROM join_requests r ${w.sql} GROUP BY r.${column}`).all(w.params) as { bucket: string | number; n: number }[]);
  const sign = page.dir === "asc" ? 1 : -1;
  counts.sort((a, b) => sign * ((rank.get(a.bucket) ?? rank.size) - (rank.get(b.bucket) ?? rank.size)));
  const total = counts.reduce((s, c) => s + c.n, 0);
  const rows: StaffRequestRow[] = [];
  const inBucket = { sql: `${w.sql ? `${w.sql} AND` : "WHERE"} r.${column} = @only`, params: w.params };
  let start = 0;
  for (const c of counts) {
    if (rows.length >= page.limit) break;
    const end = start + c.n;
    if (end > page.offset) {
      rows.push(...pageOf(db, { ...inBucket, params: { ...w.params, only: c.bucket } }, orderBy("received", "desc"), { limit: page.limit - rows.length, offset: Math.max(0, page.offset - start) }));
    }
    start = end;
  }
  return { rows, total };
}

export interface GroupOption {
  id: number;
  slug: string;
  name: string;
  status: string;
}

/** Every group, by name: for the filter. */
export function groupOptions(db: DB): GroupOption[] {
  return db.prepare("SELECT id, slug, name, status FROM groups ORDER BY name COLLATE NOCASE, id").all() as GroupOption[];
}

/** Groups a request can be moved to: open or full (full ones keep a waiting list). */
export function reassignTargets(db: DB, exceptGroupId: number): GroupOption[] {
  return db
    .prepare(`SELECT id, slug, name, status FROM groups WHERE status IN (${sqlIn(MATCHED_STATUSES)}) AND id != ? ORDER BY name COLLATE NOCASE, id`)
    .all(exceptGroupId) as GroupOption[];
}

export interface DeclineTotal {
  groupId: number;
  groupName: string;
  groupSlug: string;
  /** null: declined before reasons were recorded. */
  reason: DeclineReason | null;
  n: number;
}

/** Declined requests counted by group and reason (codes only, never anyone's words). */
export function declineReasonTotals(db: DB): DeclineTotal[] {
  return db
    .prepare(
      `SELECT g.id AS groupId, g.name AS groupName, g.slug AS groupSlug, t.reason, t.n
       FROM (SELECT group_id, decline_reason AS reason, count(*) AS n FROM join_requests WHERE status = ${sqlStatus("declined")} GROUP BY group_id, decline_reason) t
       JOIN groups g ON g.id = t.group_id
       ORDER BY g.name COLLATE NOCASE, g.id, t.reason`,
    )
    .all() as DeclineTotal[];
}

// --- Rows for the CSV exports, one batch per call ------------------------------------

/** Larger than any id: where a newest-first export starts. */
export const FIRST_BATCH = Number.MAX_SAFE_INTEGER;

export interface ExportRequestRow {
  id: number;
  createdAt: string;
  statusChangedAt: string | null;
  status: JoinRequestStatus;
  declineReason: DeclineReason | null;
  name: string;
  email: string;
  note: string;
  distanceKm: number | null;
  groupName: string;
  groupSlug: string;
  convenorFirstName: string;
  convenorEmail: string;
}

/** The next `limit` requests matching `f` with an id below `before`, newest first, as an iterator (consume it at once). */
export function requestExportBatch(db: DB, f: StaffRequestFilter, before: number, limit: number): IterableIterator<ExportRequestRow> {
  const w = where(f);
  return db
    .prepare(
      `SELECT r.id, r.created_at AS createdAt, r.status_changed_at AS statusChangedAt, r.status, r.decline_reason AS declineReason,
              r.name, r.email, r.note, r.distance_km AS distanceKm,
              g.name AS groupName, g.slug AS groupSlug, g.convenor_first_name AS convenorFirstName, g.convenor_email AS convenorEmail
       FROM join_requests r JOIN groups g ON g.id = r.group_id
       ${w.sql ? `${w.sql} AND` : "WHERE"} r.id < @before ORDER BY r.id DESC LIMIT @limit`,
    )
    .iterate({ ...w.params, before, limit }) as IterableIterator<ExportRequestRow>;
}

export interface ExportGroupRow {
  id: number;
  slug: string;
  name: string;
  region: string;
  country: string;
  format: string;
  status: string;
  capacity: number;
  verifiedAt: string | null;
  convenorFirstName: string;
  convenorEmail: string;
  members: number;
  waiting: number;
  open: number;
}

export const countGroups = (db: DB) => (db.prepare("SELECT count(*) AS n FROM groups").get() as { n: number }).n;

/** The next `limit` groups with an id above `after`, with members, waiting and open-request counts. */
export function groupExportBatch(db: DB, after: number, limit: number): IterableIterator<ExportGroupRow> {
  return db
    .prepare(
      `SELECT g.id, g.slug, g.name, g.region, g.country, g.format, g.status, g.capacity, g.verified_at AS verifiedAt,
              g.convenor_first_name AS convenorFirstName, g.convenor_email AS convenorEmail,
         ${GROUP_COUNTS.members}, ${GROUP_COUNTS.waiting}, ${GROUP_COUNTS.open}
       FROM groups g WHERE g.id > @after ORDER BY g.id LIMIT @limit`,
    )
    .iterate({ after, limit }) as IterableIterator<ExportGroupRow>;
}

export interface ExportWaitingRow {
  id: number;
  email: string;
  waitingSince: string;
  country: string | null;
  place: string | null;
  lat: number | null;
  lon: number | null;
  distanceKm: number | null;
  acceptsOnline: number;
}

/** Confirmed, still subscribed, and waiting for a group near them (as the group-opening emails count them). */
const WAITING = "waiting_since IS NOT NULL AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL";

export const countWaiting = (db: DB) => (db.prepare(`SELECT count(*) AS n FROM newsletter_signups WHERE ${WAITING}`).get() as { n: number }).n;

/** The next `limit` people on the waiting list with an id above `after`. */
export function waitingExportBatch(db: DB, after: number, limit: number): IterableIterator<ExportWaitingRow> {
  return db
    .prepare(
      `SELECT id, email, waiting_since AS waitingSince, country, place, lat, lon, distance_km AS distanceKm, accepts_online AS acceptsOnline
       FROM newsletter_signups WHERE ${WAITING} AND id > @after ORDER BY id LIMIT @limit`,
    )
    .iterate({ after, limit }) as IterableIterator<ExportWaitingRow>;
}

// --- Moving a request to another group ---------------------------------------------

/**
 * Whether the applicant already has a request at `groupId` that moving this
 * one there would duplicate: the same run through the questions (the table
 * allows one per group), or the same address still open or accepted there.
 */
export function alreadyAskedThere(db: DB, requestId: number, groupId: number): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM join_requests o, join_requests r
         WHERE r.id = @requestId AND o.group_id = @groupId AND o.id != r.id
           AND (o.wizard_session_id = r.wizard_session_id OR (lower(o.email) = lower(r.email) AND o.status IN (${sqlIn(OPEN_OR_ACCEPTED_STATUSES)})))
         LIMIT 1`,
      )
      .get({ requestId, groupId }) !== undefined
  );
}

/**
 * Moves a request to another group as if it had just arrived there: the
 * status the chart gives a move (`moved` in machines/join-request.ts: new),
 * and its answer, meeting, decline reason, reminder and escalation cleared.
 * `created_at` becomes now, so the new group's 7-day reminder and 14-day
 * escalation count from the move, not from the first request (the audit log
 * keeps when it first came in). False if the request is no longer in `from`
 * (group and status) as read. Call inside the transaction that audits it and
 * queues its emails.
 */
export function moveJoinRequest(db: DB, id: number, from: { groupId: number; status: JoinRequestStatus }, to: { groupId: number; status: JoinRequestStatus }, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE join_requests SET group_id = @to, status = @toStatus, created_at = @at, status_changed_at = @at,
           decided_at = NULL, reminded_at = NULL, escalated_at = NULL, meet_on = NULL, meet_note = '', decline_reason = NULL
         WHERE id = @id AND group_id = @from AND status = @status`,
      )
      .run({ id, from: from.groupId, status: from.status, to: to.groupId, toStatus: to.status, at: now.toISOString() }).changes === 1
  );
}

/** Uses up every unused emailed link of `purpose` about `subject` (the old group's answer links). Returns how many. */
export function spendTokensAbout(db: DB, purpose: string, subject: string, now: Date): number {
  return db.prepare("UPDATE tokens SET used_at = ? WHERE purpose = ? AND subject = ? AND used_at IS NULL").run(now.toISOString(), purpose, subject).changes;
}
