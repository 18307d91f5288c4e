import * as z from "zod/mini";
import { textProblem } from "../utils/plain-text";

export const DECIDE_MESSAGE_MAX = 1000;

/** The convenor's confirmation form: an optional message for the person who asked. The token is checked on the server only. */
export const decideSchema = z.object({
  message: z.optional(
    z.string().check(
      z.superRefine((value, ctx) => {
        const code = textProblem(value);
        if (code) ctx.issues.push({ code: "custom", message: code, input: value });
      }),
      z.trim(),
      z.maxLength(DECIDE_MESSAGE_MAX, { error: "too_long" }),
    ),
  ),
});
