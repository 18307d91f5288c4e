import crypto from "node:crypto";
import type { DB } from "../client";

export function getSetting(db: DB, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: DB, key: string, value: string): void {
  db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
}

/** The cookie-signing secret when SESSION_SECRET is not set: generated once, kept in the database. */
export function sessionSecret(db: DB): string {
  const existing = getSetting(db, "session_secret");
  if (existing) return existing;
  const secret = crypto.randomBytes(32).toString("base64url");
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('session_secret', ?)").run(secret);
  return getSetting(db, "session_secret")!;
}
