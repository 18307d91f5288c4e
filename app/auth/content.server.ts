/** Copy for sign-in and the account page (content/account.json), validated when this module loads. */
import * as z from "zod";
import accountJson from "../../content/account.json";

const text = z.string().min(1);

export const AccountContentSchema = z.object({
  signIn: z.object({
    title: text,
    lead: text,
    email: z.object({ label: text, hint: text, errors: z.record(z.enum(["required", "invalid", "too_long"]), text) }),
    button: text,
    privacy: text,
    signedOut: text,
    notMember: text,
  }),
  code: z.object({
    title: text,
    lead: text,
    fromLinkTitle: text,
    fromLinkLead: text,
    label: text,
    hint: text,
    errors: z.object({ required: text, format: text, wrong: text, locked: text }),
    button: text,
    newCode: text,
    noEmail: text,
  }),
  signOut: z.object({ button: text }),
  account: z.object({
    title: text,
    lead: text.includes("{email}"),
    sessionsHeading: text,
    sessionsLead: text,
    thisDevice: text,
    started: text,
    lastSeen: text,
    device: text,
    unknownDevice: text,
    everywhereButton: text,
    everywhereHint: text,
    roles: z.object({ staff: text, convenor: text }),
  }),
  forbidden: z.object({ title: text, text }),
});

export const accountContent = (() => {
  const r = AccountContentSchema.safeParse(accountJson);
  if (!r.success) throw new Error(`content/account.json is invalid:\n${z.prettifyError(r.error)}`);
  return r.data;
})();
