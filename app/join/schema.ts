import * as z from "zod/mini";
import { HOPES } from "../../machines/answers";
import { emailField } from "../wizard/schemas";

export const NOTE_MAX = 1000;

export const joinSchema = z.object({
  name: z.string({ error: "required" }).check(z.trim(), z.minLength(1, { error: "required" }), z.maxLength(100, { error: "too_long" })),
  email: emailField,
  note: z.optional(z.string().check(z.trim(), z.maxLength(NOTE_MAX, { error: "too_long" }))),
  hopes: z.array(z.enum(HOPES, { error: "invalid" })).check(z.maxLength(HOPES.length, { error: "invalid" })),
  consent: z.literal("yes", { error: "required" }),
  website: z.optional(z.string().check(z.maxLength(0, { error: "spam" }))),
});
