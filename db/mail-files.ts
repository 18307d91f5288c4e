/**
 * The saved copies of emails that the file mailer writes when no SMTP server
 * is set (server/mail-worker.ts fileMailer): one `<outbox id>.eml` per
 * message, in `mail` beside the database. They hold what the outbox row
 * holds, so they go when it is emptied: by an erasure at once, by retention
 * (30 days after sending) at its next run (docs/decisions/016-erased-on-disk.md).
 */
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { DB } from "./client";

/** The folder the file mailer writes into: `mail` beside the database file. */
export function mailDirOf(databasePath: string): string {
  return path.join(path.dirname(path.resolve(databasePath)), "mail");
}

/** A message's file name: its outbox id, so that the row says which file is its own. */
export const mailFileName = (outboxId: number) => `${outboxId}.eml`;

const FILE = /^([1-9]\d{0,15})\.eml$/;

/** Outbox ids of the files in `dir` (none if there is no such folder). */
function savedIds(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = FILE.exec(n);
    return m ? [Number(m[1])] : [];
  });
}

/** Deletes the saved files of these outbox rows, where there are any. Returns how many went. */
export function deleteMailFiles(db: DB, outboxIds: readonly number[]): number {
  if (db.memory || outboxIds.length === 0) return 0;
  const dir = mailDirOf(db.name);
  const saved = new Set(savedIds(dir));
  let deleted = 0;
  for (const id of outboxIds) {
    if (!saved.has(id)) continue;
    rmSync(path.join(dir, mailFileName(id)), { force: true });
    deleted++;
  }
  return deleted;
}

/**
 * Deletes every saved file whose outbox row holds nothing any more (emptied
 * by retention or an erasure, even one whose file was written after the
 * erasure by a send already under way) or is gone (a restored older
 * database). Returns how many went.
 */
export function deleteEmptiedMailFiles(db: DB): number {
  if (db.memory) return 0;
  const ids = savedIds(mailDirOf(db.name));
  if (ids.length === 0) return 0;
  const holding = new Set(
    (db.prepare("SELECT o.id FROM json_each(?) j JOIN outbox o ON o.id = j.value WHERE o.to_address != ''").all(JSON.stringify(ids)) as { id: number }[]).map((r) => r.id),
  );
  return deleteMailFiles(
    db,
    ids.filter((id) => !holding.has(id)),
  );
}
