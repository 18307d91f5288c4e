/**
 * Periodic jobs run by the outbox worker, about once a minute: each finds what
 * is due and queues emails in the same transaction as it records that it did.
 */
import type { Services } from "../app/context";
import { escalateUnanswered, remindConvenors } from "../app/join/join-emails.server";
import { queueDueRechecks } from "../app/recheck/recheck.server";
import { forgetSpentResumeLinks } from "../app/wizard/resume.server";

export type Job = { name: string; run: (now: Date) => void };

export function scheduledJobs(services: Services): Job[] {
  return [...joinRequestJobs(services), ...followUpJobs(services)];
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
