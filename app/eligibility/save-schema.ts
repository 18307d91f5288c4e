import * as z from "zod/mini";
import { emailField } from "../forms/fields";

/** "Email me a link to continue": just an address, used once and not kept. */
export const saveLinkSchema = z.object({
  email: emailField,
  /** Honeypot: people never see it, so it stays empty. */
  website: z.optional(z.string().check(z.maxLength(0, { error: "spam" }))),
});
