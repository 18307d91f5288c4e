/** Asking to join a matched group: a short, consented summary stored for the convenor. */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { type DB, writeTransaction } from "../../db/client";
import { appendAudit } from "../../db/queries/audit";
import { createJoinRequest, findJoinRequest } from "../../db/queries/join-requests";
import type { GroupWithDistance } from "../../db/queries/groups";
import type { EligibilityOutput } from "../../machines/eligibility";
import { fill, wizardContent } from "../content.server";
import { toGroupCard, zoneForArea } from "../groups.server";
import { echo, readForm } from "../wizard/form-data.server";
import { finishedWizard, offeredGroups } from "../wizard/outcome.server";
import { fieldErrors } from "../wizard/schemas";
import { OUTCOME_PATH, WIZARD_BASE } from "../wizard/steps";
import { queueJoinRequestEmails } from "./join-emails.server";
import { joinSchema } from "./schema";

function findOffered(db: DB, output: EligibilityOutput, slug: string | undefined): GroupWithDistance | undefined {
  const { nearby, online } = offeredGroups(db, output);
  return [...nearby, ...online].find((g) => g.slug === slug);
}

async function joinContext(args: LoaderFunctionArgs) {
  const done = await finishedWizard(args.request, args.context);
  // Nobody asks to join before checking that PWCOP fits them.
  if (!done) throw redirect(WIZARD_BASE, { status: 303 });
  const group = findOffered(args.context.db, done.output, args.params.slug);
  if (!group) {
    throw data({ message: wizardContent.join.notAvailable }, { status: 404 });
  }
  return { ...done, group };
}

export function joinCopy() {
  const { join, common, steps } = wizardContent;
  return { ...join, hopeOptions: steps.hopes.options, errorSummaryTitle: common.errorSummaryTitle };
}

export async function joinLoader(args: LoaderFunctionArgs) {
  const { output, group } = await joinContext(args);
  const copy = joinCopy();
  const vars = { group: group.name, convenor: group.convenorFirstName };
  return {
    copy,
    title: fill(copy.title, vars),
    lead: fill(group.status === "full" ? copy.fullLead : copy.lead, vars),
    group: toGroupCard(group, zoneForArea(output.area)),
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
  const { sessionId, output, group } = await joinContext(args);
  const parsed = joinSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.website) throw data({ message: "That form could not be sent." }, { status: 400 });
    return data<JoinActionData>({ errors, values: echo(raw) }, { status: 400 });
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

export async function joinSentLoader(args: LoaderFunctionArgs) {
  const { sessionId, group } = await joinContext(args);
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
  };
}
