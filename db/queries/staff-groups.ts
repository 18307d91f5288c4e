/** Staff's list of every group: filtered and sorted in SQL, with members, waiting and convenor counts. */
import type { DB } from "../client";
import { OPEN_STATUSES } from "../../machines/join-request";
import { GROUP_COUNTS, sqlIn } from "../sql-vocabulary";
import type { GroupFormat, GroupStatus } from "./groups";

export const GROUP_SORTS = ["name", "members", "waiting", "verified"] as const;
export type GroupSort = (typeof GROUP_SORTS)[number];

export interface StaffGroupFilter {
  status?: GroupStatus;
  region?: string;
  format?: GroupFormat;
  /** recent: confirmed in the last 12 weeks; stale: before that; never: not yet. */
  freshness?: "recent" | "stale" | "never";
  sort: GroupSort;
  dir: "asc" | "desc";
  now: Date;
}

export interface StaffGroupRow {
  id: number;
  slug: string;
  name: string;
  region: string;
  status: GroupStatus;
  format: GroupFormat;
  capacity: number;
  members: number;
  waiting: number;
  verifiedAt: string | null;
  convenors: number;
  timeZone: string;
}

const ORDER: Record<GroupSort, string> = {
  name: "g.name COLLATE NOCASE",
  members: "members",
  waiting: "waiting",
  verified: "coalesce(g.verified_at, '')",
};

export function listStaffGroups(db: DB, f: StaffGroupFilter): StaffGroupRow[] {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.status) { clauses.push("g.status = @status"); params.status = f.status; }
  if (f.region) { clauses.push("g.region = @region"); params.region = f.region; }
  if (f.format) { clauses.push("g.format = @format"); params.format = f.format; }
  if (f.freshness) {
    params.since = new Date(f.now.getTime() - 84 * 86_400_000).toISOString();
    clauses.push(f.freshness === "never" ? "g.verified_at IS NULL" : f.freshness === "recent" ? "g.verified_at >= @since" : "g.verified_at < @since");
  }
  const where = clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
  return db
    .prepare(
      `SELECT g.id, g.slug, g.name, g.region, g.status, g.format, g.capacity, g.verified_at AS verifiedAt, g.time_zone AS timeZone,
         ${GROUP_COUNTS.members}, ${GROUP_COUNTS.waiting},
         (SELECT count(*) FROM group_convenors c WHERE c.group_id = g.id) AS convenors
       FROM groups g ${where}
       ORDER BY ${ORDER[f.sort]} ${f.dir === "desc" ? "DESC" : "ASC"}, g.name COLLATE NOCASE, g.id`,
    )
    .all(params) as StaffGroupRow[];
}

export function listRegions(db: DB): string[] {
  return (db.prepare("SELECT DISTINCT region FROM groups ORDER BY region").all() as { region: string }[]).map((r) => r.region);
}

export function slugTaken(db: DB, slug: string, exceptId?: number): boolean {
  return db.prepare("SELECT 1 FROM groups WHERE slug = ? AND id IS NOT ?").get(slug, exceptId ?? null) !== undefined;
}

export interface GroupDetailsUpdate {
  slug: string;
  name: string;
  suburb: string;
  region: string;
  country: "AU" | "NZ";
  lat: number | null;
  lon: number | null;
  format: GroupFormat;
  capacity: number;
  rhythm: string;
  timeZone: string;
  description: string;
  convenorFirstName: string;
}

/** Staff's edit of every field but the status (which has consequences: see app/staff/group-status.server.ts). */
export function updateGroupDetails(db: DB, id: number, u: GroupDetailsUpdate): void {
  db.prepare(
    `UPDATE groups SET slug = @slug, name = @name, suburb = @suburb, region = @region, country = @country, lat = @lat, lon = @lon,
       format = @format, capacity = @capacity, rhythm = @rhythm, time_zone = @timeZone, description = @description,
       convenor_first_name = @convenorFirstName, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = @id`,
  ).run({ ...u, id });
}

/** Open requests of a group (new, meet first, waiting list): the people a closing group must tell. */
export function openRequestIds(db: DB, groupId: number): number[] {
  return (db.prepare(`SELECT id FROM join_requests WHERE group_id = ? AND status IN (${sqlIn(OPEN_STATUSES)}) ORDER BY id`).all(groupId) as { id: number }[]).map((r) => r.id);
}
