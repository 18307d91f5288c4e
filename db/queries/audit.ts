/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE), one row per
 * thing someone did. `detail` holds codes and ids, never personal data.
 *
 * An account is named by its id and its role at the time ("staff",
 * "convenor"), never its address: the log outlives accounts, and an erased
 * account's address must leave the disk. Reads join the account, to show
 * it by name while it exists (docs/decisions/016-erased-on-disk.md).
 */
import type { DB } from "../client";
import { ROLES, type Role, type User } from "./users";

export interface AuditEntry {
  /** The signed-in user, if any. */
  actorUserId: number | null;
  /**
   * Without a user: who acted, as a code ("applicant", "convenor (email
   * link)", "system", "command line"…). With one, the role it had, which
   * appendAudit reads from the account itself (whatever is passed here).
   */
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
  /** The acting account's name (its address) while it exists; null for no account or an erased one. */
  actorName: string | null;
}

/**
 * The actor fields of an entry made by a signed-in user: `appendAudit(db, {
 * ...auditActor(user), action, … })`. The role stored is read from the
 * account when the entry is written; this one only stands in for it.
 */
export const auditActor = (user: Pick<User, "id"> & Partial<Pick<User, "role">>): { actorUserId: number; actor: Role } => ({ actorUserId: user.id, actor: user.role ?? "staff" });

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** What is stored as the actor: for an account, its role now (as passed if the account is gone), never an address. */
function storedActor(db: DB, e: Pick<AuditEntry, "actorUserId" | "actor">): string {
  if (e.actorUserId === null) return e.actor;
  const account = db.prepare("SELECT role FROM users WHERE id = ?").get(e.actorUserId) as { role: Role } | undefined;
  return account?.role ?? (isRole(e.actor) ? e.actor : "staff");
}

export function appendAudit(db: DB, e: AuditEntry, now = new Date()): void {
  db.prepare("INSERT INTO audit_log (at, actor_user_id, actor, action, subject_type, subject_id, group_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(
    now.toISOString(),
    e.actorUserId,
    storedActor(db, e),
    e.action,
    e.subjectType,
    e.subjectId,
    e.groupId ?? null,
    JSON.stringify(e.detail ?? {}),
  );
}

/**
 * The acting account's name while it exists, as the back office names
 * accounts everywhere (its address: names are optional and need not be
 * unique): `FROM audit_log a ${ACTOR_JOIN}`.
 */
export const ACTOR_NAME = "u.email";
export const ACTOR_JOIN = "LEFT JOIN users u ON u.id = a.actor_user_id";
const COLUMNS = `a.id, a.at, a.actor_user_id AS actorUserId, a.actor, ${ACTOR_NAME} AS actorName, a.action, a.subject_type AS subjectType, a.subject_id AS subjectId, a.group_id AS groupId, a.detail`;
const toRow = (r: Record<string, unknown>) => ({ ...(r as unknown as AuditRow), detail: JSON.parse(r.detail as string) });

/** What happened to one record, oldest first. */
export function auditFor(db: DB, subjectType: AuditEntry["subjectType"], subjectId: number): AuditRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM audit_log a ${ACTOR_JOIN} WHERE a.subject_type = ? AND a.subject_id = ? ORDER BY a.id`).all(subjectType, subjectId) as Record<string, unknown>[]).map(toRow);
}

/** What happened in one group (its requests and its listing), newest first. */
export function auditForGroup(db: DB, groupId: number, limit = 100): AuditRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM audit_log a ${ACTOR_JOIN} WHERE a.group_id = ? ORDER BY a.id DESC LIMIT ?`).all(groupId, limit) as Record<string, unknown>[]).map(toRow);
}
