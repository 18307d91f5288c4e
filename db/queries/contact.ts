/**
 * Messages sent through the Contact page. Staff answer them by email (the
 * notice we send has Reply-To the sender); the back office lists them and
 * marks them answered. Personal data: never log a row.
 */
import type { DB } from "../client";

export const CONTACT_TOPICS = ["joining", "convening", "my_data", "other"] as const;
export type ContactTopic = (typeof CONTACT_TOPICS)[number];

export const CONTACT_STATUSES = ["new", "answered"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export interface NewContactMessage {
  name: string;
  email: string;
  topic: ContactTopic;
  message: string;
}

export interface ContactMessage extends NewContactMessage {
  id: number;
  status: ContactStatus;
  createdAt: string;
  answeredAt: string | null;
}

const COLUMNS = "id, name, email, topic, message, status, created_at AS createdAt, answered_at AS answeredAt";

/** Stores a message as `new`. Call inside the transaction that queues its emails. */
export function insertContactMessage(db: DB, m: NewContactMessage, now = new Date()): number {
  const r = db
    .prepare("INSERT INTO contact_messages (name, email, topic, message, created_at) VALUES (?, ?, ?, ?, ?)")
    .run(m.name, m.email.trim(), m.topic, m.message, now.toISOString());
  return Number(r.lastInsertRowid);
}

export function getContactMessage(db: DB, id: number): ContactMessage | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM contact_messages WHERE id = ?`).get(id) as ContactMessage | undefined;
}

/** Newest first, optionally only one status (the back office's list). */
export function listContactMessages(db: DB, f: { status?: ContactStatus; limit: number; offset: number }): { rows: ContactMessage[]; total: number } {
  const status = f.status ?? null;
  const total = (db.prepare("SELECT count(*) AS n FROM contact_messages WHERE (@status IS NULL OR status = @status)").get({ status }) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM contact_messages WHERE (@status IS NULL OR status = @status) ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset`)
    .all({ status, limit: f.limit, offset: f.offset }) as ContactMessage[];
  return { rows, total };
}

/** Marks a message answered (or back to new). False if it is gone or already so. */
export function setContactMessageStatus(db: DB, id: number, status: ContactStatus, now = new Date()): boolean {
  return (
    db
      .prepare("UPDATE contact_messages SET status = @status, answered_at = CASE WHEN @status = 'answered' THEN @at ELSE NULL END WHERE id = @id AND status != @status")
      .run({ id, status, at: now.toISOString() }).changes === 1
  );
}

/** Messages sent from one address (normalised: trimmed, lower case), oldest first. */
export function contactMessagesFrom(db: DB, emailKey: string): ContactMessage[] {
  return db.prepare(`SELECT ${COLUMNS} FROM contact_messages WHERE lower(trim(email)) = ? ORDER BY id`).all(emailKey) as ContactMessage[];
}

/** Deletes every message sent from one address; returns how many. */
export function deleteContactMessagesFrom(db: DB, emailKey: string): number {
  return db.prepare("DELETE FROM contact_messages WHERE lower(trim(email)) = ?").run(emailKey).changes;
}
