/**
 * Staff's contact messages: the Contact page's messages, newest first, each
 * with a reply form. A reply is emailed through the outbox (staff's words
 * quoted, never linked) and the message marked answered, in one transaction,
 * audit-logged without its text.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import * as z from "zod/mini";
import { writeTransaction } from "../../db/client";
import { appendAudit, auditActor } from "../../db/queries/audit";
import { CONTACT_STATUSES, getContactMessage, listContactMessages, setContactMessageStatus } from "../../db/queries/contact";
import type { Granted } from "../auth/access.server";
import { fill } from "../content.server";
import { link, queueEmail } from "../email/outbox.server";
import { writtenBy } from "../email/render.server";
import { formatDateTime } from "../utils/dates";
import { oneOf, page as pageParam, readListParams } from "../utils/list-params";
import { textProblem } from "../utils/plain-text";
import { echo, field, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { staffContent } from "./content.server";

const NO_STORE = { "Cache-Control": "no-store" };
const PAGE = 25;
export const REPLY_MAX = 3000;

export const replySchema = z.object({
  reply: z.string({ error: "required" }).check(
    z.superRefine((value, ctx) => {
      const code = textProblem(value);
      if (code) ctx.issues.push({ code: "custom", message: code, input: value });
    }),
    z.trim(),
    z.minLength(1, { error: "required" }),
    z.maxLength(REPLY_MAX, { error: "too_long" }),
  ),
});

export async function messagesLoader({ request, context }: LoaderFunctionArgs, _granted: Granted) {
  const url = new URL(request.url);
  const c = staffContent.messages;
  const { status, page } = readListParams(url.searchParams, { status: oneOf(CONTACT_STATUSES), page: pageParam() });
  const { rows, total } = listContactMessages(context.db, { status, limit: PAGE, offset: (page - 1) * PAGE });
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const href = (p: number) => `/staff/messages?${new URLSearchParams({ ...(status ? { status } : {}), ...(p > 1 ? { page: String(p) } : {}) }).toString()}`;
  const done = url.searchParams.get("done");
  return data(
    {
      copy: c,
      notice: done === "replied" ? c.replied : done === "marked" ? c.marked : null,
      filters: { status: status ?? "", statuses: CONTACT_STATUSES.map((s) => ({ value: s, label: c.statuses[s] })), active: Boolean(status) },
      count: fill(c.count, { count: total }),
      messages: rows.map((m) => ({
        id: m.id,
        status: m.status,
        statusLabel: c.statuses[m.status],
        from: fill(c.from, { name: m.name, date: formatDateTime(m.createdAt) }),
        email: m.email,
        about: fill(c.about, { topic: c.topics[m.topic] }),
        message: m.message,
      })),
      pagination: { pages, label: fill(c.page, { page, pages }), previous: page > 1 ? href(page - 1) : null, next: page < pages ? href(page + 1) : null, previousLabel: c.previous, nextLabel: c.next },
    },
    { headers: NO_STORE },
  );
}

export interface MessageActionData {
  id: number;
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

/** POST: intent = reply (email it and mark answered) | answered (mark only). */
export async function messagesAction({ request, context }: ActionFunctionArgs, { user }: Granted) {
  const raw = await readForm(request);
  const id = Number(field(raw, "id"));
  const message = Number.isInteger(id) && id > 0 ? getContactMessage(context.db, id) : undefined;
  if (!message) throw data({ message: null }, { status: 404 });
  const intent = field(raw, "intent");
  if (intent === "answered") {
    writeTransaction(context.db, () => {
      if (setContactMessageStatus(context.db, id, "answered")) appendAudit(context.db, { ...auditActor(user), action: "contact.answered", subjectType: "email", subjectId: id });
    });
    throw redirect("/staff/messages?done=marked", { status: 303, headers: NO_STORE });
  }
  const parsed = replySchema.safeParse(raw);
  if (!parsed.success) return data<MessageActionData>({ id, errors: fieldErrors(parsed.error), values: echo(raw, replySchema) }, { status: 400, headers: NO_STORE });
  writeTransaction(context.db, () => {
    queueEmail(context.db, context.env, {
      kind: "contact.reply",
      to: message.email,
      vars: {
        ...writtenBy("sender", { name: message.name }),
        ...writtenBy("staff", { reply: parsed.data.reply }),
        topic: staffContent.messages.topics[message.topic].toLowerCase(),
        contactUrl: link(context.env, "/contact"),
      },
    });
    setContactMessageStatus(context.db, id, "answered");
    appendAudit(context.db, { ...auditActor(user), action: "contact.replied", subjectType: "email", subjectId: id });
  });
  throw redirect("/staff/messages?done=replied", { status: 303, headers: NO_STORE });
}
