/**
 * Request totals from join_request_counts (migration 12): how many requests
 * each group has in each status, kept exact by triggers on join_requests.
 * A total for any set of groups and statuses is a sum over at most a few
 * hundred of its rows, however many requests there are; only filters on
 * when a request came in still count requests (on an index).
 */
import type { DB } from "../client";
import type { JoinRequestStatus } from "../../machines/join-request";

export interface CountFilter {
  /** Only these groups (null or absent: every group). */
  groupIds?: readonly number[] | null;
  groupId?: number;
  status?: JoinRequestStatus;
}

function where(f: CountFilter): { sql: string; params: Record<string, unknown> } {
  const clauses = ["c.n > 0"];
  const params: Record<string, unknown> = {};
  if (f.groupIds) {
    clauses.push("c.group_id IN (SELECT value FROM json_each(@groupIds))");
    params.groupIds = JSON.stringify(f.groupIds);
  }
  if (f.groupId !== undefined) {
    clauses.push("c.group_id = @groupId");
    params.groupId = f.groupId;
  }
  if (f.status) {
    clauses.push("c.status = @status");
    params.status = f.status;
  }
  return { sql: `WHERE ${clauses.join(" AND ")}`, params };
}

/** How many requests match. */
export function countRequests(db: DB, f: CountFilter): number {
  const w = where(f);
  return (db.prepare(`SELECT coalesce(sum(c.n), 0) AS n FROM join_request_counts c ${w.sql}`).get(w.params) as { n: number }).n;
}

/** How many match in each group or each status (only those with any). */
export function countRequestsBy(db: DB, f: CountFilter, column: "group_id" | "status"): { bucket: string | number; n: number }[] {
  const w = where(f);
  return db.prepare(`SELECT c.${column} AS bucket, sum(c.n) AS n FROM join_request_counts c ${w.sql} GROUP BY c.${column}`).all(w.params) as { bucket: string | number; n: number }[];
}
