/**
 * Demand: the people on the waiting list with a place on the map, the groups
 * that meet in person, the nearest gazetteer place to a point, the threshold
 * setting, and the forming group staff seed where people wait.
 */
import type { DB } from "../client";
import { IN_PERSON_FORMATS, PUBLIC_STATUSES } from "../../machines/matching";
import { sqlIn } from "../sql-vocabulary";
import { AU_SOURCE, NZ_SOURCE } from "../gazetteer";
import { boundingBox, distanceKm } from "../geo";
import type { Interest } from "../interests";
import { getSetting, setSetting } from "./settings";

/** Someone on the waiting list with a point and a distance: no email address (see waitingEmails). */
export interface WaitingPerson {
  id: number;
  lat: number;
  lon: number;
  distanceKm: number;
  acceptsOnline: boolean;
  interests: Interest[];
  place: string | null;
  region: string | null;
}

/**
 * Confirmed, still subscribed, on the waiting list (waiting_since), with a
 * point and a distance: everyone who could be near a new group. By id.
 */
export function listWaitingPeople(db: DB): WaitingPerson[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.lat, s.lon, s.distance_km AS distanceKm, s.accepts_online AS acceptsOnline, s.interests, s.place, p.region
       FROM newsletter_signups s LEFT JOIN places p ON p.id = s.area_id
       WHERE s.waiting_since IS NOT NULL AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
         AND s.lat IS NOT NULL AND s.lon IS NOT NULL AND s.distance_km IS NOT NULL
       ORDER BY s.id`,
    )
    .all() as { id: number; lat: number; lon: number; distanceKm: number; acceptsOnline: number; interests: string; place: string | null; region: string | null }[];
  return rows.map((r) => ({ ...r, acceptsOnline: r.acceptsOnline === 1, interests: parseInterests(r.interests) }));
}

function parseInterests(json: string): Interest[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v.filter((x) => typeof x === "string") as Interest[]) : [];
  } catch {
    return [];
  }
}

/** Addresses of some waiting people (for the seed email), by id; only those still subscribed. */
export function waitingEmails(db: DB, ids: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  const statement = db.prepare("SELECT email FROM newsletter_signups WHERE id = ? AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL");
  for (const id of ids) {
    const row = statement.get(id) as { email: string } | undefined;
    if (row) out.set(id, row.email);
  }
  return out;
}

export interface MeetingGroup {
  id: number;
  slug: string;
  name: string;
  status: "forming" | "open" | "full";
  lat: number;
  lon: number;
}

/** Groups that meet in person (in person or hybrid) and are forming, open or full: a group near someone. */
export function listMeetingGroups(db: DB): MeetingGroup[] {
  return db
    .prepare(
      `SELECT id, slug, name, status, lat, lon FROM groups
       WHERE status IN (${sqlIn(PUBLIC_STATUSES)}) AND format IN (${sqlIn(IN_PERSON_FORMATS)}) AND lat IS NOT NULL AND lon IS NOT NULL
       ORDER BY id`,
    )
    .all() as MeetingGroup[];
}

export interface NearPlace {
  id: string;
  name: string;
  region: string;
  country: "AU" | "NZ";
  postcode: string | null;
  lat: number;
  lon: number;
  km: number;
}

/** The nearest real place (a suburb, town or locality, not a postcode area) within `maxKm` of a point, or undefined. */
export function nearestPlace(db: DB, point: { lat: number; lon: number }, maxKm = 100): NearPlace | undefined {
  for (const km of [10, 30, maxKm]) {
    if (km > maxKm) break;
    const box = boundingBox(point, km);
    const rows = db
      .prepare(
        `SELECT id, name, region, country, postcode, lat, lon FROM places
         WHERE source IN (?, ?) AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?`,
      )
      .all(AU_SOURCE, NZ_SOURCE, box.minLat, box.maxLat, box.minLon, box.maxLon) as Omit<NearPlace, "km">[];
    let best: NearPlace | undefined;
    for (const r of rows) {
      const d = distanceKm(point, r);
      if (d <= km && (!best || d < best.km || (d === best.km && r.id < best.id))) best = { ...r, km: d };
    }
    if (best) return best;
  }
  return undefined;
}

/* ── The threshold ────────────────────────────────────────────────────────── */

export const DEMAND_THRESHOLD_KEY = "demand_threshold";
export const DEFAULT_DEMAND_THRESHOLD = 5;

export function getDemandThreshold(db: DB): number {
  const n = Number(getSetting(db, DEMAND_THRESHOLD_KEY));
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_DEMAND_THRESHOLD;
}

export function setDemandThreshold(db: DB, n: number): void {
  setSetting(db, DEMAND_THRESHOLD_KEY, String(n));
}

/* ── Seeding ─────────────────────────────────────────────────────────────── */

export const groupNameTaken = (db: DB, name: string) => db.prepare("SELECT 1 FROM groups WHERE lower(name) = lower(?)").get(name) !== undefined;
export const groupSlugTaken = (db: DB, slug: string) => db.prepare("SELECT 1 FROM groups WHERE slug = ?").get(slug) !== undefined;

export const groupNameBySlug = (db: DB, slug: string) => db.prepare("SELECT name FROM groups WHERE slug = ?").get(slug) as { name: string } | undefined;
