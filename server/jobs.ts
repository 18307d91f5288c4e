/**
 * Periodic jobs run by the outbox worker, about once a minute: each finds what
 * is due and queues emails in the same transaction as it records that it did.
 */
import type { Services } from "../app/context";

export type Job = { name: string; run: (now: Date) => void };

export function scheduledJobs(_services: Services): Job[] {
  return [];
}
