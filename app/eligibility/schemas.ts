/**
 * Form schemas for the wizard's steps, shared by the server (authoritative)
 * and the browser (instant feedback through react-hook-form). Messages are
 * error codes; the copy for each lives in content/eligibility.json.
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
