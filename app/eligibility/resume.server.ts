/**
 * Save and come back: from any step, "Email me a link to continue" emails a
 * signed, single-use link that expires after RESUME_DAYS. The token holds a
 * copy of the wizard's persisted snapshot; the email address is used only to
 * queue that one email and is not stored anywhere else (the outbox keeps the
 * message, as it does for every email).
 *
 * The link opens a page with a Continue button (mail scanners open links).
 * Pressing it, on any device and with no cookie, saves the copy as a new
 * wizard session, points the wizard cookie at it and redirects to the step
 * the answers had reached.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { type DB, writeTransaction } from "../../db/client";
import { checkToken, clearSpentPayloads, consumeToken, issueToken } from "../../db/queries/tokens";
import { newWizardSessionId, readWizardSnapshot, saveWizardSnapshot } from "../../db/queries/wizard-sessions";
import type { Services } from "../context";
import { fill, wizardContent } from "../content.server";
import { link, queueEmail } from "../email/outbox.server";
import { linkProblem, messagePage, tokenFrom } from "../email/link-pages.server";
import { followUpContent } from "../follow-up-content.server";
import { echo, readForm } from "../forms/form-data.server";
import { fieldErrors } from "../forms/fields";
import { saveLinkSchema } from "./save-schema";
import { loadWizardSession, persistWizard, readWizardSessionId, restoreSnapshot, type WizardSnapshot } from "./session.server";
import { WIZARD_BASE } from "./steps";
import { currentPath } from "./wizard.server";
import { DAY_MS } from "../utils/duration";

export const RESUME_PURPOSE = "wizard-resume";
export const RESUME_DAYS = 7;
export const SAVE_PATH = `${WIZARD_BASE}/save`;
const RESUME_PATH = `${WIZARD_BASE}/resume`;
const NO_STORE = { "Cache-Control": "no-store" };

/** The "Email me a link to continue" link, for a visitor who has answers to save. */
export async function saveLinkFor(request: Request, services: Services): Promise<{ href: string; text: string } | null> {
  return (await readWizardSessionId(request, services)) ? { href: SAVE_PATH, text: followUpContent.saveForLater.link } : null;
}

/** Queues the email with a link to a copy of these answers. The address goes into the outbox message only. */
export function emailResumeLink(services: Pick<Services, "db" | "env" | "secrets">, snapshot: unknown, to: string, now = new Date()): void {
  const { db, env, secrets } = services;
  writeTransaction(db, () => {
    const token = issueToken(db, secrets[0]!, { purpose: RESUME_PURPOSE, subject: "wizard", payload: { snapshot }, ttlMs: RESUME_DAYS * DAY_MS, now });
    queueEmail(db, env, { kind: "wizard.resume", to, vars: { resumeUrl: link(env, `${RESUME_PATH}?t=${token}`), days: RESUME_DAYS } });
  });
}

/** The scheduled job: used or expired links give up their copy of the answers. */
export function forgetSpentResumeLinks(db: DB, now: Date): number {
  return clearSpentPayloads(db, RESUME_PURPOSE, now);
}

class Rollback extends Error {}

/** Uses the link up and saves its answers as a new wizard session, both or neither. */
export function resumeFromToken(db: DB, secrets: string[], token: string | null, now = new Date()):
  | { ok: true; sessionId: string; snapshot: WizardSnapshot }
  | { ok: false; reason: "invalid" | "used" | "expired" } {
  const check = checkToken(db, secrets, token, RESUME_PURPOSE, now);
  if (!check.ok) return check;
  const persisted = check.token.payload.snapshot;
  const snapshot = restoreSnapshot(persisted, db);
  if (!snapshot) return { ok: false, reason: "invalid" };
  const sessionId = newWizardSessionId();
  try {
    writeTransaction(db, () => {
      if (!consumeToken(db, check.token.id, now)) throw new Rollback();
      saveWizardSnapshot(db, sessionId, persisted);
    });
  } catch (error) {
    if (error instanceof Rollback) return { ok: false, reason: "used" };
    throw error;
  }
  return { ok: true, sessionId, snapshot };
}

const copy = () => followUpContent.saveForLater;

export interface SaveActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

/** GET /eligibility/save: the form; ?sent=1 once the email is on its way. */
export async function saveLoader({ request, context }: LoaderFunctionArgs) {
  const session = await loadWizardSession(request, context);
  if (!session) throw redirect(WIZARD_BASE, { status: 303, headers: NO_STORE });
  const c = copy();
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  return {
    copy: { ...c, validity: fill(c.validity, { days: RESUME_DAYS }), sentText: fill(c.sentText, { days: RESUME_DAYS }) },
    errorSummaryTitle: wizardContent.common.errorSummaryTitle,
    errorTitlePrefix: wizardContent.common.errorTitlePrefix,
    sent,
    backHref: currentPath(session.snapshot),
  };
}

/** POST /eligibility/save */
export async function saveAction({ request, context }: ActionFunctionArgs) {
  const raw = await readForm(request);
  const session = await loadWizardSession(request, context);
  if (!session) throw redirect(WIZARD_BASE, { status: 303, headers: NO_STORE });
  const parsed = saveLinkSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.website) throw data({ message: "That form could not be sent." }, { status: 400 });
    return data<SaveActionData>({ errors, values: echo(raw, saveLinkSchema) }, { status: 400, headers: NO_STORE });
  }
  emailResumeLink(context, readWizardSnapshot(context.db, session.id), parsed.data.email);
  context.logger.info("wizard link to continue queued");
  throw redirect(`${SAVE_PATH}?sent=1`, { status: 303, headers: NO_STORE });
}

function resumeProblem(reason: "invalid" | "used" | "expired") {
  const c = copy();
  return linkProblem(reason, { days: RESUME_DAYS, next: c.resumeNext, links: [{ href: WIZARD_BASE, text: c.startAgain }] });
}

/** GET /eligibility/resume?t=… shows a Continue button. */
export async function resumeLoader({ request, context }: LoaderFunctionArgs) {
  const t = new URL(request.url).searchParams.get("t");
  const check = checkToken(context.db, context.secrets, t, RESUME_PURPOSE);
  if (!check.ok) return resumeProblem(check.reason);
  const c = copy();
  return messagePage({ tone: "ask", title: c.resumeTitle, paragraphs: [c.resumeText], form: { action: RESUME_PATH, button: c.resumeButton, fields: { t: t! } } });
}

/** POST /eligibility/resume: this browser gets its own copy of the answers. */
export async function resumeAction({ request, context }: ActionFunctionArgs) {
  const result = resumeFromToken(context.db, context.secrets, await tokenFrom(request));
  if (!result.ok) return resumeProblem(result.reason);
  const { setCookie } = await persistWizard(context, result.snapshot, result.sessionId);
  context.logger.info("wizard resumed from emailed link");
  throw redirect(currentPath(result.snapshot), { status: 303, headers: { "Set-Cookie": setCookie, ...NO_STORE } });
}
