/** Staff's reads and changes of accounts, the audit log and the outbox. */
import type { DB } from "../client";
import { ACTOR_JOIN, ACTOR_NAME } from "./audit";
import type { Role } from "./users";
import { OUTBOX_STATUSES, type OutboxStatus } from "./outbox";

export interface Account {
  id: number;
  email: string;
  role: Role;
  lastSignInAt: string | null;
  groups: string | null;
  sessions: number;
}

export function listAccounts(db: DB): Account[] {
  return db
    .prepare(
      `SELECT u.id, u.email, u.role, u.last_sign_in_at AS lastSignInAt,
         (SELECT group_concat(g.name, ', ') FROM group_convenors c JOIN groups g ON g.id = c.group_id WHERE c.user_id = u.id) AS groups,
         (SELECT count(*) FROM sessions s WHERE s.user_id = u.id) AS sessions
       FROM users u ORDER BY u.role DESC, u.email`,
    )
    .all() as Account[];
}

export function setRole(db: DB, userId: number, role: Role): boolean {
  return db.prepare("UPDATE users SET role = ? WHERE id = ? AND role != ?").run(role, userId, role).changes === 1;
}

/** Removes an account: its sessions and convenorships go with it (ON DELETE CASCADE); the audit log keeps what it did. */
export function deleteAccount(db: DB, userId: number): boolean {
  return db.prepare("DELETE FROM users WHERE id = ?").run(userId).changes === 1;
}

export function deleteSessionOf(db: DB, userId: number, createdAt: string): boolean {
  return db.prepare("DELETE FROM sessions WHERE user_id = ? AND created_at = ?").run(userId, createdAt).changes >= 1;
}

export interface AuditFilter {
  /** Exactly this action. */
  action?: string;
  subjectType?: string;
  actor?: string;
  limit: number;
  offset: number;
}

export interface AuditListRow {
  id: number;
  at: string;
  actorUserId: number | null;
  /** A code, or for an account its role at the time (see db/queries/audit.ts). */
  actor: string;
  /** The account's name (its address) while it exists. */
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: number | null;
  groupId: number | null;
  detail: string;
}

export function listAuditPage(db: DB, f: AuditFilter): { rows: AuditListRow[]; total: number } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.action) { clauses.push("a.action = @action"); params.action = f.action; }
  if (f.subjectType) { clauses.push("a.subject_type = @subjectType"); params.subjectType = f.subjectType; }
  // "Who" matches the account's name and address while it exists, and the actor's code or role.
  if (f.actor) { clauses.push(`instr(lower(coalesce(u.name, '') || ' ' || coalesce(u.email, '') || ' ' || a.actor), lower(@actor)) > 0`); params.actor = f.actor; }
  const where = clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log a ${ACTOR_JOIN} ${where}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT a.id, a.at, a.actor_user_id AS actorUserId, a.actor, ${ACTOR_NAME} AS actorName, a.action, a.subject_type AS subjectType,
         a.subject_id AS subjectId, a.group_id AS groupId, a.detail
       FROM audit_log a ${ACTOR_JOIN} ${where} ORDER BY a.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: f.limit, offset: f.offset }) as AuditListRow[];
  return { rows, total };
}

export function auditActions(db: DB): string[] {
  return (db.prepare("SELECT DISTINCT action FROM audit_log ORDER BY action").all() as { action: string }[]).map((r) => r.action);
}

export { OUTBOX_STATUSES, type OutboxStatus };

export interface OutboxListRow {
  id: number;
  kind: string;
  to: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  lastError: string | null;
}

export function listOutboxPage(db: DB, f: { status?: OutboxStatus; limit: number; offset: number }): { rows: OutboxListRow[]; total: number } {
  const where = f.status ? "WHERE status = @status" : "";
  const params = f.status ? { status: f.status } : {};
  const total = (db.prepare(`SELECT count(*) AS n FROM outbox ${where}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT id, kind, to_address AS "to", subject, status, attempts, created_at AS createdAt, last_error AS lastError
       FROM outbox ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: f.limit, offset: f.offset }) as OutboxListRow[];
  return { rows, total };
}

/** A failed email goes back to the queue, to be tried again now. False unless it had failed (and still has an address). */
export function retryFailedEmail(db: DB, id: number, now: Date): boolean {
  return (
    db.prepare("UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = NULL WHERE id = ? AND status = 'failed' AND to_address != ''").run(now.toISOString(), id)
      .changes === 1
  );
}
