/** A group's listing as its convenors edit it: the public fields, and the private venue note. */
import type { DB } from "../client";
import { RhythmSchema, type Rhythm } from "../rhythm";
import type { GroupFormat, GroupStatus } from "./groups";

export interface Listing {
  id: number;
  slug: string;
  name: string;
  description: string;
  format: GroupFormat;
  status: GroupStatus;
  capacity: number;
  rhythm: Rhythm;
  timeZone: string;
  venueNote: string;
  /** In-person meeting needs a place on the map. */
  hasLocation: boolean;
}

export function getListing(db: DB, slug: string): Listing | undefined {
  const r = db
    .prepare(
      `SELECT id, slug, name, description, format, status, capacity, rhythm, time_zone AS timeZone, venue_note AS venueNote,
         (lat IS NOT NULL AND lon IS NOT NULL) AS hasLocation FROM groups WHERE slug = ?`,
    )
    .get(slug) as (Omit<Listing, "rhythm" | "hasLocation"> & { rhythm: string; hasLocation: number }) | undefined;
  return r ? { ...r, rhythm: RhythmSchema.parse(JSON.parse(r.rhythm)), hasLocation: r.hasLocation === 1 } : undefined;
}

export type ListingUpdate = Pick<Listing, "name" | "description" | "format" | "capacity" | "rhythm" | "timeZone" | "venueNote">;

/** Saves the listing's fields (not its status: see setGroupStatusAndNotify). Returns the names of the fields that changed. */
export function updateListing(db: DB, id: number, before: Listing, next: ListingUpdate): string[] {
  const changed = (Object.keys(next) as (keyof ListingUpdate)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
  if (!changed.length) return [];
  db.prepare(
    `UPDATE groups SET name = @name, description = @description, format = @format, capacity = @capacity, rhythm = @rhythm,
       time_zone = @timeZone, venue_note = @venueNote, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = @id`,
  ).run({ ...next, rhythm: JSON.stringify(next.rhythm), id });
  return changed;
}

/** The public description, for the group's page. */
export function groupDescription(db: DB, groupId: number): string {
  return (db.prepare("SELECT description FROM groups WHERE id = ?").get(groupId) as { description: string } | undefined)?.description ?? "";
}
