/**
 * The wizard's pages as the eligibility chart sees them. Pure: the server
 * asks these questions of a snapshot and only turns the answers into URLs
 * and pages (app/eligibility/wizard.server.ts).
 *
 * - where a person is now (`whereNow`);
 * - whether a page may be shown, and where its Back link leads, from the
 *   `meta.back` of the chart's states (`pageFor`);
 * - the snapshot an answer is sent to (`beforeAnswer`): a new wizard, a
 *   finished one reopened at check to change one answer, or check turned
 *   into a change of that answer;
 * - where a finished wizard hands over (`handOver`): the join form of the
 *   group the person came from, when they fit.
 */
import type { Answers, Area, QuestionStep } from "./answers";
import { QUESTION_STEPS } from "./answers";
import { relevantSteps } from "./criteria";
import { eligibilityMachine, isAnswered, type JoinGroup, type PageMeta, type WizardStep } from "./eligibility";
import { nextSnapshot, startSnapshot, type WizardSnapshot } from "./eligibility-steps";
import { fits } from "./matching";

/** A page of the wizard, the start page before it, or the outcome after it. */
export type WizardPlace = WizardStep | "start" | "outcome";

/** The pages a URL can name, in the order they come. */
export const PAGE_STEPS = [...QUESTION_STEPS, "place", "check"] as const satisfies readonly WizardStep[];

export function isPageStep(step: string | undefined): step is WizardStep {
  return (PAGE_STEPS as readonly string[]).includes(step ?? "");
}

export function isQuestionStep(step: string | undefined): step is QuestionStep {
  return (QUESTION_STEPS as readonly string[]).includes(step ?? "");
}

/** Where a snapshot's person should be now. */
export function whereNow(snapshot: WizardSnapshot): WizardStep | "outcome" {
  return snapshot.status === "done" ? "outcome" : (snapshot.value as WizardStep);
}

/** The answers and area a page shows: the live context, or a finished wizard's output. */
export function answersOf(snapshot: WizardSnapshot): { answers: Answers; area: Area | null } {
  if (snapshot.status === "done" && snapshot.output) return { answers: snapshot.output.answers, area: snapshot.output.area };
  return { answers: snapshot.context.answers, area: snapshot.context.area };
}

/** Where a page's Back link leads, from its state's `meta.back` in the chart. */
export function backFrom(step: WizardStep, answers: Answers): WizardPlace {
  const back = (eligibilityMachine.root.states[step]?.meta as PageMeta | undefined)?.back;
  if (!back) throw new Error(`the chart's state ${step} names no Back`);
  if (back !== "lastQuestion") return back;
  return relevantSteps(answers).at(-1) ?? "experience";
}

export type PageAnswer =
  /** Show `step`; `changing` when one answer is being changed from check (or from the outcome). */
  | { show: WizardStep; changing: boolean; back: WizardPlace }
  /** Show another page in its place. */
  | { redirect: WizardPlace };

/**
 * Whether `requested` may be shown to the person whose wizard is `snapshot`
 * (null: they have none yet), and if not, where they belong. `changing` is
 * the page's `?change=check`.
 *
 * A page is shown when it is where the person is, when it is a question
 * they have answered that still matters (the browser's Back button), or
 * when it is the location question while they choose among places of that
 * name. A finished wizard shows only a question being changed from its outcome.
 */
export function pageFor(snapshot: WizardSnapshot | null, requested: WizardStep, changing: boolean): PageAnswer {
  if (!snapshot) return requested === "experience" ? { show: requested, changing: false, back: "start" } : { redirect: "start" };
  const { answers } = answersOf(snapshot);
  if (snapshot.status === "done") {
    return changing && isQuestionStep(requested) && relevantSteps(answers).includes(requested)
      ? { show: requested, changing: true, back: "outcome" }
      : { redirect: "outcome" };
  }
  const current = snapshot.value as WizardStep;
  const revisit = isQuestionStep(requested) && isAnswered(snapshot.context, requested) && relevantSteps(answers).includes(requested);
  // Choosing among places is part of the location question, which may be answered again from there.
  const retype = requested === "location" && current === "place";
  if (requested === current || revisit || retype) {
    const changingHere = changing && isQuestionStep(requested) && current === "check";
    return { show: requested, changing: changingHere, back: changingHere ? "check" : backFrom(requested, answers) };
  }
  // The place choice belongs to the location question: once made, Back lands on that question.
  if (requested === "place" && isAnswered(snapshot.context, "location") && relevantSteps(answers).includes("location")) return { redirect: "location" };
  return { redirect: whereNow(snapshot) };
}

/**
 * The snapshot an answer to `step` is sent to, or where to go instead.
 * Without a wizard only the first question starts one; a finished wizard
 * takes an answer only as a change from its outcome, reopened at check from
 * its answers; at check, a change names the question first.
 */
export function beforeAnswer(snapshot: WizardSnapshot | null, step: QuestionStep | "place", changing: boolean): { snapshot: WizardSnapshot } | { redirect: WizardPlace } {
  let s: WizardSnapshot;
  if (!snapshot) {
    if (step !== "experience") return { redirect: "start" };
    s = startSnapshot();
  } else if (snapshot.status === "done") {
    if (!changing || step === "place") return { redirect: "outcome" };
    s = startSnapshot({ ...answersOf(snapshot), joinGroup: snapshot.context.joinGroup });
  } else {
    s = snapshot;
  }
  if (changing && step !== "place" && s.matches("check")) s = nextSnapshot(s, { type: "change", step }) ?? s;
  return { snapshot: s };
}

/** The group whose join form a finished wizard leads to: the one the person came from, when they fit. */
export function handOver(snapshot: WizardSnapshot): JoinGroup | null {
  const chosen = snapshot.context.joinGroup;
  return snapshot.status === "done" && snapshot.output && chosen && fits(snapshot.output.reasons) ? chosen : null;
}
