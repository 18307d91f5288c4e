/**
 * "Is the group still meeting?": one freshness_checks row per group per round
 * (UNIQUE(group_id, round_start)), and the listing fields an answer sets
 * (groups.verified_at, groups.paused_at).
 */
import type { DB } from "../client";
import { CLOSED_STATUS } from "../../machines/matching";
import { sqlText } from "../sql-vocabulary";

export const FRESHNESS_ANSWERS = ["still_meeting", "paused", "need_help", "closing"] as const;
export type FreshnessAnswer = (typeof FRESHNESS_ANSWERS)[number];

export const isFreshnessAnswer = (v: unknown): v is FreshnessAnswer => typeof v === "string" && (FRESHNESS_ANSWERS as readonly string[]).includes(v);

export interface FreshnessCheck {
  id: number;
  groupId: number;
  roundStart: string;
  sentAt: string;
  answeredAt: string | null;
  answer: FreshnessAnswer | null;
}

/** What a round needs to know about a group, including the listed convenor's address (never shown publicly). */
export interface GroupForCheck {
  id: number;
  slug: string;
  name: string;
  status: "forming" | "open" | "full" | "closed";
  timeZone: string;
  convenorFirstName: string;
  convenorEmail: string;
  createdAt: string;
  verifiedAt: string | null;
  pausedAt: string | null;
}

const CHECK = "id, group_id AS groupId, round_start AS roundStart, sent_at AS sentAt, answered_at AS answeredAt, answer";
const GROUP = `id, slug, name, status, time_zone AS timeZone, convenor_first_name AS convenorFirstName, convenor_email AS convenorEmail,
  created_at AS createdAt, verified_at AS verifiedAt, paused_at AS pausedAt`;

/**
 * When a group was last asked or confirmed: the later of its latest round
 * (or, before its first round, when it was listed) and its verified_at.
 */
const LAST_KNOWN = `max(coalesce((SELECT max(round_start) FROM freshness_checks c WHERE c.group_id = g.id), g.created_at), coalesce(g.verified_at, ''))`;

/** Groups not closed that were last asked or confirmed at or before `cutoff` (ISO). */
export function listGroupsDueForCheck(db: DB, cutoff: string, limit = 500): GroupForCheck[] {
  return db
    .prepare(`SELECT ${GROUP} FROM groups g WHERE status != ${sqlText(CLOSED_STATUS)} AND ${LAST_KNOWN} <= ? ORDER BY id LIMIT ?`)
    .all(cutoff, limit) as GroupForCheck[];
}

/** Whether one group is due now (read again inside the transaction that starts its round). */
export function isGroupDueForCheck(db: DB, groupId: number, cutoff: string): boolean {
  return db.prepare(`SELECT 1 FROM groups g WHERE id = ? AND status != ${sqlText(CLOSED_STATUS)} AND ${LAST_KNOWN} <= ?`).get(groupId, cutoff) !== undefined;
}

export function getGroupForCheck(db: DB, groupId: number): GroupForCheck | undefined {
  return db.prepare(`SELECT ${GROUP} FROM groups g WHERE id = ?`).get(groupId) as GroupForCheck | undefined;
}

/** A group's rounds, newest first. */
export function listChecks(db: DB, groupId: number): FreshnessCheck[] {
  return db.prepare(`SELECT ${CHECK} FROM freshness_checks WHERE group_id = ? ORDER BY round_start DESC, id DESC`).all(groupId) as FreshnessCheck[];
}

export function getCheck(db: DB, id: number): FreshnessCheck | undefined {
  return db.prepare(`SELECT ${CHECK} FROM freshness_checks WHERE id = ?`).get(id) as FreshnessCheck | undefined;
}

/** Starts a round. Returns its id, or null when this group already has a round starting then. */
export function insertCheck(db: DB, groupId: number, roundStart: string, now: Date): number | null {
  const r = db
    .prepare("INSERT INTO freshness_checks (group_id, round_start, sent_at) VALUES (?, ?, ?) ON CONFLICT (group_id, round_start) DO NOTHING")
    .run(groupId, roundStart, now.toISOString());
  return r.changes === 1 ? Number(r.lastInsertRowid) : null;
}

/** Records a round's answer. False if it was answered meanwhile. */
export function markCheckAnswered(db: DB, id: number, answer: FreshnessAnswer, now: Date): boolean {
  return db.prepare("UPDATE freshness_checks SET answered_at = ?, answer = ? WHERE id = ? AND answered_at IS NULL").run(now.toISOString(), answer, id).changes === 1;
}

/** "Still meeting as listed" (also ends a break) or "need help" (the listing stays as it is). */
export function markGroupVerified(db: DB, groupId: number, now: Date, { endBreak }: { endBreak: boolean }): void {
  db.prepare(`UPDATE groups SET verified_at = ?, paused_at = ${endBreak ? "NULL" : "paused_at"} WHERE id = ?`).run(now.toISOString(), groupId);
}

/** "Taking a break": confirmed now, paused since the first time they said so. */
export function markGroupPaused(db: DB, groupId: number, now: Date): void {
  db.prepare("UPDATE groups SET verified_at = ?, paused_at = coalesce(paused_at, ?) WHERE id = ?").run(now.toISOString(), now.toISOString(), groupId);
}

/** Uses up every still-unused link of a round (all its convenors' emails) once it has an answer. Returns how many. */
export function useUpRoundTokens(db: DB, purpose: string, checkSubject: string, now: Date): number {
  return db.prepare("UPDATE tokens SET used_at = ? WHERE purpose = ? AND subject = ? AND used_at IS NULL").run(now.toISOString(), purpose, checkSubject).changes;
}
