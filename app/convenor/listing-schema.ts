/**
 * A group's public listing, as its convenor edits it: the same schema checks
 * the form in the browser (react-hook-form) and on the server. Error codes'
 * copy is in content/convenor.json (listing.errors).
 */
import * as z from "zod/mini";
import { plainText as rule } from "../utils/plain-text-rule";
import { ZONE_NAMES } from "../utils/time-zones";
import { GROUP_FORMATS } from "../../machines/matching";
import { nameProblem, textProblem } from "../utils/plain-text";

/** Codes this form has no copy of read as the ones it has. */
const RENAME = { blank: "required", link: "invalid" } as const;
const plainText = (problem: (s: string) => string | undefined) => rule(problem, RENAME);

export const LISTING_STATUSES = ["open", "full"] as const;
export const TIME_ZONES = Object.keys(ZONE_NAMES) as [string, ...string[]];
export const DESCRIPTION_MAX = 1000;
export const VENUE_MAX = 500;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Browsers send a textarea's line ends as CRLF without JavaScript and LF with it: one form, stored the same way. */
const lf = (v: string) => v.replace(/\r\n?/g, "\n");
const empty = (v: unknown) => (v === "" ? undefined : v);

export const listingSchema = z
  .object({
    name: z.string({ error: "required" }).check(plainText(nameProblem), z.trim(), z.minLength(2, { error: "required" }), z.maxLength(80, { error: "too_long" })),
    description: z.optional(z.string().check(z.overwrite(lf), plainText(textProblem), z.trim(), z.maxLength(DESCRIPTION_MAX, { error: "too_long" }))),
    format: z.enum(GROUP_FORMATS, { error: "required" }),
    /** Only while the group is open or full; a forming or closed group's status is staff's to change. */
    status: z.optional(z.enum(LISTING_STATUSES, { error: "required" })),
    capacity: z.string({ error: "capacity" }).check(z.trim(), z.regex(/^\d{1,3}$/, { error: "capacity" }), z.refine((v) => Number(v) >= 2 && Number(v) <= 100, { error: "capacity" })),
    timeZone: z.enum(TIME_ZONES, { error: "zone" }),
    frequency: z.enum(["weekly", "fortnightly", "monthly"], { error: "required" }),
    weekday: z.enum(["0", "1", "2", "3", "4", "5", "6"], { error: "required" }),
    week: z.pipe(z.transform(empty), z.optional(z.enum(["1", "2", "3", "4", "5", "-1"], { error: "week" }))),
    anchorDate: z.pipe(z.transform(empty), z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: "anchor" })))),
    start: z.string({ error: "time" }).check(z.trim(), z.regex(TIME, { error: "time" })),
    end: z.string({ error: "time" }).check(z.trim(), z.regex(TIME, { error: "time" })),
    venueNote: z.optional(z.string().check(z.overwrite(lf), plainText(textProblem), z.trim(), z.maxLength(VENUE_MAX, { error: "too_long" }))),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.frequency === "monthly" && !v.week) ctx.issues.push({ code: "custom", message: "week", path: ["week"], input: v.week });
      if (v.frequency === "fortnightly" && (!v.anchorDate || Number.isNaN(Date.parse(`${v.anchorDate}T00:00:00Z`)))) {
        ctx.issues.push({ code: "custom", message: "anchor", path: ["anchorDate"], input: v.anchorDate });
      }
      if (typeof v.start === "string" && typeof v.end === "string" && TIME.test(v.start) && TIME.test(v.end) && v.end <= v.start) {
        ctx.issues.push({ code: "custom", message: "end_before_start", path: ["end"], input: v.end });
      }
    }),
  );
export type ListingForm = z.infer<typeof listingSchema>;
