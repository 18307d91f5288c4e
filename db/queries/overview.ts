/**
 * What needs a person now, counted for the staff overview: join requests no
 * convenor has answered, groups silent for two rounds of "is the group still
 * meeting?" or asking for help, contact messages and emails that failed.
 */
import type { DB } from "../client";
import type { ContactStatus } from "./contact";
import { NEW_STATUS } from "../../machines/join-request";
import { CLOSED_STATUS } from "../../machines/matching";
import { sqlStatus, sqlText } from "../sql-vocabulary";

/** Join requests still new (nobody has answered) received at or before `before`: what /staff/requests?overdue= lists. */
export function countUnansweredRequests(db: DB, before: Date): number {
  return (
    db.prepare(`SELECT count(*) AS n FROM join_requests WHERE status = ${sqlStatus(NEW_STATUS)} AND created_at <= ?`).get(before.toISOString()) as {
      n: number;
    }
  ).n;
}

export interface GroupNeedingPerson {
  id: number;
  slug: string;
  name: string;
  /** unanswered: its last two rounds went unanswered; need_help or closing: its latest answer. */
  why: "unanswered" | "need_help" | "closing";
}

/**
 * Groups not closed whose last two freshness rounds both went unanswered, or
 * whose latest round was answered "need help" or "closing" since `since`. By name.
 */
export function listGroupsNeedingPerson(db: DB, since: Date): GroupNeedingPerson[] {
  return db
    .prepare(
      `WITH ranked AS (
         SELECT c.group_id, c.answer, c.answered_at,
                row_number() OVER (PARTITION BY c.group_id ORDER BY c.round_start DESC, c.id DESC) AS n
         FROM freshness_checks c
       ),
       why AS (
         SELECT group_id, 'unanswered' AS why FROM ranked WHERE n <= 2 GROUP BY group_id HAVING count(*) = 2 AND count(answered_at) = 0
         UNION ALL
         SELECT group_id, answer FROM ranked WHERE n = 1 AND answer IN ('need_help', 'closing') AND answered_at >= @since
       )
       SELECT g.id, g.slug, g.name, why.why FROM why JOIN groups g ON g.id = why.group_id
       WHERE g.status != ${sqlText(CLOSED_STATUS)}
       ORDER BY g.name COLLATE NOCASE, g.id`,
    )
    .all({ since: since.toISOString() }) as GroupNeedingPerson[];
}

const tableExists = (db: DB, name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** Contact messages nobody has answered; 0 before the contact_messages table exists. */
export function countNewContactMessages(db: DB): number {
  if (!tableExists(db, "contact_messages")) return 0;
  const unanswered: ContactStatus = "new";
  return (db.prepare("SELECT count(*) AS n FROM contact_messages WHERE status = ?").get(unanswered) as { n: number }).n;
}

/** Emails the outbox gave up on. */
export function countFailedEmails(db: DB): number {
  return (db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'failed'").get() as { n: number }).n;
}
