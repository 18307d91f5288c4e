import * as z from "zod/mini";
import { plainText } from "../utils/plain-text-rule";
import { HOPES } from "../../machines/answers";
import { nameProblem, textProblem } from "../utils/plain-text";
import { emailField } from "../forms/fields";

export const NAME_MAX = 100;
export const NOTE_MAX = 1000;


export const joinSchema = z.object({
  /** Just a name: one line, no hidden characters, no web or email address. */
  name: z
    .string({ error: "required" })
    .check(plainText(nameProblem), z.trim(), z.minLength(1, { error: "required" }), z.maxLength(NAME_MAX, { error: "too_long" })),
  email: emailField,
  /** Free text over several lines; web addresses are allowed (never linked in our emails), hidden characters are not. */
  note: z.optional(z.string().check(plainText(textProblem), z.trim(), z.maxLength(NOTE_MAX, { error: "too_long" }))),
  hopes: z.array(z.enum(HOPES, { error: "invalid" })).check(z.maxLength(HOPES.length, { error: "invalid" })),
  consent: z.literal("yes", { error: "required" }),
  website: z.optional(z.string().check(z.maxLength(0, { error: "spam" }))),
});
