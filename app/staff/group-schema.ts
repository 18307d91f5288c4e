/**
 * Staff's group form (create and edit), shared by the browser and the
 * server. The rhythm fields are the same as the convenor's listing editor;
 * the place is resolved on the server by the gazetteer.
 */
import * as z from "zod/mini";
import { plainText as rule } from "../utils/plain-text-rule";
import { nameProblem, textProblem } from "../utils/plain-text";
import { TIME_ZONES } from "../convenor/listing-schema";
import { DEFAULT_CAPACITY, GROUP_FORMATS, GROUP_STATUSES } from "../../machines/matching";

/** Codes this form has no copy of read as the ones it has. */
const RENAME = { blank: "required", link: "invalid" } as const;
const plainText = (problem: (s: string) => string | undefined) => rule(problem, RENAME);

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const empty = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;

export const groupSchema = z
  .object({
    name: z.string({ error: "required" }).check(plainText(nameProblem), z.trim(), z.minLength(2, { error: "required" }), z.maxLength(80, { error: "too_long" })),
    slug: z.pipe(z.transform(empty), z.optional(z.string().check(z.trim(), z.regex(SLUG_PATTERN, { error: "slug" })))),
    place: z.pipe(z.transform(empty), z.optional(z.string().check(plainText(textProblem), z.trim(), z.maxLength(100, { error: "too_long" })))),
    country: z.enum(["AU", "NZ"], { error: "required" }),
    format: z.enum(GROUP_FORMATS, { error: "required" }),
    status: z.optional(z.enum(GROUP_STATUSES, { error: "required" })),
    capacity: z.pipe(z.transform((v) => (v === undefined || v === "" ? String(DEFAULT_CAPACITY) : v)), z.string({ error: "capacity" }).check(z.trim(), z.regex(/^\d{1,3}$/, { error: "capacity" }), z.refine((v) => Number(v) >= 2 && Number(v) <= 100, { error: "capacity" }))),
    timeZone: z.enum(TIME_ZONES, { error: "zone" }),
    frequency: z.pipe(z.transform((v) => v ?? "monthly"), z.enum(["weekly", "fortnightly", "monthly"], { error: "required" })),
    weekday: z.pipe(z.transform((v) => v ?? "2"), z.enum(["0", "1", "2", "3", "4", "5", "6"], { error: "required" })),
    week: z.pipe(z.transform(empty), z.optional(z.enum(["1", "2", "3", "4", "5", "-1"], { error: "week" }))),
    anchorDate: z.pipe(z.transform(empty), z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: "anchor" })))),
    start: z.pipe(z.transform((v) => v ?? "19:00"), z.string({ error: "time" }).check(z.trim(), z.regex(TIME, { error: "time" }))),
    end: z.pipe(z.transform((v) => v ?? "21:00"), z.string({ error: "time" }).check(z.trim(), z.regex(TIME, { error: "time" }))),
    description: z.optional(z.string().check(plainText(textProblem), z.trim(), z.maxLength(1000, { error: "too_long" }))),
    convenorFirstName: z.optional(z.string().check(plainText(nameProblem), z.trim(), z.maxLength(40, { error: "too_long" }))),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.format !== "online" && !v.place) ctx.issues.push({ code: "custom", message: "place_needed", path: ["place"], input: v.place });
      if (v.frequency === "fortnightly" && (!v.anchorDate || Number.isNaN(Date.parse(`${v.anchorDate}T00:00:00Z`)))) {
        ctx.issues.push({ code: "custom", message: "anchor", path: ["anchorDate"], input: v.anchorDate });
      }
      if (typeof v.start === "string" && typeof v.end === "string" && TIME.test(v.start) && TIME.test(v.end) && v.end <= v.start) {
        ctx.issues.push({ code: "custom", message: "end_before_start", path: ["end"], input: v.end });
      }
    }),
  );
export type GroupForm = z.infer<typeof groupSchema>;

export const slugFrom = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60) || "group";
