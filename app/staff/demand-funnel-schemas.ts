/**
 * The staff demand and funnel pages' forms, shared by the browser and the
 * server. Messages are error codes; the copy is in content/staff.json.
 */
import * as z from "zod/mini";

export const THRESHOLD_MAX = 1000;

/** The demand threshold: a whole number of people from 1 to 1,000. */
export const thresholdSchema = z.object({
  threshold: z.string({ error: "required" }).check(
    z.trim(),
    z.minLength(1, { error: "required" }),
    z.regex(/^\d{1,4}$/, { error: "number" }),
    z.refine((v) => Number(v) >= 1 && Number(v) <= THRESHOLD_MAX, { error: "number" }),
  ),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD. */
export function isDay(v: string): boolean {
  if (!DAY.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Longest range the funnel shows: two years. */
export const MAX_RANGE_DAYS = 2 * 366;

const day = z.string({ error: "date" }).check(z.trim(), z.refine(isDay, { error: "date" }));

/** The funnel's date range: both days, the first on or before the second, at most two years. */
export const rangeSchema = z.object({ from: day, to: day }).check(
  z.superRefine((v, ctx) => {
    if (v.from > v.to) ctx.issues.push({ code: "custom", message: "order", path: ["to"], input: v.to });
    else if ((Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 > MAX_RANGE_DAYS) ctx.issues.push({ code: "custom", message: "tooLong", path: ["from"], input: v.from });
  }),
);
