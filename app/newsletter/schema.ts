import * as z from "zod/mini";
import { INTERESTS } from "../../db/interests";
import { emailField } from "../forms/fields";

export const newsletterSchema = z.object({
  email: emailField,
  interests: z.array(z.enum(INTERESTS, { error: "required" })).check(z.minLength(1, { error: "required" }), z.maxLength(3, { error: "required" })),
  /** Honeypot: people never see it, so it stays empty. */
  website: z.optional(z.string().check(z.maxLength(0, { error: "spam" }))),
});
