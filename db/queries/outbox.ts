import crypto from "node:crypto";
import { type DB, writeTransaction } from "../client";

export interface OutgoingEmail {
  kind: string;
  /** Same key, same email: enqueueing again is a no-op (e.g. `join:12:convenor`). */
  dedupeKey?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/**
 * pending: waiting to be sent (again, after a refusal); sending: claimed by
 * the worker; sent; failed: given up; held: queued in a restored backup, so
 * perhaps sent already, waiting for staff to send or discard it (the worker
 * never sends it); discarded: a held email staff chose not to send, emptied.
 */
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "held", "discarded"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxRow {
  id: number;
  messageId: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const COLUMNS = `id, message_id AS messageId, kind, to_address AS "to", subject, text_body AS text, html_body AS html, headers,
  status, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError, created_at AS createdAt, sent_at AS sentAt`;

const toRow = (r: Record<string, unknown>): OutboxRow => ({ ...(r as unknown as OutboxRow), headers: JSON.parse(r.headers as string) });

/** Adds an email to the outbox. Call inside the transaction that caused it. */
export function enqueueEmail(db: DB, email: OutgoingEmail, domain: string): { id: number; created: boolean } {
  const messageId = `<${crypto.randomUUID()}@${domain}>`;
  const r = db
    .prepare(
      `INSERT INTO outbox (message_id, kind, dedupe_key, to_address, subject, text_body, html_body, headers)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    )
    .run(messageId, email.kind, email.dedupeKey ?? null, email.to, email.subject, email.text, email.html, JSON.stringify(email.headers ?? {}));
  if (r.changes === 1) return { id: Number(r.lastInsertRowid), created: true };
  const existing = db.prepare("SELECT id FROM outbox WHERE dedupe_key = ?").get(email.dedupeKey) as { id: number };
  return { id: existing.id, created: false };
}

/**
 * Emails of `kind` queued to this mailbox in the last hour and the last day
 * (the outbox's generated mailbox_key column; the key is mailboxKey() in
 * app/email/recipient-caps.ts). Call inside the transaction that would queue
 * the next one.
 */
export function countRecentEmailsTo(db: DB, mailboxKey: string, kind: string): { lastHour: number; lastDay: number } {
  return db
    .prepare(
      `SELECT count(*) FILTER (WHERE created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hour')) AS lastHour, count(*) AS lastDay
       FROM outbox WHERE mailbox_key = ? AND kind = ? AND created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day')`,
    )
    .get(mailboxKey, kind) as { lastHour: number; lastDay: number };
}

/** Claims up to `limit` due messages for sending. */
export function claimDue(db: DB, now: Date, limit: number): OutboxRow[] {
  return writeTransaction(db, () => {
    const rows = db
      .prepare(`SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
      .all(now.toISOString(), limit) as Record<string, unknown>[];
    const mark = db.prepare("UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?");
    for (const r of rows) mark.run(r.id);
    return rows.map((r) => ({ ...toRow(r), status: "sending" as const, attempts: (r.attempts as number) + 1 }));
  });
}

export function markSent(db: DB, id: number, now: Date): void {
  db.prepare("UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?").run(now.toISOString(), id);
}

export function markFailedAttempt(db: DB, id: number, error: string, retryAt: Date | null): void {
  db.prepare("UPDATE outbox SET status = ?, next_attempt_at = coalesce(?, next_attempt_at), last_error = ? WHERE id = ?").run(
    retryAt ? "pending" : "failed",
    retryAt?.toISOString() ?? null,
    error.slice(0, 500),
    id,
  );
}

/** After a crash, messages caught mid-send go back to the queue (sent again with the same Message-ID). */
export function releaseInterrupted(db: DB): number {
  return db.prepare("UPDATE outbox SET status = 'pending' WHERE status = 'sending'").run().changes;
}

export function listOutbox(db: DB, limit = 200): OutboxRow[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?`).all(limit) as Record<string, unknown>[]).map(toRow);
}

export function getOutboxMessage(db: DB, id: number): OutboxRow | undefined {
  const r = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  return r ? toRow(r) : undefined;
}

/** Sent or given-up emails are kept this long, for questions about what was sent, then emptied. */
export const OUTBOX_KEEP_DAYS = 30;

/**
 * Empties the address, subject, bodies and headers of emails sent (or given
 * up on) more than `days` ago. The row stays, with its Message-ID, kind and
 * dedupe key, so the same email is still never queued twice. Returns how many.
 */
export function forgetOldEmails(db: DB, now: Date, days = OUTBOX_KEEP_DAYS): number {
  return db
    .prepare(
      `UPDATE outbox SET to_address = '', subject = '', text_body = '', html_body = '', headers = '{}', last_error = NULL
       WHERE status IN ('sent', 'failed') AND to_address != ''
         AND coalesce(sent_at, created_at) < strftime('%Y-%m-%dT%H:%M:%fZ', ?, ?)`,
    )
    .run(now.toISOString(), `-${days} days`).changes;
}

/**
 * After a restore: every email the snapshot still had to send (waiting,
 * being retried or caught mid-send) is held, since the database it was
 * restored over may have sent it already. Staff send or discard each at
 * /staff/outbox. Returns how many.
 */
export function holdQueuedEmails(db: DB): number {
  return db.prepare("UPDATE outbox SET status = 'held' WHERE status IN ('pending', 'sending')").run().changes;
}

/** Held emails still holding an address (one emptied by an erasure has nothing to send); `id` for just that one. */
const HELD = "status = 'held' AND to_address != '' AND (@id IS NULL OR id = @id)";

/** Held emails (one, or all with `id` null) go back to the queue, to be sent now. Returns how many. */
export function sendHeldEmails(db: DB, id: number | null, now: Date): number {
  return db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = @now WHERE ${HELD}`).run({ id, now: now.toISOString() }).changes;
}

/**
 * Held emails (one, or all with `id` null) are not sent: emptied as
 * retention empties a row (kind, Message-ID and dedupe key stay, so the same
 * email is never queued again) and marked discarded. Returns how many.
 */
export function discardHeldEmails(db: DB, id: number | null): number {
  return db
    .prepare(
      `UPDATE outbox SET status = 'discarded', to_address = '', subject = '', text_body = '', html_body = '', headers = '{}', last_error = NULL
       WHERE status = 'held' AND (@id IS NULL OR id = @id)`,
    )
    .run({ id }).changes;
}

/** How many emails are held (see holdQueuedEmails). */
export function countHeldEmails(db: DB): number {
  return (db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'held'").get() as { n: number }).n;
}
