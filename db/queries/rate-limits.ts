import type { DB } from "../client";

/**
 * Counts one hit for `client` in `tier`'s current fixed window and returns
 * the window's total so far. One statement, so it needs no transaction and
 * every HTTP process sees the same count.
 */
export function countHit(db: DB, tier: string, client: string, windowStart: number): number {
  const row = db
    .prepare(
      `INSERT INTO rate_limit_hits (tier, client, window_start, hits) VALUES (?, ?, ?, 1)
       ON CONFLICT (tier, client, window_start) DO UPDATE SET hits = hits + 1
       RETURNING hits`,
    )
    .get(tier, client, windowStart) as { hits: number };
  return row.hits;
}

/** Deletes windows that ended before `before` (epoch ms). Returns how many rows went. */
export function deleteOldHits(db: DB, before: number): number {
  return db.prepare("DELETE FROM rate_limit_hits WHERE window_start < ?").run(before).changes;
}
