/**
 * Counts the wizard's funnel from its server actions: one call after a new
 * snapshot is saved. Nothing about the person is stored: the day in Sydney,
 * the step they left and the step they reached (machines/funnel.ts).
 */
import type { DB } from "../../db/client";
import { countFunnelMove } from "../../db/queries/funnel";
import { funnelMove, type FunnelSnapshot } from "../../machines/funnel";

export const FUNNEL_ZONE = "Australia/Sydney";

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: FUNNEL_ZONE, year: "numeric", month: "2-digit", day: "2-digit" });

/** YYYY-MM-DD in Sydney. */
export function sydneyDay(at: Date): string {
  const parts = Object.fromEntries(dayFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Counts the move from `prev` (undefined: a new session) to `next`, if it is
 * one the funnel counts. Never stands in the person's way: a failure to count
 * is swallowed (the answer itself is already saved).
 */
export function countFunnelStep(db: DB, prev: FunnelSnapshot | null | undefined, next: FunnelSnapshot, now = new Date()): boolean {
  try {
    const move = funnelMove(prev, next);
    if (!move) return false;
    countFunnelMove(db, sydneyDay(now), move.from, move.to);
    return true;
  } catch {
    return false;
  }
}
