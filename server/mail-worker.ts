/**
 * Sends what the outbox holds. A message is marked sent only after the SMTP
 * server accepted it; failures are retried with exponential backoff up to a
 * cap; after a crash, messages caught mid-send are sent again with the same
 * Message-ID. Without SMTP_URL, messages are written as .eml files instead.
 * Only `pending` messages are claimed: one `held` after a restore is never
 * sent until staff send it from /staff/outbox (db/held-mail.ts).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { makePrivateFolder, PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE, tightenMode, type DB } from "../db/client";
import { mailFileName } from "../db/mail-files";
import { claimDue, markFailedAttempt, markSent, releaseInterrupted, type OutboxRow } from "../db/queries/outbox";
import type { Logger } from "../app/utils/logger.server";
import { errorFields } from "../app/utils/logger.server";
import { replyToHeader } from "../app/email/render.server";

export interface Mailer {
  /** Delivers one message or throws. */
  deliver(message: OutboxRow, from: string): Promise<void>;
  describe: string;
}

/**
 * What nodemailer is given for a queued message. Reply-To goes in as one
 * address object ({ name: "", address }), never as text: nodemailer parses
 * address headers given as text, and could find a list in one. It is checked
 * once more (one plain mailbox, else left out), set once (nodemailer's
 * replyTo replaces any header of that name), and kept out of `headers`.
 */
export function messageOptions(m: OutboxRow, from: string): SendMailOptions {
  const headers: Record<string, string> = {};
  let replyTo: string | undefined;
  for (const [name, value] of Object.entries(m.headers)) {
    if (name.trim().toLowerCase() === "reply-to") replyTo = replyToHeader(value);
    else headers[name] = value;
  }
  return { from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, headers, ...(replyTo ? { replyTo: { name: "", address: replyTo } } : {}) };
}

export function smtpMailer(url: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(url, { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 });
  return {
    describe: "smtp",
    async deliver(m, from) {
      await transport.sendMail(messageOptions(m, from));
    },
  };
}

/**
 * Writes each message to <dir>/<outbox id>.eml, for a machine with no mail
 * server: the folder 0700, the files 0600. Retention and erasures delete a
 * file when they empty its outbox row (db/mail-files.ts).
 */
export function fileMailer(dir: string): Mailer {
  makePrivateFolder(dir);
  tightenMode(dir, PRIVATE_FOLDER_MODE);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    describe: `files in ${dir}`,
    async deliver(m, from) {
      const info = await transport.sendMail(messageOptions(m, from));
      const file = path.join(dir, mailFileName(m.id));
      writeFileSync(file, info.message as Buffer, { mode: PRIVATE_FILE_MODE });
      tightenMode(file, PRIVATE_FILE_MODE);
    },
  };
}

export interface WorkerOptions {
  db: DB;
  logger: Logger;
  mailer: Mailer;
  from: string;
  pollMs: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** Give up (status failed, visible to staff) after this many attempts. */
  maxAttempts?: number;
  /** Messages delivered at the same time (default 8); each waits on its own SMTP exchange. */
  concurrency?: number;
  /** Periodic jobs (reminders…), run about once a minute. */
  jobs?: Array<{ name: string; run: (now: Date) => void }>;
  jobEveryMs?: number;
}

/** SMTP errors often quote the recipient; logs never hold addresses. */
export const withoutAddresses = (text: string) => text.replace(/[^\s<>"'@]+@[^\s<>"']+/g, "[address]");

export function retryDelay(attempt: number, baseMs: number, capMs: number, random = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}

export function startMailWorker(o: WorkerOptions) {
  const released = releaseInterrupted(o.db);
  if (released) o.logger.warn("outbox: re-queued messages interrupted mid-send", { count: released });
  const maxAttempts = o.maxAttempts ?? 40;
  const concurrency = Math.max(1, o.concurrency ?? 8);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastJobs = 0;

  async function tick() {
    const now = new Date();
    if (o.jobs?.length && now.getTime() - lastJobs >= (o.jobEveryMs ?? 60_000)) {
      lastJobs = now.getTime();
      for (const job of o.jobs) {
        try {
          job.run(now);
        } catch (error) {
          o.logger.error("scheduled job failed", { job: job.name, ...errorFields(error) });
        }
      }
    }
    // Each message is claimed, then marked sent or failed on its own, so they
    // can go out side by side: an SMTP exchange is mostly waiting.
    const due = claimDue(o.db, now, 20);
    let next = 0;
    const lane = async () => {
      for (let m = due[next++]; m; m = due[next++]) await deliverOne(m);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, lane));
  }

  async function deliverOne(m: OutboxRow) {
    if (stopped) {
      markFailedAttempt(o.db, m.id, "worker stopped", new Date());
      return;
    }
    try {
      await o.mailer.deliver(m, o.from);
      markSent(o.db, m.id, new Date());
      o.logger.info("email sent", { id: m.id, kind: m.kind, attempt: m.attempts });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryAt = m.attempts >= maxAttempts ? null : new Date(Date.now() + retryDelay(m.attempts, o.retryBaseMs, o.retryCapMs));
      markFailedAttempt(o.db, m.id, message, retryAt);
      o.logger.warn("email not sent", { id: m.id, kind: m.kind, attempt: m.attempts, retryAt: retryAt?.toISOString() ?? "gave up", error: withoutAddresses(message) });
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((error) => o.logger.error("outbox worker failed", errorFields(error)))
        .finally(schedule);
    }, o.pollMs);
  }
  schedule();

  return {
    describe: o.mailer.describe,
    /** Runs one pass now (tests, scripts). */
    async drain() {
      await running;
      await tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
