/** Sign-in forms' schemas, shared by the server and the browser. */
import * as z from "zod/mini";
import { emailField } from "../forms/fields";

export const signInSchema = z.object({ email: emailField });

export const CODE_LENGTH = 6;
export const codeSchema = z.object({
  id: z.string({ error: "locked" }).check(z.minLength(1, { error: "locked" }), z.maxLength(64, { error: "locked" })),
  code: z
    .string({ error: "required" })
    .check(z.trim(), z.minLength(1, { error: "required" }), z.regex(/^\s*\d{3}\s?\d{3}\s*$/, { error: "format" })),
});
