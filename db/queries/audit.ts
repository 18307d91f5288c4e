/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE), one row per
 * thing someone did. `detail` holds codes and ids, never personal data.
 */
import type { DB } from "../client";

export interface AuditEntry {
  /** The signed-in user, if any. */
  actorUserId: number | null;
  /** How the actor is shown: an email for a user, or "applicant", "convenor (email link)", "system". */
  actor: string;
  action: string;
  subjectType: "join_request" | "group" | "user" | "session" | "export" | "privacy" | "email";
  subjectId: number | null;
  groupId?: number | null;
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditRow extends Required<Omit<AuditEntry, "detail">> {
  id: number;
  at: string;
  detail: Record<string, string | number | boolean | null>;
}

export function appendAudit(db: DB, e: AuditEntry, now = new Date()): void {
  db.prepare("INSERT INTO audit_log (at, actor_user_id, actor, action, subject_type, subject_id, group_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(
    now.toISOString(),
    e.actorUserId,
    e.actor,
    e.action,
    e.subjectType,
    e.subjectId,
    e.groupId ?? null,
    JSON.stringify(e.detail ?? {}),
  );
}

const COLUMNS = "id, at, actor_user_id AS actorUserId, actor, action, subject_type AS subjectType, subject_id AS subjectId, group_id AS groupId, detail";
const toRow = (r: Record<string, unknown>) => ({ ...(r as unknown as AuditRow), detail: JSON.parse(r.detail as string) });

/** What happened to one record, oldest first. */
export function auditFor(db: DB, subjectType: AuditEntry["subjectType"], subjectId: number): AuditRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE subject_type = ? AND subject_id = ? ORDER BY id`).all(subjectType, subjectId) as Record<string, unknown>[]).map(toRow);
}

/** What happened in one group (its requests and its listing), newest first. */
export function auditForGroup(db: DB, groupId: number, limit = 100): AuditRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE group_id = ? ORDER BY id DESC LIMIT ?`).all(groupId, limit) as Record<string, unknown>[]).map(toRow);
}
