/**
 * The wizard's funnel: one row per day (Australia/Sydney), from step and to
 * step, holding how many moves were made. No identifier, cookie or address
 * is ever stored with it (machines/funnel.ts says which moves count).
 */
import type { DB } from "../client";

/** Adds one move: a single upsert, no transaction needed. */
export function countFunnelMove(db: DB, day: string, from: string, to: string): void {
  db.prepare(
    `INSERT INTO funnel_counts (day, from_step, to_step, count) VALUES (?, ?, ?, 1)
     ON CONFLICT (day, from_step, to_step) DO UPDATE SET count = count + 1`,
  ).run(day, from, to);
}

export interface FunnelRow {
  day: string;
  from: string;
  to: string;
  count: number;
}

/** Every count from `fromDay` to `toDay` (YYYY-MM-DD, both included), by day. */
export function funnelCounts(db: DB, fromDay: string, toDay: string): FunnelRow[] {
  return db
    .prepare("SELECT day, from_step AS \"from\", to_step AS \"to\", count FROM funnel_counts WHERE day BETWEEN ? AND ? ORDER BY day, from_step, to_step")
    .all(fromDay, toDay) as FunnelRow[];
}
