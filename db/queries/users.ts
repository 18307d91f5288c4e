/** Accounts, their sessions, pending sign-ins and who convenes which group. */
import crypto from "node:crypto";
import type { DB } from "../client";

export const ROLES = ["staff", "convenor"] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  lastSignInAt: string | null;
}

const USER = "id, email, name, role, created_at AS createdAt, last_sign_in_at AS lastSignInAt";

export const emailKey = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: DB, email: string): User | undefined {
  return db.prepare(`SELECT ${USER} FROM users WHERE email = ?`).get(emailKey(email)) as User | undefined;
}

export function getUser(db: DB, id: number): User | undefined {
  return db.prepare(`SELECT ${USER} FROM users WHERE id = ?`).get(id) as User | undefined;
}

/** Adds an account, or sets the role of an existing one (staff is never lowered to convenor by this). Returns the user. */
export function upsertUser(db: DB, u: { email: string; role: Role; name?: string }): { user: User; created: boolean } {
  const existing = findUserByEmail(db, u.email);
  if (existing) {
    if (u.role === "staff" && existing.role !== "staff") db.prepare("UPDATE users SET role = 'staff' WHERE id = ?").run(existing.id);
    if (u.name && !existing.name) db.prepare("UPDATE users SET name = ? WHERE id = ?").run(u.name, existing.id);
    return { user: getUser(db, existing.id)!, created: false };
  }
  const r = db.prepare("INSERT INTO users (email, name, role) VALUES (?, ?, ?)").run(emailKey(u.email), u.name ?? "", u.role);
  return { user: getUser(db, Number(r.lastInsertRowid))!, created: true };
}

export function listUsers(db: DB): User[] {
  return db.prepare(`SELECT ${USER} FROM users ORDER BY role DESC, email`).all() as User[];
}

// --- Convenors ---------------------------------------------------------------

export function addConvenor(db: DB, groupId: number, userId: number): boolean {
  return db.prepare("INSERT INTO group_convenors (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING").run(groupId, userId).changes === 1;
}

export function removeConvenor(db: DB, groupId: number, userId: number): boolean {
  return db.prepare("DELETE FROM group_convenors WHERE group_id = ? AND user_id = ?").run(groupId, userId).changes === 1;
}

/** Ids of the groups this user convenes. */
export function convenedGroupIds(db: DB, userId: number): number[] {
  return (db.prepare("SELECT group_id AS id FROM group_convenors WHERE user_id = ? ORDER BY group_id").all(userId) as { id: number }[]).map((r) => r.id);
}

export function isConvenorOf(db: DB, userId: number, groupId: number): boolean {
  return db.prepare("SELECT 1 FROM group_convenors WHERE user_id = ? AND group_id = ?").get(userId, groupId) !== undefined;
}

export interface ConvenorOfGroup {
  userId: number;
  email: string;
  name: string;
}

export function convenorsOf(db: DB, groupId: number): ConvenorOfGroup[] {
  return db
    .prepare("SELECT u.id AS userId, u.email, u.name FROM group_convenors c JOIN users u ON u.id = c.user_id WHERE c.group_id = ? ORDER BY u.id")
    .all(groupId) as ConvenorOfGroup[];
}

// --- Sessions ----------------------------------------------------------------

export interface SessionRow {
  id: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string;
}

const SESSION = "id, user_id AS userId, created_at AS createdAt, last_seen_at AS lastSeenAt, expires_at AS expiresAt, user_agent AS userAgent";

export function createSession(db: DB, userId: number, expiresAt: Date, userAgent: string, now: Date): string {
  const id = crypto.randomBytes(24).toString("base64url");
  db.prepare("INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, user_agent) VALUES (?, ?, ?, ?, ?, ?)").run(
    id,
    userId,
    now.toISOString(),
    now.toISOString(),
    expiresAt.toISOString(),
    userAgent.slice(0, 200),
  );
  db.prepare("UPDATE users SET last_sign_in_at = ? WHERE id = ?").run(now.toISOString(), userId);
  return id;
}

export function getSession(db: DB, id: string): SessionRow | undefined {
  return db.prepare(`SELECT ${SESSION} FROM sessions WHERE id = ?`).get(id) as SessionRow | undefined;
}

export function touchSession(db: DB, id: string, now: Date): void {
  db.prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?").run(now.toISOString(), id);
}

export function deleteSession(db: DB, id: string): void {
  db.prepare("DELETE FROM sessions WHERE id = ?").run(id);
}

/** Ends every session of a user; returns how many. */
export function deleteUserSessions(db: DB, userId: number): number {
  return db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId).changes;
}

export function listUserSessions(db: DB, userId: number): SessionRow[] {
  return db.prepare(`SELECT ${SESSION} FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC`).all(userId) as SessionRow[];
}

/** Sessions past their absolute expiry or idle since `idleBefore`. */
export function deleteExpiredSessions(db: DB, now: Date, idleBefore: Date): number {
  return db.prepare("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?").run(now.toISOString(), idleBefore.toISOString()).changes;
}

// --- Sign-in codes -----------------------------------------------------------

export interface SignInCode {
  id: string;
  emailKey: string;
  userId: number | null;
  codeHash: string;
  attempts: number;
  expiresAt: string;
  usedAt: string | null;
}

export function insertSignInCode(db: DB, c: { id: string; emailKey: string; userId: number | null; codeHash: string; expiresAt: Date; now: Date }): void {
  db.prepare("INSERT INTO sign_in_codes (id, email_key, user_id, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)").run(
    c.id,
    c.emailKey,
    c.userId,
    c.codeHash,
    c.expiresAt.toISOString(),
    c.now.toISOString(),
  );
}

export function getSignInCode(db: DB, id: string): SignInCode | undefined {
  return db
    .prepare("SELECT id, email_key AS emailKey, user_id AS userId, code_hash AS codeHash, attempts, expires_at AS expiresAt, used_at AS usedAt FROM sign_in_codes WHERE id = ?")
    .get(id) as SignInCode | undefined;
}

export function countSignInAttempt(db: DB, id: string): void {
  db.prepare("UPDATE sign_in_codes SET attempts = attempts + 1 WHERE id = ?").run(id);
}

export function useSignInCode(db: DB, id: string, now: Date): boolean {
  return db.prepare("UPDATE sign_in_codes SET used_at = ? WHERE id = ? AND used_at IS NULL").run(now.toISOString(), id).changes === 1;
}

export function deleteOldSignInCodes(db: DB, before: Date): number {
  return db.prepare("DELETE FROM sign_in_codes WHERE expires_at <= ?").run(before.toISOString()).changes;
}
