/**
 * The server owns the wizard. Each step is a GET page and a POST form:
 * the action restores the persisted snapshot, refuses events the machine
 * cannot take now, sends the event, saves the new snapshot and redirects
 * (post/redirect/get). Nothing here decides eligibility: the statechart does.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { Answers, Area, QuestionStep } from "../../machines/answers";
import { QUESTION_STEPS } from "../../machines/answers";
import { questionProgress, relevantSteps } from "../../machines/criteria";
import { fits } from "../../machines/matching";
import { isAnswered, type EligibilityOutput, type WizardStep } from "../../machines/eligibility";
import { deleteWizardSession } from "../../db/queries/wizard-sessions";
import { wizardContent, fill } from "../content.server";
import { matchFacts } from "../groups/groups.server";
import { areaLabel } from "../../machines/places";
import { buildEvent, valuesFor } from "./events.server";
import { countFunnelStep } from "../staff/funnel-count.server";
import { echo, field, readForm, type RawForm } from "./form-data.server";
import { fieldErrors, STEP_SCHEMAS } from "./schemas";
import { loadWizardSession, nextSnapshot, persistWizard, startSnapshot, type WizardSession, type WizardSnapshot } from "./session.server";
import { changePath, isPageStep, isQuestionStep, OUTCOME_PATH, stepPath, WIZARD_BASE } from "./steps";

const NO_STORE = { "Cache-Control": "no-store" };

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

/** GET /eligibility/:step */
export async function stepLoader({ request, params, context }: LoaderFunctionArgs): Promise<StepPageData> {
  const step = params.step;
  if (!isPageStep(step)) throw data(null, { status: 404 });
  const changing = new URL(request.url).searchParams.get("change") === "check";
  const session = await loadWizardSession(request, context);

  if (!session) {
    if (step === "experience") return { step, values: {}, changing: false, backHref: WIZARD_BASE, ...header(null, {}, step, false) };
    throw redirectInstead(WIZARD_BASE);
  }
  const { snapshot } = session;
  const { answers, area } = answersOf(snapshot);

  if (snapshot.status === "done") {
    // Changing an answer after seeing the outcome: show that question, filled in.
    if (changing && isQuestionStep(step) && relevantSteps(answers).includes(step)) {
      return { step, values: valuesFor(step, answers), changing: true, backHref: OUTCOME_PATH, ...header(snapshot, answers, step, true) };
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
        ...header(snapshot, answers, "location", false),
      };
    }
    if (step === "check") return { step, rows: checkRows(answers, area), backHref: previousStep("check", answers) };
    const changingHere = changing && current === "check";
    return {
      step,
      values: shownValues(snapshot, answers, step),
      changing: changingHere,
      backHref: changingHere ? stepPath("check") : previousStep(step, answers),
      ...header(snapshot, answers, step, changingHere),
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

  const changing = field(raw, "returnTo") === "check";
  let snapshot: WizardSnapshot;
  if (!session) {
    if (step !== "experience") throw redirectTo(WIZARD_BASE);
    snapshot = startSnapshot();
  } else if (session.snapshot.status === "done") {
    // A finished wizard is changed by resuming from its answers at the check page.
    if (!changing || !isQuestionStep(step)) throw redirectTo(OUTCOME_PATH);
    const { answers, area } = answersOf(session.snapshot);
    snapshot = startSnapshot({ answers, area, joinGroup: session.snapshot.context.joinGroup });
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
  // A session a group page's "Ask to join" made has no answers yet: its first answer is still the start.
  const before = session && Object.keys(session.snapshot.context.answers).length > 0 ? session.snapshot : undefined;
  countFunnelStep(context.db, before, next);
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
  const output = snapshot.output as EligibilityOutput | undefined;
  const chosen = snapshot.context.joinGroup;
  if (snapshot.status === "done" && output && chosen && fits(output.reasons)) return `${WIZARD_BASE}/join/${chosen.slug}`;
  return currentPath(snapshot);
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
