/**
 * The applicant's "withdraw my request" link: a signed, single-use token
 * (db/queries/tokens.ts, purpose `join.withdraw`, subject the join request's
 * id) in the receipt email and on the "request sent" page. It opens a page
 * with a button (docs/decisions/005-links-in-emails.md); see withdraw.server.ts.
 */
import { issueToken } from "../../db/queries/tokens";
import type { Services } from "../context";
import { link } from "../email/outbox.server";
import { DAY_MS } from "../utils/duration";

export const WITHDRAW_PURPOSE = "join.withdraw";
export const WITHDRAW_PATH = "/join-requests/withdraw";
/** Long enough for a request that waits on a full group's waiting list. */
export const WITHDRAW_LINK_DAYS = 180;
export const CONTACT_PATH = "/contact";

type LinkServices = Pick<Services, "db" | "env" | "secrets">;

/** A fresh withdraw link for one join request (a token row is written: call it when the link is given out). */
export function withdrawPath(s: LinkServices, requestId: number, now = new Date()): string {
  const secret = s.secrets[0];
  if (!secret) throw new Error("no signing secret");
  const token = issueToken(s.db, secret, { purpose: WITHDRAW_PURPOSE, subject: String(requestId), ttlMs: WITHDRAW_LINK_DAYS * DAY_MS, now });
  return `${WITHDRAW_PATH}?t=${encodeURIComponent(token)}`;
}

/** The receipt email's links of ours: withdraw the request, and the Contact page. */
export function receiptLinks(s: LinkServices, requestId: number, now = new Date()): { withdrawUrl: string; contactUrl: string } {
  return { withdrawUrl: link(s.env, withdrawPath(s, requestId, now)), contactUrl: link(s.env, CONTACT_PATH) };
}
