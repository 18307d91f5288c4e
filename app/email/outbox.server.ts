import type { DB } from "../../db/client";
import { enqueueEmail } from "../../db/queries/outbox";
import { appUrl, type Env } from "../utils/env.server";
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
}

/**
 * Renders and queues an email. Call it inside the same transaction as the
 * change that causes it, so both happen or neither does.
 */
export function queueEmail(db: DB, env: Pick<Env, "APP_URL" | "PORT">, email: TemplatedEmail) {
  const rendered = renderEmail(email.kind, email.vars, { unsubscribeUrl: email.unsubscribeUrl });
  const domain = new URL(appUrl(env)).hostname || "localhost";
  if (email.oneClickUrl) {
    rendered.headers["List-Unsubscribe"] = `<${email.oneClickUrl}>`;
    rendered.headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return enqueueEmail(db, { kind: email.kind, dedupeKey: email.dedupeKey, to: email.to, ...rendered }, domain);
}

/** An absolute link for an email. */
export const link = (env: Pick<Env, "APP_URL" | "PORT">, pathAndQuery: string) => `${appUrl(env)}${pathAndQuery}`;
