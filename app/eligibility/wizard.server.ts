/**
 * The server owns the wizard. Each step is a GET page and a POST form:
 * the action restores the persisted snapshot, refuses events the machine
 * cannot take now, sends the event, saves the new snapshot and redirects
 * (post/redirect/get). Nothing here decides eligibility or where a person
 * goes: the statechart and machines/eligibility-pages.ts do (which page may
 * be shown, its Back link, reopening a finished wizard, the hand-over to a
 * join form); this module turns their answers into URLs and pages.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { Answers, Area, QuestionStep } from "../../machines/answers";
import { questionProgress, relevantSteps } from "../../machines/criteria";
import { isAnswered, type EligibilityOutput, type WizardStep } from "../../machines/eligibility";
import { answersOf, beforeAnswer, handOver, isPageStep, pageFor, whereNow } from "../../machines/eligibility-pages";
import { deleteWizardSession } from "../../db/queries/wizard-sessions";
import { wizardContent, fill } from "../content.server";
import { matchFacts } from "../groups/groups.server";
import { areaLabel } from "../../machines/places";
import { buildEvent, valuesFor } from "./events.server";
import { countFunnelStep } from "./funnel-count.server";
import { echo, field, readForm, type RawForm } from "../forms/form-data.server";
import { STEP_SCHEMAS } from "./schemas";
import { fieldErrors } from "../forms/fields";
import { loadWizardSession, nextSnapshot, persistWizard, type WizardSession, type WizardSnapshot } from "./session.server";
import { changePath, placePath, stepPath, WIZARD_BASE } from "./steps";

const NO_STORE = { "Cache-Control": "no-store" };

/** Where a snapshot's person should be now. */
export function currentPath(snapshot: WizardSnapshot): string {
  return placePath(whereNow(snapshot));
}

function redirectTo(path: string, setCookie?: string) {
  return redirect(path, { status: 303, headers: setCookie ? { "Set-Cookie": setCookie, ...NO_STORE } : NO_STORE });
}

/**
 * A GET for a page that does not apply now: show the right one in its place
 * (replacing the history entry, so Back never loops through redirects).
 */
function redirectInstead(path: string) {
  return redirect(path, { status: 303, headers: { ...NO_STORE, "X-Remix-Replace": "true" } });
}

export { areaLabel };

export interface CheckRow {
  step: QuestionStep;
  key: string;
  label: string;
  value: string[];
  changeHref: string;
}

function optionLabel(options: Record<string, { label: string }>, value: string | undefined): string {
  return value === undefined ? wizardContent.check.notAsked : (options[value]?.label ?? value);
}

/** The check-your-answers rows: only the questions that matter for the outcome. */
export function checkRows(answers: Answers, area: Area | null): CheckRow[] {
  const s = wizardContent.steps;
  const rows: CheckRow[] = [];
  for (const step of relevantSteps(answers)) {
    const changeHref = changePath(step);
    if (step === "experience" || step === "practice" || step === "supervision") {
      rows.push({ step, key: step, label: s[step].answerLabel, value: [optionLabel(s[step].options, answers[step])], changeHref });
    } else if (step === "hopes") {
      const hopes = answers.hopes ?? [];
      rows.push({
        step,
        key: "hopes",
        label: s.hopes.answerLabel,
        value: hopes.length ? hopes.map((h) => s.hopes.options[h].label) : [s.hopes.none],
        changeHref,
      });
    } else {
      const l = s.location;
      rows.push({ step, key: "country", label: l.answerLabels.country, value: [optionLabel(l.country.options, answers.country)], changeHref });
      const place = area ? areaLabel(area) : answers.place || wizardContent.check.notAsked;
      rows.push({ step, key: "place", label: l.answerLabels.place, value: [place], changeHref });
      rows.push({ step, key: "format", label: l.answerLabels.format, value: [optionLabel(l.format.options, answers.format)], changeHref });
      if (answers.distanceKm !== undefined) {
        rows.push({
          step,
          key: "distanceKm",
          label: l.answerLabels.distanceKm,
          value: [optionLabel(l.distanceKm.options, String(answers.distanceKm))],
          changeHref,
        });
      }
    }
  }
  return rows;
}

/** What every question page shows above its question: "Question 2 of 5", and a notice when an answer had to be asked again. */
interface QuestionHeader {
  progress: string | null;
  notice: string | null;
}

export type StepPageData =
  | ({ step: QuestionStep; values: RawForm; changing: boolean; backHref: string } & QuestionHeader)
  | ({ step: "place"; place: string; candidates: { id: string; label: string }[]; backHref: string } & QuestionHeader)
  | { step: "check"; rows: CheckRow[]; backHref: string };

function header(snapshot: WizardSnapshot | null, answers: Answers, step: QuestionStep, changing: boolean): QuestionHeader {
  const p = changing ? null : questionProgress(answers, step);
  const here = snapshot !== null && snapshot.status !== "done" && (snapshot.value === step || (step === "location" && snapshot.value === "place"));
  return {
    progress: p ? fill(wizardContent.common.progress, { number: p.number, total: p.total }) : null,
    notice: here && snapshot.context.notice === "answer_lost" ? wizardContent.common.answerLost : null,
  };
}

/** The form's values for a question: the answer given, or what was typed before an answer had to be asked again. */
function shownValues(snapshot: WizardSnapshot, answers: Answers, step: QuestionStep): RawForm {
  if (snapshot.status !== "done" && !isAnswered(snapshot.context, step)) {
    const carried = valuesFor(step, snapshot.context.carried ?? {});
    if (Object.keys(carried).length > 0 && !(step === "hopes" && snapshot.context.carried.hopes === undefined)) return carried;
  }
  return valuesFor(step, answers);
}

/** GET /eligibility/:step: the page the chart allows, or the one it says belongs in its place. */
export async function stepLoader({ request, params, context }: LoaderFunctionArgs): Promise<StepPageData> {
  const step = params.step;
  if (!isPageStep(step)) throw data(null, { status: 404 });
  const changing = new URL(request.url).searchParams.get("change") === "check";
  const snapshot = (await loadWizardSession(request, context))?.snapshot ?? null;
  const page = pageFor(snapshot, step, changing);
  if ("redirect" in page) throw redirectInstead(placePath(page.redirect));
  const backHref = placePath(page.back);
  const shown = page.show;
  if (!snapshot) return { step: "experience", values: {}, changing: false, backHref, ...header(null, {}, "experience", false) };
  const { answers, area } = answersOf(snapshot);
  if (shown === "check") return { step: shown, rows: checkRows(answers, area), backHref };
  if (shown === "place") {
    return {
      step: shown,
      place: answers.place ?? "",
      candidates: snapshot.context.candidates.map((c) => ({ id: c.id, label: areaLabel(c) })),
      backHref,
      ...header(snapshot, answers, "location", false),
    };
  }
  // A finished wizard shows a question being changed filled in with its answer as given.
  const values = snapshot.status === "done" ? valuesFor(shown, answers) : shownValues(snapshot, answers, shown);
  return { step: shown, values, changing: page.changing, backHref, ...header(snapshot, answers, shown, page.changing) };
}

export interface StepActionData {
  errors: Record<string, string>;
  values: RawForm;
}

function invalid(errors: Record<string, string>, raw: RawForm, step: keyof typeof STEP_SCHEMAS) {
  return data<StepActionData>({ errors, values: echo(raw, STEP_SCHEMAS[step]) }, { status: 400, headers: NO_STORE });
}

/** POST /eligibility/:step */
export async function stepAction({ request, params, context }: ActionFunctionArgs) {
  const step = params.step;
  if (!isPageStep(step)) throw data(null, { status: 404 });
  const raw = await readForm(request);
  const session = await loadWizardSession(request, context);

  if (step === "check") return confirmAnswers(session, context);

  const parsed = STEP_SCHEMAS[step].safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error), raw, step);
  const built = buildEvent(step, parsed.data, context.db);
  if ("errors" in built) return invalid(built.errors, raw, step);

  const before = beforeAnswer(session?.snapshot ?? null, step, field(raw, "returnTo") === "check");
  if ("redirect" in before) throw redirectTo(placePath(before.redirect));
  const next = nextSnapshot(before.snapshot, built.event);
  // Nothing was saved: send them to where their saved answers say they are.
  if (!next) throw redirectTo(session ? currentPath(session.snapshot) : WIZARD_BASE);
  const { setCookie } = await persistWizard(context, next, session?.id);
  // A session a group page's "Ask to join" made has no answers yet: its first answer is still the start.
  const counted = session && Object.keys(session.snapshot.context.answers).length > 0 ? session.snapshot : undefined;
  countFunnelStep(context.db, counted, next);
  context.logger.info("wizard step", { step, next: next.status === "done" ? "outcome" : String(next.value) });
  throw redirectTo(currentPath(next), setCookie);
}

async function confirmAnswers(session: WizardSession | undefined, context: ActionFunctionArgs["context"]) {
  if (!session) throw redirectTo(WIZARD_BASE);
  const { snapshot } = session;
  if (snapshot.status === "done" || !snapshot.matches("check")) throw redirectTo(currentPath(snapshot));
  const next = nextSnapshot(snapshot, { type: "confirm", facts: matchFacts(context.db, snapshot.context.area) });
  if (!next) throw redirectTo(currentPath(snapshot));
  const { setCookie } = await persistWizard(context, next, session.id);
  countFunnelStep(context.db, snapshot, next);
  const output = next.output as EligibilityOutput | undefined;
  context.logger.info("wizard outcome", { outcome: output?.outcome, reasons: output?.reasons });
  throw redirectTo(afterOutcome(next), setCookie);
}

/**
 * Where a finished wizard goes: its outcome, or, for someone who came from a
 * group's "Ask to join" and fits, that group's join page (its form when the
 * group suits their answers; otherwise why not, and the answer to change).
 */
export function afterOutcome(snapshot: WizardSnapshot): string {
  const group = handOver(snapshot);
  return group ? `${WIZARD_BASE}/join/${group.slug}` : currentPath(snapshot);
}

export { fill };

/** The copy a step page needs, and nothing more (it travels to the browser). */
export function stepCopy(step: WizardStep) {
  const { steps, check, common } = wizardContent;
  const copy =
    step === "check"
      ? { kind: "check" as const, ...check }
      : step === "place"
        ? { kind: "place" as const, ...steps.place }
        : step === "location"
          ? { kind: "location" as const, ...steps.location }
          : step === "hopes"
            ? { kind: "hopes" as const, ...steps.hopes }
            : { kind: "radios" as const, ...steps[step] };
  return { copy, common };
}

/** Deletes this visitor's wizard answers and sends them to the first question. */
export async function restartWizard(request: Request, context: ActionFunctionArgs["context"]) {
  const session = await loadWizardSession(request, context);
  if (session) deleteWizardSession(context.db, session.id);
  return redirectTo(stepPath("experience"));
}
