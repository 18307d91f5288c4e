/**
 * What a restore does to the outbox of the file it puts in place: emails the
 * backup still had to send are held, never sent on their own, since the
 * database it replaces may well have sent them after the backup was taken
 * (docs/decisions/017-caps-per-mailbox-and-held-mail.md). Staff send or
 * discard each at /staff/outbox.
 */
import Database from "better-sqlite3";
import { writeTransaction, type DB } from "./client";
import { migrate } from "./migrate";
import { holdQueuedEmails } from "./queries/outbox";

/**
 * Brings the restored copy at `file` up to this version's schema (an older
 * backup has no `held` status yet; the server would apply the same
 * migrations at start) and holds its queued emails. Returns how many.
 */
export function holdQueuedMail(file: string): number {
  const db: DB = new Database(file, { fileMustExist: true });
  try {
    db.pragma("foreign_keys = ON");
    migrate(db);
    return writeTransaction(db, () => holdQueuedEmails(db));
  } finally {
    db.close();
  }
}
