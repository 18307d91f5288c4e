/**
 * /dev/mail: with no SMTP server configured, emails are written as .eml
 * files; this lists them (sign-in codes included) to whoever has the key the
 * server made at start and printed once in its log. Without the key, or with
 * a wrong one, it is 404 whatever the network, Host or headers say.
 */
import crypto from "node:crypto";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { getOutboxMessage, listOutbox } from "../../db/queries/outbox";

function sameKey(given: string | null, key: string | undefined): boolean {
  if (!key || !given) return false;
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(key).digest();
  return crypto.timingSafeEqual(a, b);
}

export async function devMailLoader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const key = params.get("key");
  if (context.env.SMTP_URL || !sameKey(key, context.devMailKey)) throw data(null, { status: 404 });
  const id = Number(params.get("id"));
  const selected = Number.isInteger(id) && id > 0 ? (getOutboxMessage(context.db, id) ?? null) : null;
  const messages = listOutbox(context.db).map((m) => ({ id: m.id, to: m.to, subject: m.subject, kind: m.kind, status: m.status, createdAt: m.createdAt }));
  return {
    /** Links to each message keep the key. */
    key: key!,
    messages,
    selected: selected && { id: selected.id, to: selected.to, subject: selected.subject, text: selected.text, headers: selected.headers, status: selected.status },
  };
}
