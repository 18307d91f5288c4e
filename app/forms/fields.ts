/**
 * What every form shares, in the browser and on the server: field errors as
 * codes, and the one email field (a single plain mailbox). The copy for each
 * code lives with the form's own content.
 * zod/mini keeps the browser bundle small.
 */
import * as z from "zod/mini";

const required = { error: "required" } as const;

/** Fields that may carry several values (checkbox groups). */
export const MULTI_VALUE_FIELDS = new Set(["hopes", "interests"]);

/** Field errors as `{ field: code }`, first issue per field. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}

/** Characters of an unquoted local part (RFC 5322 atext). */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
/** A domain label: letters, digits and hyphens, not starting or ending with a hyphen, at most 63 characters. */
const DOMAIN_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
/**
 * Exactly one plain mailbox, `local@domain`: a dot-atom local part of at
 * most 64 characters, and a domain of at least two labels ending in a
 * letters-only top-level domain. No display names (`Name <a@b.com>`), lists
 * (`a@b.com,c@d.com`), comments, quotes, spaces or control characters: the
 * address goes into email headers, and only one mailbox may ever be there.
 */
const PLAIN_MAILBOX = new RegExp(`^(?=[^@]{1,64}@)${ATEXT}+(?:\\.${ATEXT}+)*@(?:${DOMAIN_LABEL}\\.)+[A-Za-z]{2,63}$`);

/** Whether `s` is exactly one plain mailbox (see PLAIN_MAILBOX); longer than 254 characters is never one. */
export const isPlainMailbox = (s: string): boolean => s.length <= 254 && PLAIN_MAILBOX.test(s);

/** Shared by every email field: trimmed, one plain mailbox, at most 254 characters. */
export const emailField = z.string(required).check(
  z.trim(),
  z.minLength(1, required),
  z.maxLength(254, { error: "too_long" }),
  z.refine((s) => s.length > 254 || isPlainMailbox(s), { error: "invalid" }),
);
