/**
 * "Not yet" re-check reminders: someone told PWCOP is not the right next step
 * yet asks for ONE email after 3, 6 or 12 months inviting them to check again.
 * The address is kept only until that email is queued (or the reminder is
 * cancelled), then cleared.
 */
import { type DB, writeTransaction } from "../client";

export const RECHECK_MONTHS = [3, 6, 12] as const;
export type RecheckMonths = (typeof RECHECK_MONTHS)[number];

export interface RecheckReminder {
  id: number;
  email: string | null;
  months: RecheckMonths;
  dueAt: string;
  sentAt: string | null;
  cancelledAt: string | null;
}

const COLUMNS = "id, email, months, due_at AS dueAt, sent_at AS sentAt, cancelled_at AS cancelledAt";

/** `months` calendar months after `from`, on the same day or the month's last day (31 Jan + 3 months = 30 Apr). */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/**
 * One waiting reminder per address: asking again (a resubmitted form, a
 * changed mind about the period) moves it rather than adding a second one.
 */
export function scheduleRecheck(db: DB, r: { email: string; months: RecheckMonths }, now = new Date()): { id: number; dueAt: string; created: boolean } {
  const email = r.email.trim().toLowerCase();
  const dueAt = addMonths(now, r.months).toISOString();
  return writeTransaction(db, () => {
    const existing = db
      .prepare("SELECT id FROM recheck_reminders WHERE email = ? AND sent_at IS NULL AND cancelled_at IS NULL ORDER BY id LIMIT 1")
      .get(email) as { id: number } | undefined;
    if (existing) {
      db.prepare("UPDATE recheck_reminders SET months = ?, due_at = ? WHERE id = ?").run(r.months, dueAt, existing.id);
      return { id: existing.id, dueAt, created: false };
    }
    const result = db.prepare("INSERT INTO recheck_reminders (email, months, due_at, created_at) VALUES (?, ?, ?, ?)").run(email, r.months, dueAt, now.toISOString());
    return { id: Number(result.lastInsertRowid), dueAt, created: true };
  });
}

export function getRecheck(db: DB, id: number): RecheckReminder | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM recheck_reminders WHERE id = ?`).get(id) as RecheckReminder | undefined;
}

/** Reminders whose time has come and that were neither sent nor cancelled. */
export function dueRechecks(db: DB, now: Date, limit = 100): RecheckReminder[] {
  return db
    .prepare(`SELECT ${COLUMNS} FROM recheck_reminders WHERE sent_at IS NULL AND cancelled_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?`)
    .all(now.toISOString(), limit) as RecheckReminder[];
}

/** Marks a reminder sent and forgets the address. False if it was sent or cancelled meanwhile. Call inside the transaction that queues the email. */
export function markRecheckSent(db: DB, id: number, now: Date): boolean {
  return (
    db.prepare("UPDATE recheck_reminders SET sent_at = ?, email = NULL WHERE id = ? AND sent_at IS NULL AND cancelled_at IS NULL").run(now.toISOString(), id)
      .changes === 1
  );
}

/** Cancels a reminder not yet sent, and forgets the address. Safe to repeat. */
export function cancelRecheck(db: DB, id: number, now = new Date()): "cancelled" | "already" | "sent" | "unknown" {
  const r = db.prepare("UPDATE recheck_reminders SET cancelled_at = ?, email = NULL WHERE id = ? AND sent_at IS NULL AND cancelled_at IS NULL").run(now.toISOString(), id);
  if (r.changes === 1) return "cancelled";
  const row = getRecheck(db, id);
  if (!row) return "unknown";
  return row.sentAt ? "sent" : "already";
}
