import * as z from "zod/mini";
import { HOPES } from "../../machines/answers";
import { nameProblem, textProblem } from "../utils/plain-text";
import { emailField } from "../wizard/schemas";

export const NAME_MAX = 100;
export const NOTE_MAX = 1000;

/**
 * Checks a plain-text rule (see app/utils/plain-text.ts) on the value as sent,
 * before trimming: a tab or line break at either end is refused like one in
 * the middle. The issue's message is the rule's error code.
 */
const plainText = (problem: (s: string) => string | undefined) =>
  z.superRefine<string>((value, ctx) => {
    const code = problem(value);
    if (code) ctx.issues.push({ code: "custom", message: code, input: value });
  });

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
