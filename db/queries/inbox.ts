/**
 * The convenor area's reads: requests for the groups a person may see
 * (`groupIds` null: every group, for staff), members and waiting lists.
 * Filtering and paging happen in SQL, on an index in the list's order
 * (join_requests_inbox, join_requests_by_group_created); totals and counts
 * come from join_request_counts (db/queries/request-counts.ts).
 */
import type { DB } from "../client";
import type { JoinRequestStatus, MEMBER_STATUS, WAITING_LIST_STATUS } from "../../machines/join-request";
import { GROUP_COUNTS } from "../sql-vocabulary";
import { countRequests, countRequestsBy } from "./request-counts";

export interface InboxFilter {
  /** null: every group (staff). */
  groupIds: number[] | null;
  status?: JoinRequestStatus;
  groupId?: number;
  limit: number;
  offset: number;
}

export interface InboxRow {
  id: number;
  status: JoinRequestStatus;
  name: string;
  createdAt: string;
  statusChangedAt: string | null;
  groupId: number;
  groupName: string;
  groupSlug: string;
  groupTimeZone: string;
}

function where(f: Pick<InboxFilter, "groupIds" | "status" | "groupId">): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.groupIds?.length === 1) {
    // One group (most convenors): an equality, so its index gives the rows newest first.
    clauses.push("r.group_id = @onlyGroupId");
    params.onlyGroupId = f.groupIds[0];
  } else if (f.groupIds) {
    clauses.push("r.group_id IN (SELECT value FROM json_each(@groupIds))");
    params.groupIds = JSON.stringify(f.groupIds);
  }
  if (f.groupId !== undefined) {
    clauses.push("r.group_id = @groupId");
    params.groupId = f.groupId;
  }
  if (f.status) {
    clauses.push("r.status = @status");
    params.status = f.status;
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

export function listInbox(db: DB, f: InboxFilter): { rows: InboxRow[]; total: number } {
  const w = where(f);
  const total = countRequests(db, f);
  // The page's ids read on an index alone (rows skipped to reach a later page cost no table reads), then only its rows.
  const rows = db
    .prepare(
      `SELECT r.id, r.status, r.name, r.created_at AS createdAt, r.status_changed_at AS statusChangedAt,
              g.id AS groupId, g.name AS groupName, g.slug AS groupSlug, g.time_zone AS groupTimeZone
       FROM join_requests r JOIN groups g ON g.id = r.group_id
       WHERE r.id IN (SELECT r.id FROM join_requests r ${w.sql} ORDER BY r.created_at DESC, r.id DESC LIMIT @limit OFFSET @offset)
       ORDER BY r.created_at DESC, r.id DESC`,
    )
    .all({ ...w.params, limit: f.limit, offset: f.offset }) as InboxRow[];
  return { rows, total };
}

/** How many requests in each status, for the same groups. */
export function countByStatus(db: DB, f: Pick<InboxFilter, "groupIds" | "groupId">): Partial<Record<JoinRequestStatus, number>> {
  return Object.fromEntries(countRequestsBy(db, f, "status").map((r) => [r.bucket, r.n]));
}

export interface GroupSummary {
  id: number;
  slug: string;
  name: string;
  status: string;
  format: string;
  capacity: number;
  timeZone: string;
  members: number;
  waiting: number;
  open: number;
}

/** The groups a person may see, with members, waiting and open-request counts. */
export function listGroupSummaries(db: DB, groupIds: number[] | null): GroupSummary[] {
  return db
    .prepare(
      `SELECT g.id, g.slug, g.name, g.status, g.format, g.capacity, g.time_zone AS timeZone,
         ${GROUP_COUNTS.members}, ${GROUP_COUNTS.waiting}, ${GROUP_COUNTS.open}
       FROM groups g ${groupIds ? "WHERE g.id IN (SELECT value FROM json_each(?))" : ""} ORDER BY g.name`,
    )
    .all(...(groupIds ? [JSON.stringify(groupIds)] : [])) as GroupSummary[];
}

export interface PersonInGroup {
  requestId: number;
  name: string;
  since: string;
}

/** Accepted members (by when accepted) or the waiting list (first in, first out). */
export function peopleInGroup(db: DB, groupId: number, status: typeof MEMBER_STATUS | typeof WAITING_LIST_STATUS): PersonInGroup[] {
  return db
    .prepare(
      `SELECT id AS requestId, CASE WHEN name = '' THEN '(details erased)' ELSE name END AS name, coalesce(status_changed_at, created_at) AS since FROM join_requests
       WHERE group_id = ? AND status = ? ORDER BY coalesce(status_changed_at, created_at), id`,
    )
    .all(groupId, status) as PersonInGroup[];
}
