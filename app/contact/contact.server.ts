/**
 * The Contact page: a message to ANZPOP staff, stored in contact_messages
 * (status `new`, for the back office) and emailed to STAFF_EMAIL with
 * Reply-To the sender, plus a short "your message arrived" to the sender;
 * all in one transaction. The sender's words go into the staff email as a
 * person's words (writtenBy: never linked, quoted); the acknowledgement holds
 * nothing they typed, so the form cannot be used to send anyone our email
 * with someone else's words in it. Both emails are capped per recipient
 * (app/email/recipient-caps.ts); past a cap the message is still stored.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import { CONTACT_TOPICS, insertContactMessage, type ContactTopic, type NewContactMessage } from "../../db/queries/contact";
import type { Services } from "../context";
import { queueEmail } from "../email/outbox.server";
import { writtenBy } from "../email/render.server";
import { formatDay } from "../join/join-emails.server";
import { echo, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { contactContent } from "./content.server";
import { contactSchema } from "./schema";

export const CONTACT_SENT_PATH = "/contact/sent";
/** The time zone our staff read dates in. */
const STAFF_TIME_ZONE = "Australia/Sydney";

const isTopic = (v: unknown): v is ContactTopic => typeof v === "string" && (CONTACT_TOPICS as readonly string[]).includes(v);

export function contactCopy() {
  const c = contactContent.contact;
  return { ...c, topics: CONTACT_TOPICS.map((value) => ({ value, label: c.topic.options[value] })) };
}
export type ContactCopy = ReturnType<typeof contactCopy>;

/** GET /contact (?topic=my_data chooses the topic, for links from other pages). */
export function contactLoader({ request }: LoaderFunctionArgs) {
  const topic = new URL(request.url).searchParams.get("topic");
  return { copy: contactCopy(), topic: isTopic(topic) ? topic : "" };
}

export interface ContactActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

/** POST /contact: stores the message and queues both emails, or answers with the form's errors. */
export async function contactAction({ request, context }: ActionFunctionArgs) {
  const raw = await readForm(request);
  const parsed = contactSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.website) throw data({ message: "That form could not be sent." }, { status: 400 });
    return data<ContactActionData>({ errors, values: echo(raw, contactSchema) }, { status: 400 });
  }
  const result = sendContactMessage(context, parsed.data);
  context.logger.info("contact message", { topic: parsed.data.topic, ...result });
  throw redirect(CONTACT_SENT_PATH, { status: 303 });
}

/**
 * Stores a message and queues the staff notice and the sender's
 * acknowledgement, all or nothing. Says whether each email was queued (not,
 * past its cap): the sender sees the same page either way.
 */
export function sendContactMessage(services: Pick<Services, "db" | "env">, v: NewContactMessage, now = new Date()): { id: number; staffEmailed: boolean; acknowledged: boolean } {
  const { db, env } = services;
  const topic = contactContent.contact.topic.options[v.topic];
  const sent = formatDay(now, STAFF_TIME_ZONE);
  // A browser sends a textarea's line breaks as CRLF.
  const message = v.message.replace(/\r\n?/g, "\n");
  return writeTransaction(db, () => {
    const id = insertContactMessage(db, { name: v.name, email: v.email, topic: v.topic, message }, now);
    const staff = queueEmail(db, env, {
      kind: "contact.staff",
      to: env.STAFF_EMAIL,
      dedupeKey: `contact:${id}:staff`,
      // Replying answers the sender (one plain mailbox, checked again by the renderer).
      replyTo: v.email,
      vars: { ...writtenBy("sender", { name: v.name, message }), email: v.email, topic, sent, reference: `C${id}` },
    });
    const ack = queueEmail(db, env, { kind: "contact.ack", to: v.email, dedupeKey: `contact:${id}:ack`, vars: { topic, sent } });
    return { id, staffEmailed: !staff.capped, acknowledged: !ack.capped };
  });
}

export function contactSentLoader() {
  const c = contactContent.contact;
  return { title: c.sentTitle, paragraphs: [c.sentText, c.sentAck], links: [{ href: "/", text: contactContent.wayOn.home }, { href: "/groups", text: contactContent.wayOn.findGroup }] };
}
