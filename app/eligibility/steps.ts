/** The wizard's URLs: one per page of the chart (machines/eligibility-pages.ts). Emailed links use them, so they stay. */
import type { QuestionStep } from "../../machines/answers";
import type { WizardStep } from "../../machines/eligibility";
import type { WizardPlace } from "../../machines/eligibility-pages";

export const WIZARD_BASE = "/eligibility";
export const stepPath = (step: WizardStep) => `${WIZARD_BASE}/${step}`;
export const OUTCOME_PATH = `${WIZARD_BASE}/outcome`;
export const changePath = (step: QuestionStep) => `${stepPath(step)}?change=check`;

/** The URL of a place in the chart: the start page, a step's page or the outcome. */
export function placePath(place: WizardPlace): string {
  return place === "start" ? WIZARD_BASE : place === "outcome" ? OUTCOME_PATH : stepPath(place);
}
