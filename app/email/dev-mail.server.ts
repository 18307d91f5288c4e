/**
 * /dev/mail: with no SMTP server configured, emails are written as .eml
 * files; this lists them, only to requests made straight from this machine
 * (it shows personal data; see server/guards.ts).
 */
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { getOutboxMessage, listOutbox } from "../../db/queries/outbox";

export async function devMailLoader({ request, context }: LoaderFunctionArgs) {
  if (context.env.SMTP_URL || !context.devMailAllowed) throw data(null, { status: 404 });
  const id = Number(new URL(request.url).searchParams.get("id"));
  const selected = Number.isInteger(id) && id > 0 ? (getOutboxMessage(context.db, id) ?? null) : null;
  const messages = listOutbox(context.db).map((m) => ({ id: m.id, to: m.to, subject: m.subject, kind: m.kind, status: m.status, createdAt: m.createdAt }));
  return { messages, selected: selected && { id: selected.id, to: selected.to, subject: selected.subject, text: selected.text, headers: selected.headers, status: selected.status } };
}
