/**
 * Copy for the Contact page, "see or delete my data", withdrawing a join
 * request, and the links that give dead-end pages a way on
 * (content/contact.json), validated once when this module loads.
 */
import * as z from "zod";
import contactJson from "../../content/contact.json";
import { CONTACT_STATUSES, CONTACT_TOPICS } from "../../db/queries/contact";
import { JOIN_REQUEST_STATUSES } from "../../machines/join-request";

const text = z.string().min(1);
const titled = z.object({ title: text, text });
const errors = <const T extends readonly [string, ...string[]]>(keys: T) => z.record(z.enum(keys), text);
const EMAIL_ERRORS = ["required", "invalid", "too_long"] as const;

export const ContactContentSchema = z.object({
  contact: z.object({
    title: text,
    description: text,
    lead: text,
    myData: text,
    myDataLink: text,
    withdraw: text,
    name: z.object({ label: text, errors: errors(["required", "too_long", "control", "bidi", "blank", "link"]) }),
    email: z.object({ label: text, hint: text, errors: errors(EMAIL_ERRORS) }),
    topic: z.object({ label: text, options: z.record(z.enum(CONTACT_TOPICS), text), choose: text, errors: errors(["required"]) }),
    message: z.object({ label: text, hint: text, errors: errors(["required", "too_long", "control", "bidi"]) }),
    privacy: text,
    button: text,
    errorSummaryTitle: text,
    sentTitle: text,
    sentText: text,
    sentAck: text,
  }),
  myData: z.object({
    title: text,
    description: text,
    lead: text,
    email: z.object({ label: text, errors: errors(EMAIL_ERRORS) }),
    privacy: text.includes("{days}"),
    button: text,
    errorSummaryTitle: text,
    sentTitle: text,
    sentText: text.includes("{days}"),
    sentJunk: text,
    held: z.object({
      title: text,
      lead: text.includes("{email}"),
      nothing: text,
      joinRequests: z.object({
        heading: text,
        shared: text,
        group: text,
        sent: text,
        status: text,
        reference: text,
        name: text,
        note: text,
        noNote: text,
        hopes: text,
        noHopes: text,
        statuses: z.record(z.enum(JOIN_REQUEST_STATUSES), text),
      }),
      newsletter: z.object({
        heading: text,
        status: text,
        statuses: z.record(z.enum(["unconfirmed", "subscribed", "unsubscribed"]), text),
        since: text,
        interests: text,
        noInterests: text,
        area: text,
        noArea: text,
        waitingList: text,
        waitingYes: text,
        waitingNo: text,
      }),
      rechecks: z.object({ heading: text, due: text.includes("{date}") }),
      contact: z.object({ heading: text, sent: text, topic: text, message: text, status: text, statuses: z.record(z.enum(CONTACT_STATUSES), text) }),
      emails: z.object({ heading: text, toYou: text.includes("{count}"), mentioning: text.includes("{count}"), note: text }),
      other: z.object({ heading: text, signIn: text.includes("{count}"), tokens: text.includes("{count}") }),
      kept: z.object({
        heading: text,
        account: text.includes("{role}"),
        roles: z.record(z.enum(["staff", "convenor"]), text),
        listing: text.includes("{groups}"),
      }),
      eraseHeading: text,
      eraseText: text,
      eraseButton: text,
      nothingToErase: text,
    }),
    erase: z.object({ title: text.includes("{email}"), lead: text, points: z.array(text).min(1), backups: text, button: text, keep: text }),
    erased: z.object({ title: text, text, backups: text }),
    used: titled,
    gone: titled,
    askAgain: text,
    expiredNext: text,
  }),
  withdraw: z.object({
    sentPageLink: text,
    title: text,
    text,
    reference: text.includes("{reference}"),
    button: text,
    keep: text,
    done: titled,
    accepted: titled,
    declined: titled,
    erased: titled,
    expiredNext: text,
    findGroup: text,
    contact: text,
  }),
  wayOn: z.object({ home: text, findGroup: text, signUpAgain: text, convenorArea: text, contact: text }),
});

export type ContactContent = z.infer<typeof ContactContentSchema>;

export const contactContent: ContactContent = (() => {
  const r = ContactContentSchema.safeParse(contactJson);
  if (!r.success) throw new Error(`content/contact.json is invalid:\n${z.prettifyError(r.error)}`);
  return r.data;
})();
