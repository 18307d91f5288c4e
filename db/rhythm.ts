import * as z from "zod";

/** How often a group meets, in its own time zone. Stored as JSON on the group. */
export const RhythmSchema = z.object({
  frequency: z.enum(["weekly", "fortnightly", "monthly"]),
  /** 0 = Sunday … 6 = Saturday. */
  weekday: z.number().int().min(0).max(6),
  /** Monthly: which weekday of the month, 1–5, or -1 for the last. */
  week: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(-1)]).optional(),
  /** Fortnightly: a date (YYYY-MM-DD) the group met or will meet on. */
  anchorDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
export type Rhythm = z.infer<typeof RhythmSchema>;
