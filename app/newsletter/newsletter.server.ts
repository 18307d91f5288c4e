import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { upsertNewsletterSignup, type Interest } from "../../db/queries/newsletter";
import { wizardContent } from "../content.server";
import { echo, readForm } from "../wizard/form-data.server";
import { finishedWizard } from "../wizard/outcome.server";
import { fieldErrors } from "../wizard/schemas";
import { areaLabel } from "../wizard/wizard.server";
import { newsletterSchema } from "./schema";

export function newsletterFormCopy() {
  const { newsletter, common } = wizardContent;
  return { ...newsletter, errorSummaryTitle: common.errorSummaryTitle };
}
export type NewsletterFormCopy = ReturnType<typeof newsletterFormCopy>;

export async function newsletterLoader({ request, context }: LoaderFunctionArgs) {
  const done = await finishedWizard(request, context);
  const output = done?.output;
  const areaText = output?.area ? areaLabel(output.area) : output?.answers.country === "other" && output.answers.place ? output.answers.place : null;
  const wantsGroups = output?.reasons.some((r) => r === "no_group_nearby" || r === "outside_region");
  return { copy: newsletterFormCopy(), areaText, defaultInterests: (wantsGroups ? ["new_groups"] : []) as Interest[] };
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
    return data<NewsletterActionData>({ errors, values: echo(raw) }, { status: 400 });
  }
  // The area comes from the person's own wizard answers on the server, never from the form.
  const output = (await finishedWizard(request, context))?.output;
  const a = output?.answers;
  upsertNewsletterSignup(context.db, {
    email: parsed.data.email,
    interests: parsed.data.interests,
    country: a?.country ?? null,
    place: output?.area ? areaLabel(output.area) : (a?.place ?? null),
    areaId: output?.area?.id ?? null,
    lat: output?.area?.lat ?? null,
    lon: output?.area?.lon ?? null,
    distanceKm: a?.distanceKm ?? null,
    acceptsOnline: a?.format === "online" || a?.format === "either",
    outcome: output?.outcome ?? null,
    reasons: output?.reasons ?? null,
    ruleVersion: output?.ruleVersion ?? null,
  });
  context.logger.info("newsletter signup", { withArea: Boolean(output?.area) });
  throw redirect("/newsletter/thanks", { status: 303 });
}
