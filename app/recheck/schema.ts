import * as z from "zod/mini";
import { emailField } from "../forms/fields";

/** "Remind me to check again": an address and when. */
export const recheckSchema = z.object({
  email: emailField,
  months: z.enum(["3", "6", "12"], { error: "required" }),
  /** Honeypot: people never see it, so it stays empty. */
  website: z.optional(z.string().check(z.maxLength(0, { error: "spam" }))),
});
