import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { Interest } from "../../db/queries/newsletter";
import type { EligibilityOutput } from "../../machines/eligibility";
import { knowsWhere, offersWaitingList, waitingAreaFor } from "../../machines/matching";
import { areaLabel } from "../../machines/places";
import { fill, wizardContent } from "../content.server";
import { followUpContent } from "../follow-up-content.server";
import { echo, readForm } from "../forms/form-data.server";
import { finishedWizard } from "../eligibility/outcome.server";
import { fieldErrors } from "../forms/fields";
import { newsletterSchema } from "./schema";
import { requestSignup } from "./subscription.server";

export function newsletterFormCopy() {
  const { newsletter, common } = wizardContent;
  return { ...newsletter, errorSummaryTitle: common.errorSummaryTitle, errorTitlePrefix: common.errorTitlePrefix };
}
export type NewsletterFormCopy = ReturnType<typeof newsletterFormCopy>;

/**
 * For people who fit PWCOP but have no group where they want one: what
 * choosing "New groups near me" does. It puts them on the waiting list for
 * their area (the point they gave, their distance, online if they accept it).
 */
export function waitingListNote(output: EligibilityOutput | undefined): string | null {
  if (!output || !offersWaitingList(output.reasons)) return null;
  const { answers, area } = output;
  const where = waitingAreaFor(answers, area);
  const c = followUpContent.newsletter.waitingList;
  const vars = { distance: `${where.distanceKm ?? ""} km`, place: area ? areaLabel(area) : "" };
  if (where.distanceKm !== null) return fill(where.acceptsOnline ? c.inPersonOrOnline : c.inPerson, vars);
  return where.acceptsOnline ? c.online : null;
}

/** The waiting-list note for this visitor's finished wizard, if it applies (the newsletter outcome page). */
export async function waitingListNoteFor({ request, context }: LoaderFunctionArgs): Promise<string | null> {
  return waitingListNote((await finishedWizard(request, context))?.output);
}

export async function newsletterLoader({ request, context }: LoaderFunctionArgs) {
  const done = await finishedWizard(request, context);
  const output = done?.output;
  const areaText = output?.area ? areaLabel(output.area) : output?.answers.country === "other" && output.answers.place ? output.answers.place : null;
  const wantsGroups = output ? offersWaitingList(output.reasons) : false;
  return { copy: newsletterFormCopy(), areaText, waitingText: waitingListNote(output), defaultInterests: (wantsGroups ? ["new_groups"] : []) as Interest[] };
}

export interface NewsletterActionData {
  errors: Record<string, string>;
  values: Record<string, string | string[]>;
}

export async function newsletterAction({ request, context }: ActionFunctionArgs) {
  const raw = await readForm(request);
  const parsed = newsletterSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    if (errors.website) throw data({ message: "That form could not be sent." }, { status: 400 });
    return data<NewsletterActionData>({ errors, values: echo(raw, newsletterSchema) }, { status: 400 });
  }
  // The area comes from the person's own wizard answers on the server, never from the form.
  const output = (await finishedWizard(request, context))?.output;
  const a = output?.answers;
  // "New groups near me" with no place at all would be a promise we cannot keep.
  if (parsed.data.interests.includes("new_groups") && !knowsWhere(a, output?.area)) {
    return data<NewsletterActionData>({ errors: { interests: "no_place" }, values: echo(raw, newsletterSchema) }, { status: 400 });
  }
  const where = a ? waitingAreaFor(a, output?.area ?? null) : null;
  // Stored unconfirmed; the confirmation email is queued in the same transaction.
  requestSignup(context, {
    email: parsed.data.email,
    interests: parsed.data.interests,
    country: a?.country ?? null,
    place: output?.area ? areaLabel(output.area) : (a?.place ?? null),
    areaId: output?.area?.id ?? null,
    lat: where?.lat ?? null,
    lon: where?.lon ?? null,
    distanceKm: where?.distanceKm ?? null,
    acceptsOnline: where?.acceptsOnline ?? null,
    outcome: output?.outcome ?? null,
    reasons: output?.reasons ?? null,
    ruleVersion: output?.ruleVersion ?? null,
  });
  context.logger.info("newsletter signup requested", { withArea: Boolean(output?.area) });
  throw redirect("/newsletter/thanks", { status: 303 });
}
