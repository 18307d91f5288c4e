/** Asking to join a matched group: a short, consented summary stored for the convenor. */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { writeTransaction } from "../../db/client";
import { appendAudit } from "../../db/queries/audit";
import { createJoinRequest, findJoinRequest } from "../../db/queries/join-requests";
import { fill, wizardContent } from "../content.server";
import { toGroupCard, zoneForArea } from "../groups/groups.server";
import { echo, field, readForm } from "../forms/form-data.server";
import { finishedWizard } from "../eligibility/outcome.server";
import { fieldErrors } from "../forms/fields";
import { OUTCOME_PATH, WIZARD_BASE } from "../eligibility/steps";
import { contactContent } from "../contact/content.server";
import { withdrawPath } from "../withdraw/links.server";
import { queueJoinRequestEmails } from "./join-emails.server";
import { JOIN_INTENTS, joinableGroup, joinIntentAction, joinPageData, joinState, type JoinIntent } from "./join-state.server";
import { joinSchema } from "./schema";

/** The join form's group: only one the person's decided answers list (machines/matching.ts records them). */
async function joinContext(args: LoaderFunctionArgs) {
  const done = await finishedWizard(args.request, args.context);
  // Nobody asks to join before checking that PWCOP fits them.
  if (!done) throw redirect(WIZARD_BASE, { status: 303 });
  const state = await joinState(args);
  return state.kind === "form" ? { sessionId: state.sessionId, output: state.output, group: state.group } : null;
}

export function joinCopy() {
  const { join, common, steps } = wizardContent;
  return { ...join, hopeOptions: steps.hopes.options, errorSummaryTitle: common.errorSummaryTitle, errorTitlePrefix: common.errorTitlePrefix };
}

export async function joinLoader(args: LoaderFunctionArgs) {
  const state = await joinState(args);
  const copy = joinCopy();
  if (state.kind !== "form") return { kind: "other" as const, copy, page: joinPageData(state), backHref: `/groups/${state.group.slug}` };
  const { output, group } = state;
  const vars = { group: group.name, convenor: group.convenorFirstName };
  return {
    kind: "form" as const,
    copy,
    title: fill(copy.title, vars),
    lead: fill(group.status === "full" ? copy.fullLead : copy.lead, vars),
    group: { ...toGroupCard(group, zoneForArea(output.area)), href: `/groups/${group.slug}` },
    hopes: output.answers.hopes ?? [],
    backHref: OUTCOME_PATH,
  };
}

export interface JoinActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

export async function joinAction(args: ActionFunctionArgs) {
  const raw = await readForm(args.request);
  // The buttons of a join page that is not (yet) the form: start the questions for this group, check again, change one answer.
  const intent = field(raw, "intent") ?? "";
  if ((JOIN_INTENTS as readonly string[]).includes(intent)) return joinIntentAction(args, intent as JoinIntent);
  const joining = await joinContext(args);
  // Not (or no longer) a group their answers list: the page again, saying why and what would change it.
  if (!joining) return data<JoinActionData>({ errors: {}, values: {} }, { status: 409 });
  const { sessionId, output, group } = joining;
  const parsed = joinSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.website) throw data({ message: "That form could not be sent." }, { status: 400 });
    return data<JoinActionData>({ errors, values: echo(raw, joinSchema) }, { status: 400 });
  }
  const v = parsed.data;
  const { db } = args.context;
  // The request and both emails are stored together or not at all; sending it
  // again (double click, Back and resend) stores nothing new and queues no email.
  const { created } = writeTransaction(db, () => {
    const result = createJoinRequest(db, {
      groupId: group.id,
      wizardSessionId: sessionId,
      name: v.name,
      email: v.email,
      note: v.note ?? "",
      hopes: v.hopes,
      answers: output.answers,
      outcome: output.outcome,
      reasons: output.reasons,
      ruleVersion: output.ruleVersion,
      distanceKm: group.distanceKm === null ? null : Math.round(group.distanceKm * 10) / 10,
    });
    if (result.created) {
      const id = findJoinRequest(db, sessionId, group.id)!.id;
      appendAudit(db, { actorUserId: null, actor: "applicant", action: "request.received", subjectType: "join_request", subjectId: id, groupId: group.id });
      const emails = queueJoinRequestEmails(args.context, id);
      if (emails.convenor.created) appendAudit(db, { actorUserId: null, actor: "system", action: "email.convenor", subjectType: "join_request", subjectId: id, groupId: group.id, detail: { kind: "join.convenor" } });
      if (emails.receipt.created) appendAudit(db, { actorUserId: null, actor: "system", action: "email.applicant", subjectType: "join_request", subjectId: id, groupId: group.id, detail: { kind: "join.receipt" } });
    }
    return result;
  });
  args.context.logger.info("join request", { group: group.slug, created });
  throw redirect(`/eligibility/join/${group.slug}/sent`, { status: 303 });
}

/** The sent page stays for a request made, even after the answers are decided again. */
async function sentContext(args: LoaderFunctionArgs) {
  const done = await finishedWizard(args.request, args.context);
  if (!done) throw redirect(WIZARD_BASE, { status: 303 });
  return { sessionId: done.sessionId, group: joinableGroup(args.context.db, args.params.slug) };
}

export async function joinSentLoader(args: LoaderFunctionArgs) {
  const { sessionId, group } = await sentContext(args);
  const request = findJoinRequest(args.context.db, sessionId, group.id);
  if (!request) throw redirect(`/eligibility/join/${group.slug}`, { status: 303 });
  const { joinSent } = wizardContent;
  const vars = { group: group.name, convenor: group.convenorFirstName };
  return {
    title: joinSent.title,
    panel: fill(joinSent.panel, vars),
    nextHeading: joinSent.nextHeading,
    next: joinSent.next.map((t) => fill(t, vars)),
    waitingList: group.status === "full" ? fill(joinSent.waitingList, vars) : null,
    privacy: joinSent.privacy,
    back: joinSent.backToGroups,
    reference: request.publicId,
    // A fresh single-use link each time the page is shown (only this browser's wizard session sees it).
    withdraw: { href: withdrawPath(args.context, request.id), text: contactContent.withdraw.sentPageLink },
  };
}
