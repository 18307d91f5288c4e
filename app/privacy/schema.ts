/** The "see or delete my data" form's schema, shared by the server and the browser. Messages are error codes. */
import * as z from "zod/mini";
import { emailField } from "../forms/fields";

export const myDataSchema = z.object({
  email: emailField,
  /** Honeypot: people never see it, so it stays empty. */
  website: z.optional(z.string().check(z.maxLength(0, { error: "spam" }))),
});
