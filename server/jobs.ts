/**
 * Periodic jobs run by the outbox worker, about once a minute: each finds what
 * is due and queues emails in the same transaction as it records that it did.
 */
import type { Services } from "../app/context";
import { startDueRounds } from "../app/freshness/freshness.server";
import { escalateUnanswered, remindConvenors } from "../app/join/join-emails.server";
import { queueDueRechecks } from "../app/recheck/recheck.server";
import { errorFields } from "../app/utils/logger.server";
import { forgetSpentResumeLinks } from "../app/eligibility/resume.server";
import { backupScheduler, defaultBackupDir } from "../db/backup";
import { deleteEmptiedMailFiles } from "../db/mail-files";
import { forgetOldEmails, OUTBOX_KEEP_DAYS } from "../db/queries/outbox";
import { forgetExpiredPrivacyRequests } from "../db/queries/privacy";
import { deleteOldHits } from "../db/queries/rate-limits";
import { purgeStaleWizardSessions, WIZARD_SESSION_DAYS } from "../db/queries/wizard-sessions";
import { deleteLongExpiredTokens, TOKEN_KEEP_DAYS } from "../db/queries/tokens";

export type Job = { name: string; run: (now: Date) => void };

export function scheduledJobs(services: Services): Job[] {
  return [...joinRequestJobs(services), ...freshnessJobs(services), ...followUpJobs(services), ...retentionJobs(services)];
}

/**
 * "Is the group still meeting?": every FRESHNESS_EVERY_WEEKS each group's
 * convenors are asked once (app/freshness/freshness.server.ts); staff hear of
 * a group whose previous round went unanswered.
 */
export function freshnessJobs(services: Services): Job[] {
  return [
    {
      name: "groups.freshness-rounds",
      run: (now) => {
        const r = startDueRounds(services, now);
        if (r.rounds) services.logger.info("freshness rounds started", { groups: r.rounds, emails: r.emails, staffToldUnanswered: r.flagged });
      },
    },
  ];
}

/** Join requests with no answer: one reminder to the convenor after 7 days, then ANZPOP staff are told after 14 (in that order). */
export function joinRequestJobs(services: Services): Job[] {
  return [
    {
      name: "join.remind-convenors",
      run: (now) => {
        const count = remindConvenors(services, now);
        if (count) services.logger.info("join requests: convenors reminded", { count });
      },
    },
    {
      name: "join.escalate-unanswered",
      run: (now) => {
        const count = escalateUnanswered(services, now);
        if (count) services.logger.info("join requests: staff told of unanswered requests", { count });
      },
    },
  ];
}

/**
 * "Not yet" re-check reminders: each is queued once, when due, and its address
 * forgotten. Links to continue the questions that were used or have expired
 * give up the copy of the answers they carried.
 */
export function followUpJobs(services: Services): Job[] {
  return [
    {
      name: "recheck.reminders",
      run: (now) => {
        const count = queueDueRechecks(services, now);
        if (count) services.logger.info("recheck reminders queued", { count });
      },
    },
    {
      name: "wizard.forget-spent-resume-links",
      run: (now) => {
        const count = forgetSpentResumeLinks(services.db, now);
        if (count) services.logger.info("answers copied into used or expired links deleted", { count });
      },
    },
  ];
}

/**
 * Personal data in sent email is kept only as long as it is useful: after
 * OUTBOX_KEEP_DAYS an email keeps no address or content, and its saved
 * `.eml` file (no SMTP server) is deleted; tokens go TOKEN_KEEP_DAYS after
 * they expire.
 */
export function retentionJobs(services: Services): Job[] {
  return [
    {
      name: "outbox.forget-old-emails",
      run: (now) => {
        const count = forgetOldEmails(services.db, now);
        if (count) services.logger.info(`emails older than ${OUTBOX_KEEP_DAYS} days emptied`, { count });
        const files = deleteEmptiedMailFiles(services.db);
        if (files) services.logger.info("saved email files of emptied emails deleted", { count: files });
      },
    },
    {
      // A see-or-delete request keeps the address only while its link works.
      name: "privacy.forget-expired-requests",
      run: (now) => {
        const count = forgetExpiredPrivacyRequests(services.db, now);
        if (count) services.logger.info("addresses of expired privacy requests forgotten", { count });
      },
    },
    {
      name: "wizard.purge-stale-sessions",
      run: () => {
        const count = purgeStaleWizardSessions(services.db);
        if (count) services.logger.info(`wizard answers untouched for ${WIZARD_SESSION_DAYS} days deleted`, { count });
      },
    },
    {
      // Rate-limit windows last at most an hour; older counts mean nothing.
      name: "rate-limits.sweep",
      run: (now) => {
        deleteOldHits(services.db, now.getTime() - 60 * 60_000);
      },
    },
    {
      name: "tokens.delete-long-expired",
      run: (now) => {
        const count = deleteLongExpiredTokens(services.db, now);
        if (count) services.logger.info(`tokens expired over ${TOKEN_KEEP_DAYS} days ago deleted`, { count });
      },
    },
  ];
}

/**
 * Online backups of the database (db/backup.ts) every BACKUP_EVERY_MINUTES
 * (none when 0), and at start when the newest backup is older than that. The
 * copy runs in the background: a tick while one is still running starts no
 * other, and a failure is logged, never thrown. Not in scheduledJobs: the
 * server adds it where the outbox worker runs (the primary process), so tests
 * that run every job do not copy their databases.
 */
export function backupJobs(services: Services): Job[] {
  const { db, env, logger } = services;
  if (env.BACKUP_EVERY_MINUTES === 0 || db.memory) return [];
  const backups = backupScheduler({
    db,
    dir: env.BACKUP_DIR ?? defaultBackupDir(db.name),
    everyMinutes: env.BACKUP_EVERY_MINUTES,
    onBackup: (b) => logger.info("database backed up", { file: b.name, bytes: b.bytes, ms: b.ms, restarts: b.restarts, oldBackupsRemoved: b.removed.length }),
    onError: (error) => logger.error("database backup failed", errorFields(error)),
  });
  return [{ name: "db.backup", run: (now) => backups.runIfDue(now) }];
}
