import crypto from "node:crypto";
import type { DB } from "../client";

/** Wizard answers are kept this long after the last change, then deleted. */
export const WIZARD_SESSION_DAYS = 30;

export function newWizardSessionId(): string {
  return crypto.randomBytes(18).toString("base64url");
}

export function readWizardSnapshot(db: DB, id: string): unknown | undefined {
  const row = db.prepare("SELECT snapshot FROM wizard_sessions WHERE id = ?").get(id) as { snapshot: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.snapshot);
  } catch {
    return undefined;
  }
}

export function saveWizardSnapshot(db: DB, id: string, snapshot: unknown): void {
  db.prepare(
    `INSERT INTO wizard_sessions (id, snapshot) VALUES (?, ?)
     ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  ).run(id, JSON.stringify(snapshot));
}

export function deleteWizardSession(db: DB, id: string): void {
  db.prepare("DELETE FROM wizard_sessions WHERE id = ?").run(id);
}

export function purgeStaleWizardSessions(db: DB, days = WIZARD_SESSION_DAYS): number {
  return db.prepare(`DELETE FROM wizard_sessions WHERE updated_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)`).run(`-${days} days`).changes;
}
