/** The Contact form's schema, shared by the server (authoritative) and the browser (instant feedback). Messages are error codes. */
import * as z from "zod/mini";
import { plainText } from "../utils/plain-text-rule";
import { CONTACT_TOPICS } from "../../db/queries/contact";
import { nameProblem, textProblem } from "../utils/plain-text";
import { emailField } from "../forms/fields";

export const CONTACT_NAME_MAX = 100;
export const CONTACT_MESSAGE_MAX = 3000;


export const contactSchema = z.object({
  /** Just a name: one line, no hidden characters, no web or email address. */
  name: z
    .string({ error: "required" })
    .check(plainText(nameProblem), z.trim(), z.minLength(1, { error: "required" }), z.maxLength(CONTACT_NAME_MAX, { error: "too_long" })),
  email: emailField,
  topic: z.enum(CONTACT_TOPICS, { error: "required" }),
  /** Free text over several lines; web addresses are allowed (never linked in our emails), hidden characters are not. */
  message: z
    .string({ error: "required" })
    .check(plainText(textProblem), z.trim(), z.minLength(1, { error: "required" }), z.maxLength(CONTACT_MESSAGE_MAX, { error: "too_long" })),
  /** Honeypot: people never see it, so it stays empty. */
  website: z.optional(z.string().check(z.maxLength(0, { error: "spam" }))),
});

export type ContactValues = z.infer<typeof contactSchema>;
