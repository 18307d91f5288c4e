import { type DB, writeTransaction } from "../../db/client";
import { countRecentEmailsTo, enqueueEmail } from "../../db/queries/outbox";
import { appUrl, type Env } from "../utils/env.server";
import { capFor, mailboxKey } from "./recipient-caps";
import { renderEmail } from "./render.server";

export interface TemplatedEmail {
  kind: string;
  to: string;
  vars: Record<string, string | number>;
  dedupeKey?: string;
  unsubscribeUrl?: string;
  /**
   * RFC 8058 one-click headers pointing here, without the newsletter footer
   * (for mail that is not the newsletter, such as a reminder's cancel link).
   */
  oneClickUrl?: string;
  /** Reply-To: one plain mailbox, else no header (see replyToHeader in render.server.ts). */
  replyTo?: string;
}

/** Whether one more email of `kind` to this address's mailbox stays within its cap (app/email/recipient-caps.ts). */
export function withinRecipientCap(db: DB, kind: string, to: string): boolean {
  const cap = capFor(kind);
  const sent = countRecentEmailsTo(db, mailboxKey(to), kind);
  return sent.lastHour < cap.perHour && sent.lastDay < cap.perDay;
}

export type QueueResult = { id: number; created: boolean; capped: false } | { id: null; created: false; capped: true };

/**
 * Renders and queues an email. Call it inside the same transaction as the
 * change that causes it, so both happen or neither does. Past the address's
 * cap for this kind nothing is queued (`capped`): the person asking sees the
 * same page either way.
 */
export function queueEmail(db: DB, env: Pick<Env, "APP_URL" | "PORT">, email: TemplatedEmail): QueueResult {
  return writeTransaction(db, (): QueueResult => {
    if (!withinRecipientCap(db, email.kind, email.to)) return { id: null, created: false, capped: true };
    const rendered = renderEmail(email.kind, email.vars, { unsubscribeUrl: email.unsubscribeUrl, replyTo: email.replyTo });
    const domain = new URL(appUrl(env)).hostname || "localhost";
    if (email.oneClickUrl) {
      rendered.headers["List-Unsubscribe"] = `<${email.oneClickUrl}>`;
      rendered.headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }
    return { ...enqueueEmail(db, { kind: email.kind, dedupeKey: email.dedupeKey, to: email.to, ...rendered }, domain), capped: false };
  });
}

/** An absolute link for an email. */
export const link = (env: Pick<Env, "APP_URL" | "PORT">, pathAndQuery: string) => `${appUrl(env)}${pathAndQuery}`;
