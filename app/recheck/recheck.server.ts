/**
 * "Not yet" re-check: people whose result was training can ask for ONE
 * reminder, after 3, 6 or 12 months, to check again. We email them at once to
 * say it is set (with a link to cancel), and the scheduled job queues the
 * reminder when it is due, exactly once, then forgets the address.
 */
import { writeTransaction } from "../../db/client";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { cancelRecheck, dueRechecks, markRecheckSent, scheduleRecheck, type RecheckMonths } from "../../db/queries/recheck";
import { checkStableToken, stableToken } from "../../db/queries/tokens";
import type { Services } from "../context";
import { fill, wizardContent } from "../content.server";
import { link, queueEmail } from "../email/outbox.server";
import { linkProblem, messagePage, tokenFrom } from "../email/link-pages.server";
import { followUpContent } from "../follow-up-content.server";
import { echo, readForm } from "../forms/form-data.server";
import { finishedWizard } from "../eligibility/outcome.server";
import { fieldErrors } from "../forms/fields";
import { OUTCOME_PATH, WIZARD_BASE } from "../eligibility/steps";
import { recheckSchema } from "./schema";

export const CANCEL_PURPOSE = "recheck-cancel";
export const REMINDER_PATH = `${WIZARD_BASE}/reminder`;
const CANCEL_PATH = `${REMINDER_PATH}/cancel`;
const NO_STORE = { "Cache-Control": "no-store" };

type MailServices = Pick<Services, "db" | "env" | "secrets">;

/** The cancel link for one reminder: stable, so it works in both emails. */
export function cancelUrl(services: Pick<Services, "env" | "secrets">, id: number): string {
  return link(services.env, `${CANCEL_PATH}?t=${stableToken(services.secrets[0]!, CANCEL_PURPOSE, String(id))}`);
}

const monthYear = (iso: string) => new Intl.DateTimeFormat("en-AU", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(iso));

/** Stores the reminder and queues the "reminder set" email, both or neither. */
export function setRecheck(services: MailServices, r: { email: string; months: RecheckMonths }, now = new Date()): { id: number } {
  const { db, env } = services;
  return writeTransaction(db, () => {
    const { id, dueAt } = scheduleRecheck(db, r, now);
    const url = cancelUrl(services, id);
    queueEmail(db, env, { kind: "recheck.set", to: r.email.trim(), vars: { months: r.months, dueDate: monthYear(dueAt), cancelUrl: url }, oneClickUrl: url });
    return { id };
  });
}

/** The scheduled job: queues each reminder that is due, once (the outbox dedupe key and sent_at are set together). */
export function queueDueRechecks(services: MailServices, now: Date): number {
  const { db, env } = services;
  let queued = 0;
  for (const r of dueRechecks(db, now)) {
    writeTransaction(db, () => {
      // Cancelled or sent since it was read: nothing to do. (An address is always there until then.)
      if (!markRecheckSent(db, r.id, now) || !r.email) return;
      const url = cancelUrl(services, r.id);
      const { created } = queueEmail(db, env, {
        kind: "recheck.reminder",
        to: r.email,
        dedupeKey: `recheck:${r.id}`,
        vars: { months: r.months, checkUrl: link(env, WIZARD_BASE), cancelUrl: url },
        oneClickUrl: url,
      });
      if (created) queued++;
    });
  }
  return queued;
}

/** Copy for the form on the training outcome page. */
export function recheckFormCopy() {
  const c = followUpContent.recheck;
  return { ...c, cancel: undefined, errorSummaryTitle: wizardContent.common.errorSummaryTitle };
}
export type RecheckFormCopy = ReturnType<typeof recheckFormCopy>;

export interface RecheckActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

/** GET /eligibility/reminder: the form (shown again with errors, without JavaScript); ?set=N once it is set. */
export async function reminderLoader({ request, context }: LoaderFunctionArgs) {
  const c = recheckFormCopy();
  const set = new URL(request.url).searchParams.get("set");
  if (set === "3" || set === "6" || set === "12") {
    return { state: "set" as const, copy: c, title: c.setTitle, text: fill(c.setText, { months: set }), backHref: OUTCOME_PATH };
  }
  const output = (await finishedWizard(request, context))?.output;
  if (output?.outcome !== "training") return { state: "unavailable" as const, copy: c, title: c.heading, text: c.notAvailable, backHref: WIZARD_BASE };
  return { state: "form" as const, copy: c, title: c.heading, text: c.lead, backHref: OUTCOME_PATH };
}

/** POST /eligibility/reminder (from the training outcome page) */
export async function reminderAction({ request, context }: ActionFunctionArgs) {
  const raw = await readForm(request);
  const output = (await finishedWizard(request, context))?.output;
  if (output?.outcome !== "training") throw redirect(REMINDER_PATH, { status: 303, headers: NO_STORE });
  const parsed = recheckSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.website) throw data({ message: "That form could not be sent." }, { status: 400 });
    return data<RecheckActionData>({ errors, values: echo(raw, recheckSchema) }, { status: 400, headers: NO_STORE });
  }
  const months = Number(parsed.data.months) as RecheckMonths;
  setRecheck(context, { email: parsed.data.email, months });
  context.logger.info("recheck reminder set", { months });
  throw redirect(`${REMINDER_PATH}?set=${months}`, { status: 303, headers: NO_STORE });
}

const cancelCopy = () => followUpContent.recheck.cancel;

/** GET /eligibility/reminder/cancel?t=… shows a Cancel reminder button. */
export async function cancelLoader({ request, context }: LoaderFunctionArgs) {
  const t = new URL(request.url).searchParams.get("t");
  const c = cancelCopy();
  if (checkStableToken(context.secrets, t, CANCEL_PURPOSE) === null) return linkProblem("invalid", { next: c.invalidNext });
  return messagePage({
    tone: "ask",
    title: c.title,
    paragraphs: [c.text],
    form: { action: `${CANCEL_PATH}?t=${encodeURIComponent(t!)}`, button: c.button, fields: { "List-Unsubscribe": "One-Click" } },
  });
}

/** POST /eligibility/reminder/cancel?t=…: the button, or a mail client's one-click request. Safe to repeat; 200. */
export async function cancelAction({ request, context }: ActionFunctionArgs) {
  const subject = checkStableToken(context.secrets, await tokenFrom(request), CANCEL_PURPOSE);
  const c = cancelCopy();
  if (subject === null) return linkProblem("invalid", { next: c.invalidNext });
  const result = cancelRecheck(context.db, Number(subject));
  context.logger.info("recheck reminder cancel", { result });
  return messagePage({ tone: "done", title: c.doneTitle, paragraphs: [result === "sent" ? c.sentText : c.doneText] });
}
