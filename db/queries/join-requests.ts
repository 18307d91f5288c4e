import crypto from "node:crypto";
import type { DB } from "../client";

export interface NewJoinRequest {
  groupId: number;
  wizardSessionId: string;
  name: string;
  email: string;
  note: string;
  hopes: string[];
  answers: unknown;
  outcome: string;
  reasons: string[];
  ruleVersion: string;
  distanceKm: number | null;
}

export interface JoinRequestRow {
  publicId: string;
  groupId: number;
  createdAt: string;
}

/**
 * Stores a join request once per wizard session and group: a repeated
 * submission (double click, resubmitted form, Back and send again) returns the
 * first request instead of creating another.
 */
export function createJoinRequest(db: DB, r: NewJoinRequest): { publicId: string; created: boolean } {
  const publicId = crypto.randomBytes(12).toString("base64url");
  const result = db
    .prepare(
      `INSERT INTO join_requests (public_id, group_id, wizard_session_id, name, email, note, hopes, answers, outcome, reasons, rule_version, distance_km, consented_at)
       VALUES (@publicId, @groupId, @wizardSessionId, @name, @email, @note, @hopes, @answers, @outcome, @reasons, @ruleVersion, @distanceKm, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
       ON CONFLICT (wizard_session_id, group_id) DO NOTHING`,
    )
    .run({
      ...r,
      publicId,
      hopes: JSON.stringify(r.hopes),
      answers: JSON.stringify(r.answers),
      reasons: JSON.stringify(r.reasons),
    });
  if (result.changes === 1) return { publicId, created: true };
  const existing = findJoinRequest(db, r.wizardSessionId, r.groupId)!;
  return { publicId: existing.publicId, created: false };
}

export function findJoinRequest(db: DB, wizardSessionId: string, groupId: number): JoinRequestRow | undefined {
  return db
    .prepare(
      "SELECT public_id AS publicId, group_id AS groupId, created_at AS createdAt FROM join_requests WHERE wizard_session_id = ? AND group_id = ?",
    )
    .get(wizardSessionId, groupId) as JoinRequestRow | undefined;
}
