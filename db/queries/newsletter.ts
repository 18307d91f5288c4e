import type { DB } from "../client";

export const INTERESTS = ["new_groups", "training_events", "convening"] as const;
export type Interest = (typeof INTERESTS)[number];

export interface NewsletterSignup {
  email: string;
  interests: Interest[];
  country: string | null;
  place: string | null;
  areaId: string | null;
  lat: number | null;
  lon: number | null;
  distanceKm: number | null;
  acceptsOnline: boolean;
  outcome: string | null;
  reasons: string[] | null;
  ruleVersion: string | null;
}

/** One row per email address: signing up again updates interests and area. */
export function upsertNewsletterSignup(db: DB, s: NewsletterSignup): { id: number; created: boolean } {
  const email = s.email.trim().toLowerCase();
  return db.transaction(() => {
    const existing = db.prepare("SELECT id FROM newsletter_signups WHERE email = ?").get(email) as { id: number } | undefined;
    const params = {
      email,
      interests: JSON.stringify([...new Set(s.interests)]),
      country: s.country,
      place: s.place,
      areaId: s.areaId,
      lat: s.lat,
      lon: s.lon,
      distanceKm: s.distanceKm,
      acceptsOnline: s.acceptsOnline ? 1 : 0,
      outcome: s.outcome,
      reasons: s.reasons ? JSON.stringify(s.reasons) : null,
      ruleVersion: s.ruleVersion,
    };
    if (existing) {
      db.prepare(
        `UPDATE newsletter_signups SET interests = @interests,
           country = coalesce(@country, country), place = coalesce(@place, place), area_id = coalesce(@areaId, area_id),
           lat = coalesce(@lat, lat), lon = coalesce(@lon, lon), distance_km = coalesce(@distanceKm, distance_km),
           accepts_online = @acceptsOnline, outcome = coalesce(@outcome, outcome), reasons = coalesce(@reasons, reasons),
           rule_version = coalesce(@ruleVersion, rule_version), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = @id`,
      ).run({ ...params, id: existing.id });
      return { id: existing.id, created: false };
    }
    const r = db
      .prepare(
        `INSERT INTO newsletter_signups (email, interests, country, place, area_id, lat, lon, distance_km, accepts_online, outcome, reasons, rule_version)
         VALUES (@email, @interests, @country, @place, @areaId, @lat, @lon, @distanceKm, @acceptsOnline, @outcome, @reasons, @ruleVersion)`,
      )
      .run(params);
    return { id: Number(r.lastInsertRowid), created: true };
  })();
}
