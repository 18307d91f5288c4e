import { MAX_TRAVEL_KM, meetsInPerson, meetsOnline, qualifiesForWaitingList, waitingListMatch, WAITING_LIST_REASONS } from "../../machines/matching";
import { type DB, writeTransaction } from "../client";
import { boundingBox } from "../geo";
import type { Interest } from "../interests";
export { INTERESTS, type Interest } from "../interests";

export interface NewsletterSignup {
  email: string;
  interests: Interest[];
  country: string | null;
  place: string | null;
  areaId: string | null;
  lat: number | null;
  lon: number | null;
  distanceKm: number | null;
  /** null: not known (signed up without answering the questions), keeps what was stored. */
  acceptsOnline: boolean | null;
  outcome: string | null;
  reasons: string[] | null;
  ruleVersion: string | null;
}

/** One row per email address: signing up again updates interests and area. */
export function upsertNewsletterSignup(db: DB, s: NewsletterSignup): { id: number; created: boolean } {
  const email = s.email.trim().toLowerCase();
  return writeTransaction(db, () => {
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
      acceptsOnline: s.acceptsOnline === null ? null : s.acceptsOnline ? 1 : 0,
      outcome: s.outcome,
      reasons: s.reasons ? JSON.stringify(s.reasons) : null,
      ruleVersion: s.ruleVersion,
    };
    if (existing) {
      db.prepare(
        `UPDATE newsletter_signups SET interests = @interests,
           country = coalesce(@country, country), place = coalesce(@place, place), area_id = coalesce(@areaId, area_id),
           lat = coalesce(@lat, lat), lon = coalesce(@lon, lon), distance_km = coalesce(@distanceKm, distance_km),
           accepts_online = coalesce(@acceptsOnline, accepts_online), outcome = coalesce(@outcome, outcome), reasons = coalesce(@reasons, reasons),
           rule_version = coalesce(@ruleVersion, rule_version), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = @id`,
      ).run({ ...params, id: existing.id });
      return { id: existing.id, created: false };
    }
    const r = db
      .prepare(
        `INSERT INTO newsletter_signups (email, interests, country, place, area_id, lat, lon, distance_km, accepts_online, outcome, reasons, rule_version)
         VALUES (@email, @interests, @country, @place, @areaId, @lat, @lon, @distanceKm, coalesce(@acceptsOnline, 0), @outcome, @reasons, @ruleVersion)`,
      )
      .run(params);
    return { id: Number(r.lastInsertRowid), created: true };
  });
}

/* ── Double opt-in, unsubscribe and the waiting list ─────────────────────── */

type Now = Date;
const iso = (d: Date) => d.toISOString();

/** Reasons that mean "PWCOP fits you, but there is no group where you want one yet" (the rule: machines/matching.ts). */
export const WAITING_REASONS = WAITING_LIST_REASONS;

/** Who is on the waiting list: the rule is machines/matching.ts's. */
export { qualifiesForWaitingList };

/** Stores preferences: with answers from the questions, their area replaces the stored one (even with nothing); without, the stored area is kept. */
function storePreferences(db: DB, s: NewsletterSignup): number {
  const { id } = upsertNewsletterSignup(db, s);
  if (s.outcome !== null) {
    db.prepare(
      `UPDATE newsletter_signups SET country = ?, place = ?, area_id = ?, lat = ?, lon = ?, distance_km = ?, accepts_online = ? WHERE id = ?`,
    ).run(s.country, s.place, s.areaId, s.lat, s.lon, s.distanceKm, s.acceptsOnline ? 1 : 0, id);
  }
  return id;
}

function refreshWaiting(db: DB, id: number, now: Now): void {
  const r = db
    .prepare("SELECT interests, reasons, lat, lon, distance_km AS distanceKm, accepts_online AS acceptsOnline, waiting_since AS waitingSince FROM newsletter_signups WHERE id = ?")
    .get(id) as { interests: string; reasons: string | null; lat: number | null; lon: number | null; distanceKm: number | null; acceptsOnline: number; waitingSince: string | null };
  const waiting = qualifiesForWaitingList({
    interests: JSON.parse(r.interests) as string[],
    reasons: r.reasons ? (JSON.parse(r.reasons) as string[]) : null,
    lat: r.lat,
    lon: r.lon,
    distanceKm: r.distanceKm,
    acceptsOnline: r.acceptsOnline === 1,
  });
  db.prepare("UPDATE newsletter_signups SET waiting_since = ? WHERE id = ?").run(waiting ? (r.waitingSince ?? iso(now)) : null, id);
}

export interface SignupRequest {
  id: number;
  /**
   * Preferences to apply when the address is confirmed. Set when the address
   * is already a confirmed subscriber: a form anyone can fill in must not
   * change their subscription until they confirm from their inbox.
   */
  pending: NewsletterSignup | null;
}

/**
 * Double opt-in, step one: stores the address unconfirmed (or, for an address
 * already confirmed, keeps its preferences as they are and returns the new
 * ones as `pending`). The caller queues the confirmation email in the same
 * transaction.
 */
export function requestNewsletterSignup(db: DB, s: NewsletterSignup, now: Now = new Date()): SignupRequest {
  const email = s.email.trim().toLowerCase();
  return writeTransaction(db, () => {
    const existing = db
      .prepare("SELECT id, confirmed_at AS confirmedAt, unsubscribed_at AS unsubscribedAt FROM newsletter_signups WHERE email = ?")
      .get(email) as { id: number; confirmedAt: string | null; unsubscribedAt: string | null } | undefined;
    if (existing?.confirmedAt && !existing.unsubscribedAt) return { id: existing.id, pending: { ...s, email } };
    const id = storePreferences(db, { ...s, email });
    db.prepare("UPDATE newsletter_signups SET confirmed_at = NULL, unsubscribed_at = NULL WHERE id = ?").run(id);
    refreshWaiting(db, id, now);
    return { id, pending: null };
  });
}

/** Double opt-in, step two. Call inside the transaction that uses up the confirmation link. False if the sign-up is gone. */
export function confirmNewsletterSignup(db: DB, id: number, pending: NewsletterSignup | null, now: Now = new Date()): boolean {
  return writeTransaction(db, () => {
    const row = db.prepare("SELECT email FROM newsletter_signups WHERE id = ?").get(id) as { email: string } | undefined;
    if (!row) return false;
    if (pending) storePreferences(db, { ...pending, email: row.email });
    db.prepare(
      `UPDATE newsletter_signups
       SET confirmed_at = CASE WHEN confirmed_at IS NULL OR unsubscribed_at IS NOT NULL THEN @now ELSE confirmed_at END,
           unsubscribed_at = NULL, updated_at = @now
       WHERE id = @id`,
    ).run({ id, now: iso(now) });
    refreshWaiting(db, id, now);
    return true;
  });
}

/** Unsubscribes (and leaves the waiting list). Safe to repeat. */
export function unsubscribeNewsletter(db: DB, id: number, now: Now = new Date()): "unsubscribed" | "already" | "unknown" {
  const r = db
    .prepare(
      `UPDATE newsletter_signups SET unsubscribed_at = ?, waiting_since = NULL, updated_at = ?
       WHERE id = ? AND unsubscribed_at IS NULL`,
    )
    .run(iso(now), iso(now), id);
  if (r.changes === 1) return "unsubscribed";
  return db.prepare("SELECT 1 FROM newsletter_signups WHERE id = ?").get(id) ? "already" : "unknown";
}

export interface Subscriber {
  id: number;
  email: string;
  interests: Interest[];
  place: string | null;
  lat: number | null;
  lon: number | null;
  distanceKm: number | null;
  acceptsOnline: boolean;
  confirmedAt: string;
  waitingSince: string | null;
}

const SUBSCRIBER_COLUMNS = `id, email, interests, place, lat, lon, distance_km AS distanceKm, accepts_online AS acceptsOnline,
  confirmed_at AS confirmedAt, waiting_since AS waitingSince`;
const toSubscriber = (r: Record<string, unknown>): Subscriber => ({
  ...(r as unknown as Subscriber),
  interests: JSON.parse(r.interests as string) as Interest[],
  acceptsOnline: r.acceptsOnline === 1,
});

/** Only confirmed, still-subscribed addresses count: optionally those who asked for one kind of news. */
export function confirmedSubscribers(db: DB, filter: { interest?: Interest } = {}): Subscriber[] {
  const rows = db
    .prepare(
      `SELECT ${SUBSCRIBER_COLUMNS} FROM newsletter_signups
       WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL
         AND (@interest IS NULL OR EXISTS (SELECT 1 FROM json_each(interests) WHERE value = @interest))
       ORDER BY id`,
    )
    .all({ interest: filter.interest ?? null }) as Record<string, unknown>[];
  return rows.map(toSubscriber);
}

export function getSubscriber(db: DB, id: number): (Subscriber & { confirmedAt: string | null; unsubscribedAt: string | null }) | undefined {
  const r = db.prepare(`SELECT ${SUBSCRIBER_COLUMNS}, unsubscribed_at AS unsubscribedAt FROM newsletter_signups WHERE id = ?`).get(id) as
    | Record<string, unknown>
    | undefined;
  return r ? { ...toSubscriber(r), unsubscribedAt: r.unsubscribedAt as string | null } : undefined;
}

export interface WaitingMatch {
  subscriber: Subscriber;
  /** In person within their distance (preferred when both fit), or online. */
  how: "in_person" | "online";
  /** km from their area to the group, for in person. */
  km: number | null;
}

/**
 * Confirmed people on the waiting list whom a group suits: in person within
 * the distance they chose (in-person and hybrid groups), or online if they
 * accept online (online and hybrid groups).
 */
export function waitingListFor(db: DB, group: { format: "in_person" | "online" | "hybrid"; lat: number | null; lon: number | null }): WaitingMatch[] {
  const box = meetsInPerson(group) && group.lat !== null && group.lon !== null ? boundingBox({ lat: group.lat!, lon: group.lon! }, MAX_TRAVEL_KM) : null;
  const rows = db
    .prepare(
      `SELECT ${SUBSCRIBER_COLUMNS} FROM newsletter_signups
       WHERE waiting_since IS NOT NULL AND confirmed_at IS NOT NULL AND unsubscribed_at IS NULL
         AND ((@online = 1 AND accepts_online = 1)
           OR (@inPerson = 1 AND distance_km IS NOT NULL AND lat BETWEEN @minLat AND @maxLat AND lon BETWEEN @minLon AND @maxLon))
       ORDER BY id`,
    )
    .all({
      online: meetsOnline(group) ? 1 : 0,
      inPerson: box ? 1 : 0,
      minLat: box?.minLat ?? 0,
      maxLat: box?.maxLat ?? 0,
      minLon: box?.minLon ?? 0,
      maxLon: box?.maxLon ?? 0,
    }) as Record<string, unknown>[];
  const out: WaitingMatch[] = [];
  for (const s of rows.map(toSubscriber)) {
    const m = waitingListMatch(s, group);
    if (m) out.push({ subscriber: s, ...m });
  }
  return out;
}
