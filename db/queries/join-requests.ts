import crypto from "node:crypto";
import type { DB } from "../client";
import { AWAITING_ANSWER_STATUSES, NEW_STATUS, type DeclineReason, type JoinRequestStatus } from "../../machines/join-request";
import { sqlIn, sqlStatus } from "../sql-vocabulary";

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
  id: number;
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
      "SELECT id, public_id AS publicId, group_id AS groupId, created_at AS createdAt FROM join_requests WHERE wizard_session_id = ? AND group_id = ?",
    )
    .get(wizardSessionId, groupId) as JoinRequestRow | undefined;
}

export const JOIN_DECISIONS = ["accepted", "meet_first", "declined"] as const;
export type JoinDecision = (typeof JOIN_DECISIONS)[number];

/** A join request with its group, as the emails and the convenor's pages need it. Personal data: never log it. */
export interface JoinRequestDetails {
  id: number;
  publicId: string;
  name: string;
  email: string;
  note: string;
  hopes: string[];
  answers: Record<string, unknown>;
  distanceKm: number | null;
  status: JoinRequestStatus;
  createdAt: string;
  decidedAt: string | null;
  statusChangedAt: string | null;
  meetOn: string | null;
  meetNote: string;
  declineReason: DeclineReason | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  group: {
    id: number;
    slug: string;
    name: string;
    status: string;
    format: string;
    timeZone: string;
    convenorFirstName: string;
    convenorEmail: string;
  };
}

const DETAILS = `SELECT r.id, r.public_id AS publicId, r.name, r.email, r.note, r.hopes, r.answers, r.distance_km AS distanceKm, r.status,
  r.created_at AS createdAt, r.decided_at AS decidedAt, r.reminded_at AS remindedAt, r.escalated_at AS escalatedAt,
  r.status_changed_at AS statusChangedAt, r.meet_on AS meetOn, r.meet_note AS meetNote, r.decline_reason AS declineReason,
  g.id AS groupId, g.slug AS groupSlug, g.name AS groupName, g.status AS groupStatus, g.format AS groupFormat, g.time_zone AS groupTimeZone,
  g.convenor_first_name AS convenorFirstName, g.convenor_email AS convenorEmail
  FROM join_requests r JOIN groups g ON g.id = r.group_id`;

function toDetails(r: Record<string, unknown>): JoinRequestDetails {
  return {
    id: r.id as number,
    publicId: r.publicId as string,
    name: r.name as string,
    email: r.email as string,
    note: r.note as string,
    hopes: JSON.parse(r.hopes as string) as string[],
    answers: JSON.parse(r.answers as string) as Record<string, unknown>,
    distanceKm: r.distanceKm as number | null,
    status: r.status as JoinRequestDetails["status"],
    createdAt: r.createdAt as string,
    decidedAt: r.decidedAt as string | null,
    statusChangedAt: r.statusChangedAt as string | null,
    meetOn: r.meetOn as string | null,
    meetNote: r.meetNote as string,
    declineReason: r.declineReason as DeclineReason | null,
    remindedAt: r.remindedAt as string | null,
    escalatedAt: r.escalatedAt as string | null,
    group: {
      id: r.groupId as number,
      slug: r.groupSlug as string,
      name: r.groupName as string,
      status: r.groupStatus as string,
      format: r.groupFormat as string,
      timeZone: r.groupTimeZone as string,
      convenorFirstName: r.convenorFirstName as string,
      convenorEmail: r.convenorEmail as string,
    },
  };
}

export function getJoinRequestDetails(db: DB, id: number): JoinRequestDetails | undefined {
  const r = db.prepare(`${DETAILS} WHERE r.id = ?`).get(id) as Record<string, unknown> | undefined;
  return r ? toDetails(r) : undefined;
}

/**
 * Moves a request from `from` to `to` (machines/join-request.ts decides
 * whether it may), recording when, and the meeting or decline details that
 * go with `to`. False if the request is no longer in `from` (another answer
 * got there first). Call inside the transaction that queues its emails.
 */
export function changeJoinRequestStatus(
  db: DB,
  id: number,
  from: JoinRequestStatus,
  to: JoinRequestStatus,
  details: { meetOn?: string | null; meetNote?: string; declineReason?: DeclineReason | null },
  now: Date,
): boolean {
  const at = now.toISOString();
  return (
    db
      .prepare(
        `UPDATE join_requests SET status = @to, status_changed_at = @at,
           decided_at = CASE WHEN @to = ${sqlStatus("withdrawn")} THEN decided_at ELSE coalesce(decided_at, @at) END,
           meet_on = CASE WHEN @to = ${sqlStatus("meet_first")} THEN @meetOn ELSE meet_on END,
           meet_note = CASE WHEN @to = ${sqlStatus("meet_first")} THEN @meetNote ELSE meet_note END,
           decline_reason = CASE WHEN @to = ${sqlStatus("declined")} THEN @declineReason ELSE decline_reason END
         WHERE id = @id AND status = @from`,
      )
      .run({ id, from, to, at, meetOn: details.meetOn ?? null, meetNote: details.meetNote ?? "", declineReason: details.declineReason ?? null }).changes === 1
  );
}

/**
 * Requests still waiting on their convenor since at or before `before`, that
 * have not had a reminder (`reminded_at`) or been escalated (`escalated_at`):
 * new requests, counted from when they came in, and "meet first" ones whose
 * proposed date has passed, counted from that date (until then, meeting
 * first is an answer). Only requests whose convenor was emailed (an outbox
 * key `join:<id>:convenor`, or `join:<id>:convenor:<userId>` for each
 * convenor account: the range below, on the dedupe_key index; `;` follows
 * `:`): older ones never were.
 */
export function listUnansweredJoinRequests(db: DB, not: "reminded_at" | "escalated_at", before: Date, limit = 100): JoinRequestDetails[] {
  const column = not === "reminded_at" ? "r.reminded_at" : "r.escalated_at";
  return (
    db
      .prepare(
        `${DETAILS} WHERE ${column} IS NULL
           AND ((r.status = ${sqlStatus(NEW_STATUS)} AND r.created_at <= @before) OR (r.status = ${sqlStatus("meet_first")} AND r.meet_on IS NOT NULL AND r.meet_on <= @beforeDay))
           AND EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key >= 'join:' || r.id || ':convenor' AND o.dedupe_key < 'join:' || r.id || ':convenor;') ORDER BY r.id LIMIT @limit`,
      )
      .all({ before: before.toISOString(), beforeDay: before.toISOString().slice(0, 10), limit }) as Record<string, unknown>[]
  ).map(toDetails);
}

/** Marks that the convenor was reminded; false if it was already done (so the reminder is queued once). */
export function markJoinRequestReminded(db: DB, id: number, now: Date): boolean {
  return db.prepare(`UPDATE join_requests SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL AND status IN (${sqlIn(AWAITING_ANSWER_STATUSES)})`).run(now.toISOString(), id).changes === 1;
}

/** Marks that ANZPOP staff were told; false if it was already done. */
export function markJoinRequestEscalated(db: DB, id: number, now: Date): boolean {
  return db.prepare(`UPDATE join_requests SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL AND status IN (${sqlIn(AWAITING_ANSWER_STATUSES)})`).run(now.toISOString(), id).changes === 1;
}
