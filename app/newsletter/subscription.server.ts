/**
 * Newsletter double opt-in and unsubscribe.
 *
 * Signing up stores the address unconfirmed and, in the same transaction,
 * queues an email with a signed, single-use link that expires. The link opens
 * a page with a Confirm button (mail scanners open links; only a person
 * presses buttons). Only confirmed addresses get news.
 *
 * Every newsletter email carries the subscriber's own unsubscribe link, a
 * stable HMAC over their sign-up id (so the link in every email keeps
 * working), and the RFC 8058 List-Unsubscribe headers. A GET shows a button;
 * a POST to the same URL, such as a mail client's `List-Unsubscribe=One-Click`
 * with no cookies, unsubscribes and answers 200.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { type DB, writeTransaction } from "../../db/client";
import {
  confirmNewsletterSignup,
  requestNewsletterSignup,
  unsubscribeNewsletter,
  type NewsletterSignup,
} from "../../db/queries/newsletter";
import { checkStableToken, checkToken, consumeToken, issueToken, stableToken } from "../../db/queries/tokens";
import type { Services } from "../context";
import { link, queueEmail, withinRecipientCap } from "../email/outbox.server";
import { capFor } from "../email/recipient-caps";
import { linkProblem, messagePage, tokenFrom } from "../email/link-pages.server";
import { followUpContent } from "../follow-up-content.server";
import { DAY_MS } from "../utils/duration";

export const CONFIRM_PURPOSE = "newsletter-confirm";
export const UNSUBSCRIBE_PURPOSE = "newsletter-unsubscribe";
export const CONFIRM_DAYS = 7;
/** A form anyone can fill in sends at most this many confirmation emails to one address a day. */
/** Confirmation emails one address can receive in a day (app/email/recipient-caps.ts). */
export const MAX_CONFIRMATIONS_PER_DAY = capFor("newsletter.confirm").perDay;

const CONFIRM_PATH = "/newsletter/confirm";
const UNSUBSCRIBE_PATH = "/newsletter/unsubscribe";

type LinkServices = Pick<Services, "env" | "secrets">;

/** This subscriber's unsubscribe link: the same in every email, never expires. */
export function unsubscribeUrl(services: LinkServices, signupId: number): string {
  return link(services.env, `${UNSUBSCRIBE_PATH}?t=${stableToken(services.secrets[0]!, UNSUBSCRIBE_PURPOSE, String(signupId))}`);
}

/**
 * Double opt-in, step one: stores the sign-up unconfirmed and queues the
 * confirmation email, both or neither. Returns whether an email was queued
 * (not, past the daily cap); the visitor sees the same page either way.
 */
export function requestSignup(services: Pick<Services, "db" | "env" | "secrets">, signup: NewsletterSignup, now = new Date()): { signupId: number; queued: boolean } {
  const { db, env, secrets } = services;
  return writeTransaction(db, () => {
    const { id, pending } = requestNewsletterSignup(db, signup, now);
    const subject = `signup:${id}`;
    if (!withinRecipientCap(db, "newsletter.confirm", signup.email)) return { signupId: id, queued: false };
    const token = issueToken(db, secrets[0]!, {
      purpose: CONFIRM_PURPOSE,
      subject,
      payload: pending ? { pending } : {},
      ttlMs: CONFIRM_DAYS * DAY_MS,
      now,
    });
    queueEmail(db, env, {
      kind: "newsletter.confirm",
      to: signup.email.trim(),
      vars: { confirmUrl: link(env, `${CONFIRM_PATH}?t=${token}`), days: CONFIRM_DAYS },
      unsubscribeUrl: unsubscribeUrl(services, id),
    });
    return { signupId: id, queued: true };
  });
}

const signupIdOf = (subject: string) => {
  const m = /^signup:(\d+)$/.exec(subject);
  return m ? Number(m[1]) : null;
};

class Rollback extends Error {}

/** Double opt-in, step two: uses the link up and confirms, both or neither. */
export function confirmSignup(db: DB, secrets: string[], token: string | null, now = new Date()): "confirmed" | "invalid" | "used" | "expired" {
  const check = checkToken(db, secrets, token, CONFIRM_PURPOSE, now);
  if (!check.ok) return check.reason;
  const id = signupIdOf(check.token.subject);
  if (id === null) return "invalid";
  const pending = (check.token.payload.pending ?? null) as NewsletterSignup | null;
  try {
    return writeTransaction(db, () => {
      if (!consumeToken(db, check.token.id, now)) return "used" as const;
      if (!confirmNewsletterSignup(db, id, pending, now)) throw new Rollback();
      return "confirmed" as const;
    });
  } catch (error) {
    if (error instanceof Rollback) return "invalid";
    throw error;
  }
}

const copy = () => followUpContent.newsletter;
const signUpAgain = () => [{ href: "/newsletter", text: copy().confirm.signUpAgain }];

/** GET /newsletter/confirm?t=… shows a Confirm button; ?done=1 after confirming. */
export async function confirmLoader({ request, context }: LoaderFunctionArgs) {
  const c = copy().confirm;
  const url = new URL(request.url);
  if (url.searchParams.get("done") === "1") return messagePage({ tone: "done", title: c.doneTitle, paragraphs: [c.doneText] });
  const t = url.searchParams.get("t");
  const check = checkToken(context.db, context.secrets, t, CONFIRM_PURPOSE);
  if (!check.ok) return confirmProblem(check.reason);
  return messagePage({ tone: "ask", title: c.title, paragraphs: [c.text], form: { action: CONFIRM_PATH, button: c.button, fields: { t: t! } } });
}

function confirmProblem(reason: "invalid" | "used" | "expired") {
  const c = copy().confirm;
  if (reason === "used") return linkProblem(reason, { next: c.usedNext });
  return linkProblem(reason, { days: CONFIRM_DAYS, next: reason === "expired" ? c.expiredNext : undefined, links: signUpAgain() });
}

/** POST /newsletter/confirm (the button) */
export async function confirmAction({ request, context }: ActionFunctionArgs) {
  const result = confirmSignup(context.db, context.secrets, await tokenFrom(request));
  if (result !== "confirmed") return confirmProblem(result);
  context.logger.info("newsletter confirmed");
  throw redirect(`${CONFIRM_PATH}?done=1`, { status: 303 });
}

function unsubscribePage(t: string) {
  const c = copy().unsubscribe;
  return {
    tone: "ask" as const,
    title: c.title,
    paragraphs: [c.text],
    form: { action: `${UNSUBSCRIBE_PATH}?t=${encodeURIComponent(t)}`, button: c.button, fields: { "List-Unsubscribe": "One-Click" } },
  };
}

/** GET /newsletter/unsubscribe?t=… shows an Unsubscribe button. */
export async function unsubscribeLoader({ request, context }: LoaderFunctionArgs) {
  const t = new URL(request.url).searchParams.get("t");
  if (checkStableToken(context.secrets, t, UNSUBSCRIBE_PURPOSE) === null) return linkProblem("invalid", { next: copy().unsubscribe.invalidNext });
  return messagePage(unsubscribePage(t!));
}

/**
 * POST /newsletter/unsubscribe?t=…: the button, or a mail client's RFC 8058
 * one-click request (no cookies, no login). Answers 200 with the page, also
 * when already unsubscribed: it is safe to repeat.
 */
export async function unsubscribeAction({ request, context }: ActionFunctionArgs) {
  const subject = checkStableToken(context.secrets, await tokenFrom(request), UNSUBSCRIBE_PURPOSE);
  if (subject === null) return linkProblem("invalid", { next: copy().unsubscribe.invalidNext });
  const result = unsubscribeNewsletter(context.db, Number(subject));
  context.logger.info("newsletter unsubscribe", { result });
  const c = copy().unsubscribe;
  return messagePage({ tone: "done", title: c.doneTitle, paragraphs: [c.doneText] });
}
