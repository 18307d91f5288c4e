import { byGroupStatus, GROUP_FORMATS, IN_PERSON_FORMATS, isMatched, meetsInPerson, meetsOnline, MAX_TRAVEL_KM, ONLINE_FORMATS, PUBLIC_STATUSES } from "../../machines/matching";
import { greatCircleKm } from "../../machines/places";
import type { DB } from "../client";
import { boundingBox } from "../geo";
import { RhythmSchema, type Rhythm } from "../rhythm";
import { sqlIn } from "../sql-vocabulary";

export { GROUP_FORMATS, GROUP_STATUSES, type GroupFormat, type GroupStatus } from "../../machines/matching";
import type { GroupFormat, GroupStatus } from "../../machines/matching";

/** A group as the public may see it: suburb-level area, never a venue or the convenor's email. */
export interface Group {
  id: number;
  slug: string;
  name: string;
  suburb: string;
  region: string;
  country: "AU" | "NZ";
  lat: number | null;
  lon: number | null;
  format: GroupFormat;
  status: GroupStatus;
  capacity: number;
  rhythm: Rhythm;
  timeZone: string;
  convenorFirstName: string;
  isDemo: boolean;
  /** When a convenor last confirmed the listing ("still meeting as listed"), ISO; null: never. Set by every query here. */
  verifiedAt?: string | null;
  /** Since when the convenor says the group is taking a break, ISO; null: meeting. Set by every query here. */
  pausedAt?: string | null;
}

export interface GroupWithDistance extends Group {
  /** Great-circle km from the person's area; null for online groups. */
  distanceKm: number | null;
}

export interface NewGroup extends Omit<Group, "id" | "isDemo" | "verifiedAt" | "pausedAt"> {
  convenorEmail: string;
  isDemo?: boolean;
}

interface GroupRow {
  id: number;
  slug: string;
  name: string;
  suburb: string;
  region: string;
  country: "AU" | "NZ";
  lat: number | null;
  lon: number | null;
  format: GroupFormat;
  status: GroupStatus;
  capacity: number;
  rhythm: string;
  time_zone: string;
  convenor_first_name: string;
  is_demo: number;
  verified_at: string | null;
  paused_at: string | null;
}

const COLUMNS = `id, slug, name, suburb, region, country, lat, lon, format, status, capacity, rhythm, time_zone, convenor_first_name, is_demo, verified_at, paused_at`;

function toGroup(r: GroupRow): Group {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    suburb: r.suburb,
    region: r.region,
    country: r.country,
    lat: r.lat,
    lon: r.lon,
    format: r.format,
    status: r.status,
    capacity: r.capacity,
    rhythm: RhythmSchema.parse(JSON.parse(r.rhythm)),
    timeZone: r.time_zone,
    convenorFirstName: r.convenor_first_name,
    isDemo: r.is_demo === 1,
    verifiedAt: r.verified_at,
    pausedAt: r.paused_at,
  };
}

/** Open groups before full ones (machines/matching.ts), then nearest first, then by name. */
function byAvailabilityThenDistance(a: GroupWithDistance, b: GroupWithDistance): number {
  return byGroupStatus(a, b) || (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || a.name.localeCompare(b.name);
}

const ONLINE = `SELECT ${COLUMNS} FROM groups WHERE format IN (${sqlIn(ONLINE_FORMATS)})`;
/** Groups of the given formats with a point in a box (groups_by_place is the index's prefilter). */
const inBox = (formats: string) =>
  `SELECT ${COLUMNS} FROM groups WHERE format IN (${formats}) AND lat BETWEEN @minLat AND @maxLat AND lon BETWEEN @minLon AND @maxLon`;
/** In person only: hybrid groups come with ONLINE. */
const IN_PERSON_IN_BOX = inBox(sqlIn(GROUP_FORMATS.filter((format) => meetsInPerson({ format }) && !meetsOnline({ format }))));
const MEETS_IN_PERSON_IN_BOX = inBox(sqlIn(IN_PERSON_FORMATS));

/**
 * The candidates for matching (machines/matching.ts decides which suit):
 * every group that meets online (online or hybrid), and every in-person group
 * with a point within `maxKm` of `point` (a bounding box; no point: none). Any
 * status: the rules, not this query, say which statuses are matched.
 */
export function candidateGroups(db: DB, point: { lat: number; lon: number } | null, maxKm: number = MAX_TRAVEL_KM): Group[] {
  const online = db.prepare(ONLINE).all() as GroupRow[];
  const near = point ? (db.prepare(IN_PERSON_IN_BOX).all(boundingBox(point, maxKm)) as GroupRow[]) : [];
  return [...online, ...near].map(toGroup);
}

/**
 * Groups that meet in person within `maxKm` of a point and can be matched
 * (open, then full with their waiting list), nearest first.
 */
export function findGroupsNear(db: DB, point: { lat: number; lon: number }, maxKm: number): GroupWithDistance[] {
  return (db.prepare(MEETS_IN_PERSON_IN_BOX).all(boundingBox(point, maxKm)) as GroupRow[])
    .map(toGroup)
    .filter((g) => meetsInPerson(g) && isMatched(g) && g.lat !== null && g.lon !== null)
    .map((g) => ({ ...g, distanceKm: greatCircleKm(point, { lat: g.lat!, lon: g.lon! }) }))
    .filter((g) => g.distanceKm <= maxKm)
    .sort(byAvailabilityThenDistance);
}

/** Groups that can be matched and meet online (online or hybrid), open before full. */
export function listOnlineGroups(db: DB): GroupWithDistance[] {
  return (db.prepare(ONLINE).all() as GroupRow[])
    .map(toGroup)
    .filter((g) => meetsOnline(g) && isMatched(g))
    .map((g) => ({ ...g, distanceKm: null }))
    .sort(byAvailabilityThenDistance);
}

/** Groups by id, in the order asked (ids not found are left out). */
export function getGroupsByIds(db: DB, ids: readonly number[]): Group[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT ${COLUMNS} FROM groups WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as GroupRow[];
  const byId = new Map(rows.map((r) => [r.id, toGroup(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Every group the public may see: open, full and forming (closed ones are hidden), by name. */
export function listPublicGroups(db: DB): Group[] {
  return (
    db.prepare(`SELECT ${COLUMNS} FROM groups WHERE status IN (${sqlIn(PUBLIC_STATUSES)}) ORDER BY name`).all() as GroupRow[]
  ).map(toGroup);
}

export function getGroupBySlug(db: DB, slug: string): Group | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM groups WHERE slug = ?`).get(slug) as GroupRow | undefined;
  return row ? toGroup(row) : undefined;
}

export function listGroups(db: DB): Group[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM groups ORDER BY name`).all() as GroupRow[]).map(toGroup);
}

export function countDemoGroups(db: DB): number {
  return (db.prepare("SELECT count(*) AS n FROM groups WHERE is_demo = 1").get() as { n: number }).n;
}

export function insertGroup(db: DB, g: NewGroup): number {
  const result = db
    .prepare(
      `INSERT INTO groups (slug, name, suburb, region, country, lat, lon, format, status, capacity, rhythm, time_zone, convenor_first_name, convenor_email, is_demo)
       VALUES (@slug, @name, @suburb, @region, @country, @lat, @lon, @format, @status, @capacity, @rhythm, @timeZone, @convenorFirstName, @convenorEmail, @isDemo)`,
    )
    .run({ ...g, rhythm: JSON.stringify(RhythmSchema.parse(g.rhythm)), isDemo: g.isDemo ? 1 : 0 });
  return Number(result.lastInsertRowid);
}

export function setGroupStatus(db: DB, slug: string, status: GroupStatus): boolean {
  return (
    db
      .prepare(`UPDATE groups SET status = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE slug = ?`)
      .run(status, slug).changes === 1
  );
}
