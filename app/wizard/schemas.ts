/**
 * Form schemas for the wizard's steps, shared by the server (authoritative)
 * and the browser (instant feedback through react-hook-form). Messages are
 * error codes; the copy for each lives in content/wizard.json.
 * zod/mini keeps the browser bundle small.
 */
import * as z from "zod/mini";
import { COUNTRY, DISTANCE_KM, EXPERIENCE, FORMAT, HOPES, PRACTICE, SUPERVISION } from "../../machines/answers";

const required = { error: "required" } as const;
const DISTANCE_VALUES = DISTANCE_KM.map(String) as ["10", "25", "50", "100"];

export const PLACE_MAX = 100;

export const experienceSchema = z.object({ experience: z.enum(EXPERIENCE, required) });
export const practiceSchema = z.object({ practice: z.enum(PRACTICE, required) });
export const supervisionSchema = z.object({ supervision: z.enum(SUPERVISION, required) });
export const hopesSchema = z.object({
  hopes: z.array(z.enum(HOPES, { error: "invalid" })).check(z.maxLength(HOPES.length, { error: "invalid" })),
});

export const locationSchema = z
  .object({
    country: z.enum(COUNTRY, required),
    place: z.string(required).check(z.trim(), z.maxLength(PLACE_MAX, { error: "too_long" })),
    format: z.enum(FORMAT, required),
    distanceKm: z.optional(z.enum(DISTANCE_VALUES, required)),
  })
  .check(
    z.superRefine(
      (v, ctx) => {
        // Runs even when other fields are wrong, so every error shows at once.
        const place = typeof v.place === "string" ? v.place.trim() : "";
        if (v.country !== "other" && place === "") {
          ctx.issues.push({ code: "custom", message: "required", path: ["place"], input: v.place });
        }
        if (v.country !== "other" && v.format !== "online" && v.distanceKm === undefined) {
          ctx.issues.push({ code: "custom", message: "required", path: ["distanceKm"], input: v.distanceKm });
        }
      },
      { when: (payload) => typeof payload.value === "object" && payload.value !== null },
    ),
  );

export const placeSchema = z.object({ areaId: z.string(required).check(z.minLength(1, required), z.maxLength(200, required)) });

export const checkSchema = z.object({});

export const STEP_SCHEMAS = {
  experience: experienceSchema,
  practice: practiceSchema,
  supervision: supervisionSchema,
  hopes: hopesSchema,
  location: locationSchema,
  place: placeSchema,
  check: checkSchema,
} as const;

export type StepSchemas = typeof STEP_SCHEMAS;
export type FormStep = keyof StepSchemas;
export type StepValues<S extends FormStep> = z.infer<StepSchemas[S]>;

/** Fields that may carry several values (checkbox groups). */
export const MULTI_VALUE_FIELDS = new Set(["hopes", "interests"]);

/** Field errors as `{ field: code }`, first issue per field. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}

/** Characters of an unquoted local part (RFC 5322 atext). */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
/** A domain label: letters, digits and hyphens, not starting or ending with a hyphen, at most 63 characters. */
const DOMAIN_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
/**
 * Exactly one plain mailbox, `local@domain`: a dot-atom local part of at
 * most 64 characters, and a domain of at least two labels ending in a
 * letters-only top-level domain. No display names (`Name <a@b.com>`), lists
 * (`a@b.com,c@d.com`), comments, quotes, spaces or control characters: the
 * address goes into email headers, and only one mailbox may ever be there.
 */
const PLAIN_MAILBOX = new RegExp(`^(?=[^@]{1,64}@)${ATEXT}+(?:\\.${ATEXT}+)*@(?:${DOMAIN_LABEL}\\.)+[A-Za-z]{2,63}$`);

/** Whether `s` is exactly one plain mailbox (see PLAIN_MAILBOX); longer than 254 characters is never one. */
export const isPlainMailbox = (s: string): boolean => s.length <= 254 && PLAIN_MAILBOX.test(s);

/** Shared by every email field: trimmed, one plain mailbox, at most 254 characters. */
export const emailField = z.string(required).check(
  z.trim(),
  z.minLength(1, required),
  z.maxLength(254, { error: "too_long" }),
  z.refine((s) => s.length > 254 || isPlainMailbox(s), { error: "invalid" }),
);
