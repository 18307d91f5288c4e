/**
 * The server owns the wizard. Each step is a GET page and a POST form:
 * the action restores the persisted snapshot, refuses events the machine
 * cannot take now, sends the event, saves the new snapshot and redirects
 * (post/redirect/get). Nothing here decides eligibility: the statechart does.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { Answers, Area, QuestionStep } from "../../machines/answers";
import { QUESTION_STEPS } from "../../machines/answers";
import { relevantSteps } from "../../machines/criteria";
import { isAnswered, type EligibilityEvent, type EligibilityOutput, type WizardStep } from "../../machines/eligibility";
import { findPlaces } from "../../db/gazetteer";
import { deleteWizardSession } from "../../db/queries/wizard-sessions";
import { wizardContent, fill } from "../content.server";
import { countMatches } from "../groups.server";
import { countFunnelStep } from "../staff/funnel-count.server";
import { echo, field, readForm, type RawForm } from "./form-data.server";
import { fieldErrors, STEP_SCHEMAS, type StepValues } from "./schemas";
import { loadWizardSession, nextSnapshot, persistWizard, startSnapshot, type WizardSession, type WizardSnapshot } from "./session.server";
import { changePath, isPageStep, isQuestionStep, OUTCOME_PATH, stepPath, WIZARD_BASE } from "./steps";

const NO_STORE = { "Cache-Control": "no-store" };
const MAX_CANDIDATES = 20;

/** Where a snapshot's person should be now. */
export function currentPath(snapshot: WizardSnapshot): string {
  if (snapshot.status === "done") return OUTCOME_PATH;
  const value = snapshot.value as WizardStep;
  return stepPath(value);
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

/** Answers and area a page should show: the live context, or a finished wizard's output. */
function answersOf(snapshot: WizardSnapshot): { answers: Answers; area: Area | null } {
  if (snapshot.status === "done" && snapshot.output) return { answers: snapshot.output.answers, area: snapshot.output.area };
  return { answers: snapshot.context.answers, area: snapshot.context.area };
}

function previousStep(step: WizardStep, answers: Answers): string {
  if (step === "place") return stepPath("location");
  const steps = relevantSteps(answers);
  if (step === "check") return stepPath(steps[steps.length - 1] ?? "experience");
  const i = QUESTION_STEPS.indexOf(step);
  return i <= 0 ? WIZARD_BASE : stepPath(QUESTION_STEPS[i - 1]!);
}

/** Form values as the page's fields expect them (strings; arrays for checkboxes). */
function valuesFor(step: QuestionStep, a: Answers): RawForm {
  switch (step) {
    case "experience":
      return a.experience ? { experience: a.experience } : {};
    case "practice":
      return a.practice ? { practice: a.practice } : {};
    case "supervision":
      return a.supervision ? { supervision: a.supervision } : {};
    case "hopes":
      return { hopes: a.hopes ?? [] };
    case "location": {
      const v: RawForm = {};
      if (a.country) v.country = a.country;
      if (a.place !== undefined) v.place = a.place;
      if (a.format) v.format = a.format;
      if (a.distanceKm !== undefined) v.distanceKm = String(a.distanceKm);
      return v;
    }
  }
}

export function areaLabel(area: Pick<Area, "name" | "region" | "postcode">): string {
  return [area.name, [area.region, area.postcode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
}

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

export type StepPageData =
  | { step: QuestionStep; values: RawForm; changing: boolean; backHref: string }
  | { step: "place"; place: string; candidates: { id: string; label: string }[]; backHref: string }
  | { step: "check"; rows: CheckRow[]; backHref: string };

/** GET /eligibility/:step */
export async function stepLoader({ request, params, context }: LoaderFunctionArgs): Promise<StepPageData> {
  const step = params.step;
  if (!isPageStep(step)) throw data(null, { status: 404 });
  const changing = new URL(request.url).searchParams.get("change") === "check";
  const session = await loadWizardSession(request, context);

  if (!session) {
    if (step === "experience") return { step, values: {}, changing: false, backHref: WIZARD_BASE };
    throw redirectInstead(WIZARD_BASE);
  }
  const { snapshot } = session;
  const { answers, area } = answersOf(snapshot);

  if (snapshot.status === "done") {
    // Changing an answer after seeing the outcome: show that question, filled in.
    if (changing && isQuestionStep(step) && relevantSteps(answers).includes(step)) {
      return { step, values: valuesFor(step, answers), changing: true, backHref: OUTCOME_PATH };
    }
    throw redirectInstead(OUTCOME_PATH);
  }

  const current = snapshot.value as WizardStep;
  if (step === current || (isQuestionStep(step) && isAnswered(snapshot.context, step) && relevantSteps(answers).includes(step))) {
    if (step === "place") {
      return {
        step,
        place: answers.place ?? "",
        candidates: snapshot.context.candidates.map((c) => ({ id: c.id, label: areaLabel(c) })),
        backHref: stepPath("location"),
      };
    }
    if (step === "check") return { step, rows: checkRows(answers, area), backHref: previousStep("check", answers) };
    return {
      step,
      values: valuesFor(step, answers),
      changing: changing && current === "check",
      backHref: changing && current === "check" ? stepPath("check") : previousStep(step, answers),
    };
  }
  // The place choice belongs to the location question: once made, Back lands on that question.
  if (step === "place" && isAnswered(snapshot.context, "location")) throw redirectInstead(stepPath("location"));
  throw redirectInstead(currentPath(snapshot));
}

export interface StepActionData {
  errors: Record<string, string>;
  values: RawForm;
}

function invalid(errors: Record<string, string>, raw: RawForm) {
  return data<StepActionData>({ errors, values: echo(raw) }, { status: 400, headers: NO_STORE });
}

type Built = { event: EligibilityEvent } | { errors: Record<string, string> };

function buildEvent(step: Exclude<WizardStep, "check">, v: StepValues<typeof step>, context: LoaderFunctionArgs["context"]): Built {
  switch (step) {
    case "experience":
      return { event: { type: "answer.experience", experience: (v as StepValues<"experience">).experience } };
    case "practice":
      return { event: { type: "answer.practice", practice: (v as StepValues<"practice">).practice } };
    case "supervision":
      return { event: { type: "answer.supervision", supervision: (v as StepValues<"supervision">).supervision } };
    case "hopes":
      return { event: { type: "answer.hopes", hopes: (v as StepValues<"hopes">).hopes } };
    case "place":
      return { event: { type: "answer.place", areaId: (v as StepValues<"place">).areaId } };
    case "location": {
      const l = v as StepValues<"location">;
      const distanceKm = l.distanceKm === undefined ? undefined : (Number(l.distanceKm) as 10 | 25 | 50 | 100);
      if (l.country === "other") {
        return { event: { type: "answer.location", country: "other", place: l.place, format: l.format, candidates: [] } };
      }
      const candidates = findPlaces(context.db, l.country, l.place, MAX_CANDIDATES);
      if (candidates.length === 0) return { errors: { place: "unknown" } };
      return {
        event: { type: "answer.location", country: l.country, place: l.place, format: l.format, distanceKm, candidates },
      };
    }
  }
}

/** POST /eligibility/:step */
export async function stepAction({ request, params, context }: ActionFunctionArgs) {
  const step = params.step;
  if (!isPageStep(step)) throw data(null, { status: 404 });
  const raw = await readForm(request);
  const session = await loadWizardSession(request, context);

  if (step === "check") return confirmAnswers(session, context);

  const parsed = STEP_SCHEMAS[step].safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error), raw);
  const built = buildEvent(step, parsed.data, context);
  if ("errors" in built) return invalid(built.errors, raw);

  const changing = field(raw, "returnTo") === "check";
  let snapshot: WizardSnapshot;
  if (!session) {
    if (step !== "experience") throw redirectTo(WIZARD_BASE);
    snapshot = startSnapshot();
  } else if (session.snapshot.status === "done") {
    // A finished wizard is changed by resuming from its answers at the check page.
    if (!changing || !isQuestionStep(step)) throw redirectTo(OUTCOME_PATH);
    const { answers, area } = answersOf(session.snapshot);
    snapshot = startSnapshot({ answers, area });
  } else {
    snapshot = session.snapshot;
  }

  if (changing && isQuestionStep(step) && snapshot.matches("check")) {
    snapshot = nextSnapshot(snapshot, { type: "change", step }) ?? snapshot;
  }

  const next = nextSnapshot(snapshot, built.event);
  // Nothing was saved: send them to where their saved answers say they are.
  if (!next) throw redirectTo(session ? currentPath(session.snapshot) : WIZARD_BASE);
  const { setCookie } = await persistWizard(context, next, session?.id);
  countFunnelStep(context.db, session?.snapshot, next);
  context.logger.info("wizard step", { step, next: next.status === "done" ? "outcome" : String(next.value) });
  throw redirectTo(currentPath(next), setCookie);
}

async function confirmAnswers(session: WizardSession | undefined, context: ActionFunctionArgs["context"]) {
  if (!session) throw redirectTo(WIZARD_BASE);
  const { snapshot } = session;
  if (snapshot.status === "done" || !snapshot.matches("check")) throw redirectTo(currentPath(snapshot));
  const matches = countMatches(context.db, snapshot.context.answers, snapshot.context.area);
  const next = nextSnapshot(snapshot, { type: "confirm", matches });
  if (!next) throw redirectTo(currentPath(snapshot));
  const { setCookie } = await persistWizard(context, next, session.id);
  countFunnelStep(context.db, snapshot, next);
  const output = next.output as EligibilityOutput | undefined;
  context.logger.info("wizard outcome", { outcome: output?.outcome, reasons: output?.reasons });
  throw redirectTo(currentPath(next), setCookie);
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
